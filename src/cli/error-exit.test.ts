import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogOpenError } from '../catalog/catalog-config.js';
import { CheckRulesError } from '../check/check-rules.js';
import { QueryInputError } from '../query/query-guard.js';
import { RuleFileError } from '../rules/rule-set.js';
import { StoreUnavailableError } from '../store/store-unavailable.js';
import { StoreConfigError } from '../store/store-url.js';
import { TimeZoneError } from '../time/zone.js';
import { describeError } from './error-exit.js';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const errno = (code: string, message: string): Error => Object.assign(new Error(message), { code });

const cases: { name: string; error: unknown; code: ExitCode; message: RegExp }[] = [
  {
    name: 'usage',
    error: new UsageError('--limit must be a whole number'),
    code: ExitCode.Usage,
    message: /^--limit must be a whole number$/,
  },
  { name: 'store URL', error: new StoreConfigError('unknown store "mysql"'), code: ExitCode.Usage, message: /^unknown store/ },
  { name: 'time zone', error: new TimeZoneError('unknown time zone "X"'), code: ExitCode.Usage, message: /^unknown time zone/ },
  { name: 'event rules', error: new RuleFileError('r.json: unknown kind "nope"'), code: ExitCode.Usage, message: /unknown kind/ },
  { name: 'assertions', error: new CheckRulesError('a.yaml: "version" must be 1'), code: ExitCode.Usage, message: /version/ },
  { name: 'query input', error: new QueryInputError('unknown node "x"', 'node'), code: ExitCode.Usage, message: /^unknown node "x"$/ },
  { name: 'a path', error: errno('ENOENT', "ENOENT: no such file or directory, open 'x/j.xml'"), code: ExitCode.Usage, message: /^ENOENT/ },
  {
    name: 'a busy port',
    error: errno('EADDRINUSE', 'listen EADDRINUSE: address already in use 127.0.0.1:4000'),
    code: ExitCode.Usage,
    message: /EADDRINUSE/,
  },
  {
    name: 'store unavailable',
    error: new StoreUnavailableError('QuestDB at http://h:9000 unreachable: ECONNREFUSED', 'unreachable'),
    code: ExitCode.StoreUnavailable,
    message: /^QuestDB/,
  },
  {
    name: 'catalog database unreachable',
    error: catalogOpenError('postgresql://u:pw@db:1/c', errno('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:1')),
    code: ExitCode.StoreUnavailable,
    message: /^catalog database postgresql:\/\/u:\*\*\*@db:1\/c unreachable: connect ECONNREFUSED/,
  },
  {
    name: 'catalog database refusing the configuration',
    error: catalogOpenError('postgresql://u:pw@db/nope', new Error('database "nope" does not exist')),
    code: ExitCode.Usage,
    message: /^catalog database postgresql:\/\/u:\*\*\*@db\/nope unusable: database "nope" does not exist$/,
  },
  {
    name: 'catalog database URL that does not parse',
    error: catalogOpenError('postgresql://u:pw@[::1:5432/c', new TypeError('Invalid URL')),
    code: ExitCode.Usage,
    message: /unusable: Invalid URL$/,
  },
  {
    name: 'a bug: first line only',
    error: new TypeError('x is undefined\nsecond line'),
    code: ExitCode.Internal,
    message: /^internal error: x is undefined$/,
  },
  { name: 'not an Error', error: 'boom', code: ExitCode.Internal, message: /^internal error: boom$/ },
];

for (const c of cases) {
  test(`describeError: ${c.name}`, async () => {
    const d = await describeError(c.error);
    assert.equal(d.code, c.code);
    assert.match(d.message, c.message);
  });
}
