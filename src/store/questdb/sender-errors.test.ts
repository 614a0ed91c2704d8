import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awayReason } from './sender-errors.js';

/** Errors as the client's stdlib and undici transports raise them. */
const withCode = (code: string, message = `connect ${code} 127.0.0.1:9000`): Error => Object.assign(new Error(message), { code });

const cases: { name: string; error: unknown; want: string | null }[] = [
  { name: 'connection refused: the server is down', error: withCode('ECONNREFUSED'), want: 'ECONNREFUSED' },
  { name: 'connection reset mid-request', error: withCode('ECONNRESET', 'socket hang up'), want: 'ECONNRESET' },
  { name: 'broken pipe while sending', error: withCode('EPIPE'), want: 'EPIPE' },
  { name: 'undici socket error', error: withCode('UND_ERR_SOCKET', 'other side closed'), want: 'UND_ERR_SOCKET' },
  {
    name: 'the client timed the request out',
    error: new Error('HTTP request timeout, no response from server in time'),
    want: 'no answer',
  },
  { name: 'a hang-up without a code', error: new Error('socket hang up'), want: 'no answer' },
  { name: 'server unavailable', error: new Error('HTTP request failed, statusCode=503, error='), want: 'HTTP 503' },
  { name: 'a proxy whose server is gone', error: new Error('HTTP request failed, statusCode=502, error=<html>'), want: 'HTTP 502' },
  // Refusals: sending again would be refused again.
  {
    name: 'invalid: a malformed row is refused',
    error: new Error('HTTP request failed, statusCode=400, error={"code":"invalid"}'),
    want: null,
  },
  { name: 'invalid: bad credentials', error: new Error('HTTP request failed, statusCode=401, error='), want: null },
  { name: 'invalid: an unknown host is a configuration error', error: withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND qdb'), want: null },
  { name: 'invalid: a programming error', error: new TypeError('x is not a function'), want: null },
  { name: 'invalid: not an error at all', error: 'a string', want: null },
  { name: 'invalid: nothing', error: undefined, want: null },
];

for (const c of cases) {
  test(`awayReason: ${c.name}`, () => assert.equal(awayReason(c.error), c.want));
}
