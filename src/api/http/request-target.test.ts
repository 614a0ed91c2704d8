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
    const want = new URL(raw, 'http://localhost');
    const got = requestTarget(raw);
    assert.deepEqual(
      { pathname: got.pathname, search: got.search, params: [...got.searchParams] },
      { pathname: want.pathname, search: want.search, params: [...want.searchParams] },
      raw,
    );
  }
  assert.equal(requestTarget(undefined).pathname, '/');
});
