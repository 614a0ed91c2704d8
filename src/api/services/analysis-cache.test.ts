import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineAnalysis } from '../../derive/timeline-analysis.js';
import { AnalysisCache } from './analysis-cache.js';

const fake = (n: number) => async () => ({ nodes: [String(n)] }) as unknown as TimelineAnalysis;

test('analysis cache: a hit returns the first computation; a new key computes again', async () => {
  const c = new AnalysisCache(2);
  assert.deepEqual((await c.get('v1/a', fake(1))).nodes, ['1']);
  assert.deepEqual((await c.get('v1/a', fake(2))).nodes, ['1']);
  assert.deepEqual((await c.get('v2/a', fake(3))).nodes, ['3'], 'a new data version is a new key');
  assert.deepEqual([c.hits, c.misses], [1, 2]);
});

test('analysis cache: least recently used goes first; failures are not kept', async () => {
  const c = new AnalysisCache(2);
  await c.get('a', fake(1));
  await c.get('b', fake(2));
  await c.get('a', fake(9)); // a is now the most recent
  await c.get('c', fake(3)); // evicts b
  assert.deepEqual((await c.get('a', fake(9))).nodes, ['1']);
  assert.deepEqual((await c.get('b', fake(4))).nodes, ['4']);
  await assert.rejects(c.get('x', async () => Promise.reject(new Error('store gone'))));
  assert.deepEqual((await c.get('x', fake(5))).nodes, ['5']);
});
