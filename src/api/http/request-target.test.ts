import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestTarget } from './request-target.js';

test('requestTarget reads a target as new URL does, fast path or not', () => {
  const targets = [
    '/',
    '/graphql',
    '/metrics',
    '/graphql?query=%7B',
    '/GraphQL',
    '/graphql/',
    '/a/../graphql',
    '//graphql',
    '/%67raphql',
    '/graphql#x',
  ];
  for (const raw of targets) {
    const want = new URL(`http://localhost${raw}`);
    const got = requestTarget(raw);
    assert.deepEqual(
      { pathname: got.pathname, search: got.search, params: [...got.searchParams] },
      { pathname: want.pathname, search: want.search, params: [...want.searchParams] },
      raw,
    );
  }
  assert.equal(requestTarget(undefined).pathname, '/');
  assert.equal(requestTarget('//graphql').pathname, '//graphql', 'a path, not a host: no route answers it');
  assert.equal(requestTarget('http://h:4000/graphql?x=1').pathname, '/graphql', 'absolute form (proxies)');
});
