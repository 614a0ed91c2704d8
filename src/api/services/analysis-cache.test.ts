import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineAnalysis } from '../../derive/timeline-analysis.js';
import type { TimelineEvent } from '../../model/event.js';
import { AnalysisCache, analysisBytes, analysisCacheBytes } from './analysis-cache.js';

const analysis = (n: number, events: TimelineAnalysis['events'] = []) =>
  ({
    window: { fromUs: 0, toUs: 1 },
    events,
    sources: [],
    nodes: [String(n)],
    restarts: [],
    instances: [],
    links: [],
    outages: [],
    incidents: [],
    elections: [],
    metaLeaders: [],
    clockSkews: [],
    inTurns: async () => undefined,
  }) as TimelineAnalysis;
const fake = (n: number) => async () => analysis(n);
const eventWith = (e: Partial<TimelineEvent>): TimelineEvent => ({
  tsUs: 0,
  cluster: 'c',
  node: 'n',
  service: 's',
  pid: 1,
  kind: 'peer.link_down',
  level: 'W',
  source: 'f.log',
  line: 1,
  message: '',
  peer: 'p',
  fields: {},
  ...e,
});
/** Room for `n` of the fakes above. */
const room = (n: number) => n * analysisBytes(analysis(0));

test('analysis cache: a hit returns the first computation; a new key computes again', async () => {
  const c = new AnalysisCache(room(2));
  assert.deepEqual((await c.get('v1', 'a', fake(1))).nodes, ['1']);
  assert.deepEqual((await c.get('v1', 'a', fake(2))).nodes, ['1']);
  assert.deepEqual((await c.get('v2', 'a', fake(3))).nodes, ['3'], 'a new data version computes again');
  assert.deepEqual([c.hits, c.misses], [1, 2]);
});

test('analysis cache: a new data version drops every entry of the old one', async () => {
  const c = new AnalysisCache(room(8));
  await c.get('v1', 'a', fake(1));
  await c.get('v1', 'b', fake(2));
  await c.get('v2', 'a', fake(3));
  assert.deepEqual((await c.get('v1', 'b', fake(4))).nodes, ['4'], 'v1/b was dropped with v1');
  assert.deepEqual([c.hits, c.misses], [0, 4]);
});

test('analysis cache: least recently used goes first; failures are not kept', async () => {
  const c = new AnalysisCache(room(2));
  await c.get('v', 'a', fake(1));
  await c.get('v', 'b', fake(2));
  await c.get('v', 'a', fake(9)); // a is now the most recent
  await c.get('v', 'c', fake(3)); // evicts b
  assert.deepEqual((await c.get('v', 'a', fake(9))).nodes, ['1']);
  assert.deepEqual((await c.get('v', 'b', fake(4))).nodes, ['4']);
  await assert.rejects(c.get('v', 'x', async () => Promise.reject(new Error('store gone'))));
  assert.deepEqual((await c.get('v', 'x', fake(5))).nodes, ['5']);
});

test('analysis cache: bounded by bytes, so one big analysis evicts several small ones; one larger than the cache is not kept', async () => {
  const event = eventWith({ message: 'x'.repeat(1000) });
  const big = analysis(
    9,
    Array.from({ length: 3 }, () => ({ ...event })),
  );
  const c = new AnalysisCache(room(3) + analysisBytes(big) - 1);
  for (const k of ['a', 'b', 'c']) await c.get('v', k, fake(1));
  await c.get('v', 'big', async () => big);
  await c.get('v', 'a', fake(2));
  assert.deepEqual([c.hits, c.misses], [0, 5], 'a was evicted to make room for big');
  const tiny = new AnalysisCache(analysisBytes(big) - 1);
  await tiny.get('v', 'big', async () => big);
  await tiny.get('v', 'big', async () => big);
  assert.deepEqual([tiny.hits, tiny.misses], [0, 2]);
});

test('analysis cache: identical requests while one computes share it', async () => {
  const c = new AnalysisCache(room(2));
  let runs = 0;
  const slow = async () => (runs++, analysis(1));
  await Promise.all([c.get('v', 'a', slow), c.get('v', 'a', slow)]);
  assert.deepEqual([runs, c.hits], [1, 1]);
});

const sizes: [string, string | undefined, number | RegExp][] = [
  ['default', undefined, 64 * 1024 * 1024],
  ['zero keeps nothing', '0', 0],
  ['whole MiB', '16', 16 * 1024 * 1024],
  ['not a number', 'lots', /ZBS_ANALYSIS_CACHE_MB=lots is not a whole number of MiB/],
  ['negative', '-1', /is not a whole number/],
  ['fraction', '1.5', /is not a whole number/],
];
for (const [name, v, want] of sizes) {
  test(`analysisCacheBytes: ${name}`, () => {
    const env = v === undefined ? {} : { ZBS_ANALYSIS_CACHE_MB: v };
    if (typeof want === 'number') assert.equal(analysisCacheBytes(env), want);
    else assert.throws(() => analysisCacheBytes(env), want);
  });
}

test('analysis cache of size 0 computes every time', async () => {
  const c = new AnalysisCache(0);
  await c.get('v', 'a', fake(1));
  assert.deepEqual((await c.get('v', 'a', fake(2))).nodes, ['2']);
});

test('analysisBytes sizes an analysis without deriving its answers', () => {
  const lazy = { ...analysis(1) } as Record<string, unknown>;
  for (const k of ['restarts', 'instances', 'links', 'outages', 'incidents', 'elections', 'metaLeaders', 'clockSkews']) {
    Object.defineProperty(lazy, k, {
      get: () => assert.fail(`${k} was derived`),
    });
  }
  assert.equal(analysisBytes(lazy as unknown as TimelineAnalysis), analysisBytes(analysis(1)));
});

test('analysisBytes: many events are sized from a sample, within 2 % of counting each', () => {
  const events = Array.from({ length: 50_000 }, (_, i) =>
    eventWith({
      tsUs: i,
      source: `node${i % 7}/zbs-chunkd.log`,
      line: i,
      message: 'x'.repeat((i * 7919) % 400), // lengths spread over 0–399, in no order a stride follows
      peer: i % 3 ? '10.0.0.2:10201' : null,
      fields: i % 5 ? {} : { times: i },
    }),
  );
  const one = (e: TimelineEvent) => analysisBytes(analysis(0, [e])) - analysisBytes(analysis(0, []));
  const exact = events.reduce((sum, e) => sum + one(e), 0) + analysisBytes(analysis(0, []));
  const got = analysisBytes(analysis(0, events));
  assert.ok(Math.abs(got - exact) / exact < 0.02, `${got} against ${exact}`);
  const few = events.slice(0, 500);
  assert.equal(
    analysisBytes(analysis(0, few)),
    few.reduce((sum, e) => sum + one(e), 0) + analysisBytes(analysis(0, [])),
    'few: each counted',
  );
});
