import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineAnalysis } from '../../derive/timeline-analysis.js';
import { AnalysisCache } from './analysis-cache.js';

const fake = (n: number) => async () => ({ nodes: [String(n)] }) as unknown as TimelineAnalysis;

test('analysis cache: a hit returns the first computation; a new key computes again', async () => {
  const c = new AnalysisCache(2);
  assert.deepEqual((await c.get('v1', 'a', fake(1))).nodes, ['1']);
  assert.deepEqual((await c.get('v1', 'a', fake(2))).nodes, ['1']);
  assert.deepEqual((await c.get('v2', 'a', fake(3))).nodes, ['3'], 'a new data version computes again');
  assert.deepEqual([c.hits, c.misses], [1, 2]);
});

test('analysis cache: a new data version drops every entry of the old one', async () => {
  const c = new AnalysisCache(8);
  await c.get('v1', 'a', fake(1));
  await c.get('v1', 'b', fake(2));
  await c.get('v2', 'a', fake(3));
  assert.deepEqual((await c.get('v1', 'b', fake(4))).nodes, ['4'], 'v1/b was dropped with v1');
  assert.deepEqual([c.hits, c.misses], [0, 4]);
});

test('analysis cache: least recently used goes first; failures are not kept', async () => {
  const c = new AnalysisCache(2);
  await c.get('v', 'a', fake(1));
  await c.get('v', 'b', fake(2));
  await c.get('v', 'a', fake(9)); // a is now the most recent
  await c.get('v', 'c', fake(3)); // evicts b
  assert.deepEqual((await c.get('v', 'a', fake(9))).nodes, ['1']);
  assert.deepEqual((await c.get('v', 'b', fake(4))).nodes, ['4']);
  await assert.rejects(c.get('v', 'x', async () => Promise.reject(new Error('store gone'))));
  assert.deepEqual((await c.get('v', 'x', fake(5))).nodes, ['5']);
});
