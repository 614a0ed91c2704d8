import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStoreTimeout } from './store-timeout.js';
import { UsageError } from './usage-error.js';

const cases: { name: string; value: string | undefined; want: number | 'usage' }[] = [
  { name: 'not given: the default minute', value: undefined, want: 60_000 },
  { name: 'whole seconds', value: '5', want: 5_000 },
  { name: 'a fraction', value: '0.5', want: 500 },
  { name: 'a day at most', value: '86400', want: 86_400_000 },
  { name: 'invalid: zero would never wait', value: '0', want: 'usage' },
  { name: 'invalid: negative', value: '-3', want: 'usage' },
  { name: 'invalid: not a number', value: '5s', want: 'usage' },
  { name: 'invalid: empty', value: '', want: 'usage' },
  { name: 'invalid: more than a day', value: '86401', want: 'usage' },
];

for (const c of cases) {
  test(`parseStoreTimeout: ${c.name}`, () => {
    if (c.want === 'usage') assert.throws(() => parseStoreTimeout(c.value), UsageError);
    else assert.equal(parseStoreTimeout(c.value), c.want);
  });
}
