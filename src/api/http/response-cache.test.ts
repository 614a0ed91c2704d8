import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerOf, cacheKey, canonicalJson, notModified, ResponseCache, textCacheKey } from './response-cache.js';
import { CacheResult } from './metrics.js';

test('cache keys: key order and absent fields do not matter; values, scopes and Accept do, table', () => {
  const base = cacheKey('1', 'read', '', { query: 'q', variables: { a: 1, b: { c: 2, d: 3 } } });
  const cases: [string, string, boolean][] = [
    ['keys reordered', cacheKey('1', 'read', '', { variables: { b: { d: 3, c: 2 }, a: 1 }, query: 'q', operationName: undefined }), true],
    ['another value', cacheKey('1', 'read', '', { query: 'q', variables: { a: 2, b: { c: 2, d: 3 } } }), false],
    ['another version', cacheKey('2', 'read', '', { query: 'q', variables: { a: 1, b: { c: 2, d: 3 } } }), false],
    ['other scopes', cacheKey('1', '*', '', { query: 'q', variables: { a: 1, b: { c: 2, d: 3 } } }), false],
    [
      'other Accept',
      cacheKey('1', 'read', 'application/graphql-response+json', { query: 'q', variables: { a: 1, b: { c: 2, d: 3 } } }),
      false,
    ],
  ];
  for (const [what, key, same] of cases) assert.equal(key === base, same, what);
  assert.equal(canonicalJson([{ z: null, a: [1, 'x'] }]), '[{"a":[1,"x"],"z":null}]');
});

test('ETags: only for answers without errors; If-None-Match forms, table', () => {
  const ok = answerOf(200, {}, '{"data":{"x":1}}');
  assert.match(ok.etag!, /^"[\w-]+"$/);
  assert.equal(answerOf(200, {}, '{"errors":[{"message":"m"}],"data":null}').etag, null);
  assert.equal(answerOf(400, {}, '{"data":null}').etag, null);
  const cases: [string | undefined, boolean][] = [
    [undefined, false],
    [ok.etag!, true],
    [`W/${ok.etag}`, true],
    [`"other", ${ok.etag}`, true],
    ['*', true],
    ['"other"', false],
  ];
  for (const [header, want] of cases) assert.equal(notModified(header, ok.etag), want, String(header));
});

test('response cache: kept by bytes; identical requests in flight share one execution', async () => {
  const cache = new ResponseCache(4096);
  let runs = 0;
  const exec = (body: string) => async () => (runs++, answerOf(200, {}, body));
  const [a, b] = await Promise.all([cache.answer('k', exec('{"data":1}')), cache.answer('k', exec('{"data":2}'))]);
  assert.deepEqual([a.result, b.result, runs], [CacheResult.Miss, CacheResult.Coalesced, 1]);
  assert.equal((await cache.answer('k', exec('{"data":3}'))).answer.body.toString(), '{"data":1}');
  await cache.answer('big', exec(`{"data":"${'x'.repeat(1000)}"}`)); // over an eighth of the cache: not kept
  assert.equal((await cache.answer('big', exec('{"data":4}'))).result, CacheResult.Miss);
  assert.ok(cache.size <= 4096);
  assert.equal((await cache.answer(null, exec('{"data":5}'))).result, CacheResult.Bypass);
});

test('response cache: a request text answered once finds its kept answer, table', async () => {
  const cache = new ResponseCache(4096);
  const text = textCacheKey('1', '*', '', 'application/json', '{"query":"{ a }"}');
  assert.equal(cache.byText(text), undefined, 'nothing answered yet');
  cache.rememberText(text, 'k', 'Op');
  assert.equal(cache.byText(text), undefined, 'no answer kept under the key: nothing remembered');
  await cache.answer('k', async () => answerOf(200, {}, '{"data":1}'));
  cache.rememberText(text, 'k', 'Op');
  const found = cache.byText(text);
  assert.deepEqual([found?.answer.body.toString(), found?.operation], ['{"data":1}', 'Op']);
  const others: [string, string][] = [
    ['another version', textCacheKey('2', '*', '', 'application/json', '{"query":"{ a }"}')],
    ['other scopes', textCacheKey('1', 'read', '', 'application/json', '{"query":"{ a }"}')],
    ['other Accept', textCacheKey('1', '*', 'application/graphql-response+json', 'application/json', '{"query":"{ a }"}')],
    ['other content type', textCacheKey('1', '*', '', 'text/plain', '{"query":"{ a }"}')],
    ['other text', textCacheKey('1', '*', '', 'application/json', '{"query": "{ a }"}')],
  ];
  for (const [what, key] of others) assert.equal(cache.byText(key), undefined, what);
  assert.equal(new ResponseCache(0).byText(text), undefined, 'a cache that keeps nothing');
});
