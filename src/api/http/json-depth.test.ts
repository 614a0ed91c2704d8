import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDeeperThan, MAX_JSON_DEPTH, tooDeep } from './json-depth.js';

const arrays = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
const objects = (n: number): unknown => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n));

test('jsonDeeperThan: levels counted without recursion, table', () => {
  const cases: { name: string; value: unknown; max: number; want: boolean }[] = [
    { name: 'a scalar is 0 levels', value: 'x', max: 0, want: false },
    { name: 'null is 0 levels', value: null, max: 0, want: false },
    { name: '[] is 1 level', value: [], max: 0, want: true },
    { name: '[] within 1', value: [], max: 1, want: false },
    { name: '{"a":[1]} is 2 levels', value: { a: [1] }, max: 1, want: true },
    { name: '{"a":[1]} within 2', value: { a: [1] }, max: 2, want: false },
    { name: 'the deepest branch counts, not the first', value: [1, { a: 2 }, [[[]]]], max: 3, want: true },
    { name: 'wide but shallow', value: Array.from({ length: 10_000 }, () => ({ a: [1] })), max: 3, want: false },
    { name: '64 nested arrays within 64', value: arrays(64), max: 64, want: false },
    { name: '65 nested arrays', value: arrays(65), max: 64, want: true },
    { name: '400 000 nested arrays: no stack overflow', value: arrays(400_000), max: 64, want: true },
    { name: '150 000 nested objects: no stack overflow', value: objects(150_000), max: 64, want: true },
  ];
  for (const c of cases) assert.equal(jsonDeeperThan(c.value, c.max), c.want, c.name);
});

test('tooDeep: names the field nested too deeply, table', () => {
  const deep = arrays(MAX_JSON_DEPTH + 1);
  const cases: { name: string; body: unknown; want: string | null }[] = [
    { name: 'an ordinary request', body: { query: '{ a }', variables: { w: { from: 'x', to: 'y' } } }, want: null },
    { name: 'variables at the limit', body: { query: 'q', variables: { a: arrays(MAX_JSON_DEPTH - 1) } }, want: null },
    {
      name: 'variables past the limit',
      body: { query: 'q', variables: { a: arrays(MAX_JSON_DEPTH) } },
      want: 'variables nested deeper than 64 levels',
    },
    { name: 'extensions', body: { query: 'q', extensions: { a: deep } }, want: 'extensions nested deeper than 64 levels' },
    { name: 'operationName not a string', body: { query: 'q', operationName: deep }, want: 'operationName nested deeper than 64 levels' },
    { name: 'query not a string', body: { query: deep }, want: 'query nested deeper than 64 levels' },
    { name: 'another field', body: { query: 'q', other: deep }, want: 'the request body nested deeper than 64 levels' },
    {
      name: 'a batch (an array body)',
      body: [{ query: 'q', variables: { a: deep } }],
      want: 'the request body nested deeper than 64 levels',
    },
    { name: 'not JSON-parsed (a text body)', body: '[[[[', want: null },
  ];
  for (const c of cases) assert.equal(tooDeep(c.body), c.want, c.name);
});
