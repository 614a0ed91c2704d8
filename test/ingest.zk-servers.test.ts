/**
 * Which ZooKeeper server wrote what, with no bundle layout and no --node: the real
 * 3.3.3 ensemble (test/fixtures/real-logs), the same three files pasted into one, and
 * small 3.4–3.9 / test-harness variants (test/fixtures/zookeeper-variants/SOURCES.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWindow } from '../src/derive/timeline-analysis.js';
import type { EventStore } from '../src/store/event-store.js';
import { formatUtcUs } from '../src/time/zone.js';
import { FIXTURES, runIngest, tmpDir, withStore } from './helpers.js';

const REAL33 = join(FIXTURES, 'real-logs/zookeeper-3.3.3-three-nodes');
const VARIANTS = join(FIXTURES, 'zookeeper-variants');

/** Leader, starts per node, restarts and node list of the one day the logs cover. */
async function ensemble(store: EventStore, day: number) {
  const a = await analyzeWindow(store, { fromUs: day, toUs: day + 86_400_000_000 });
  const starts = a.events
    .filter((e) => e.kind === 'process.start')
    .map((e) => `${e.node} ${formatUtcUs(e.tsUs)}`)
    .sort();
  return {
    leaders: a.elections.map((x) => x.leader),
    starts,
    restarts: a.restarts.length,
    nodes: [...new Set(a.events.map((e) => e.node))].sort(),
  };
}

test('ZooKeeper 3.3.3 ensemble without --node: three servers zk-myid-1..3, 3 leads, three starts and no restart', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [REAL33]);
    assert.equal(r.files.ingested, 3);
    assert.deepEqual(r.nodeFrom, { zk_myid: 3 });
    const got = await ensemble(store, Date.UTC(2025, 10, 3) * 1000);
    assert.deepEqual(got.nodes, ['zk-myid-1', 'zk-myid-2', 'zk-myid-3']);
    assert.deepEqual(got.leaders, ['zk-myid-3']);
    assert.deepEqual(got.starts, [
      'zk-myid-1 2025-11-03T01:07:52.450000Z',
      'zk-myid-2 2025-11-03T01:07:52.451000Z',
      'zk-myid-3 2025-11-03T01:07:52.449000Z',
    ]);
    assert.equal(got.restarts, 0, 'three servers starting, not two restarts of 2 ms');
    const nodes = (await store.listNodes()).map((n) => n.name);
    assert.deepEqual(nodes, ['zk-myid-1', 'zk-myid-2', 'zk-myid-3']);
  });
});

test('the three 3.3.3 logs pasted into one file: still three servers, each with its own start and lifecycle row', async () => {
  const dir = tmpDir('zk-pasted-');
  const file = join(dir, 'zookeeper.log');
  writeFileSync(file, Buffer.concat([1, 2, 3].map((n) => readFileSync(join(REAL33, `zk${n}.log`)))));
  await withStore(async (store) => {
    const r = await runIngest(store, [file]);
    assert.equal(r.files.ingested, 1);
    assert.deepEqual(r.nodeFrom, { zk_myid: 3 }, 'the file, named by its first server, and two more servers');
    const got = await ensemble(store, Date.UTC(2025, 10, 3) * 1000);
    assert.deepEqual(got.nodes, ['zk-myid-1', 'zk-myid-2', 'zk-myid-3']);
    assert.deepEqual(got.leaders, ['zk-myid-3']);
    assert.equal(got.starts.length, 3);
    assert.equal(got.restarts, 0);
    const events = await store.queryEvents({});
    assert.ok(
      events.every((e) => e.source === 'zookeeper.log'),
      'evidence points at the file itself',
    );
    const sources = (await store.listSources({})).map((s) => [s.source, s.node]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    assert.deepEqual(sources, [
      ['zookeeper.log', 'zk-myid-1'],
      ['zookeeper.log#zk-myid-2', 'zk-myid-2'],
      ['zookeeper.log#zk-myid-3', 'zk-myid-3'],
    ]);
    // Read again, unchanged: nothing doubles.
    const again = await runIngest(store, [file]);
    assert.equal(again.files.unchanged, 1);
    assert.equal((await store.queryEvents({})).length, events.length);
  });
});

test('ZooKeeper 3.4 to 3.9 shapes: each file is its own server, named by its myid', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [VARIANTS]);
    assert.equal(r.files.ingested, 7);
    const sources = (await store.listSources({})).filter((s) => s.source.startsWith('v3.'));
    const byFile = Object.fromEntries(sources.map((s) => [s.source.split('/')[0], [s.node, s.aliases]]));
    assert.deepEqual(byFile, {
      'v3.4': ['zk-myid-2', []],
      'v3.5': ['zk-myid-1', []],
      'v3.6': ['zk-myid-3', ['10.0.0.3:2181']],
      'v3.8': ['zk-myid-4', []],
      'v3.9': ['zk-myid-5', []],
    });
    const states = (await store.queryEvents({ kinds: ['zk.server.state'] })).filter((e) => e.source.startsWith('v3.'));
    assert.deepEqual(
      states.map((e) => [e.node, e.fields.state, e.fields.myid]).filter(([, s]) => s !== 'looking'),
      [
        ['zk-myid-2', 'following', 2],
        ['zk-myid-1', 'leading', 1],
        ['zk-myid-3', 'following', 3],
        ['zk-myid-4', 'leading', 4],
        ['zk-myid-5', 'following', 5],
      ],
    );
    const lost = (await store.queryEvents({ kinds: ['zk.server.leader_lost'] })).filter((e) => e.source.startsWith('v3.'));
    assert.deepEqual(
      lost.map((e) => e.node),
      ['zk-myid-3'],
    );
  });
});

test('heads glued to JUnit progress marks are records, counted as glued_head', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [join(VARIANTS, 'glued')]);
    assert.equal(r.files.ingested, 1);
    assert.equal(r.lineIssues.glued_head, 3);
    assert.equal(r.lineIssues.leading_junk, 2);
    assert.equal(r.records, 4);
    const events = await store.queryEvents({});
    assert.deepEqual(
      events.map((e) => [e.line, e.kind, e.node, e.message]),
      [
        [3, 'process.start', 'zk-myid-6', 'Starting quorum peer'],
        [4, 'zk.server.state', 'zk-myid-6', 'LOOKING'],
        [5, 'zk.server.state', 'zk-myid-6', 'LEADING'],
        [6, 'zk.server.state', 'zk-myid-6', 'LOOKING'],
      ],
    );
  });
});

test('a test harness: three peers of one JVM interleaved in one file are three servers, not restarts', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [join(VARIANTS, 'harness')]);
    assert.equal(r.files.ingested, 1);
    assert.equal(r.lineIssues.glued_head, 2);
    const got = await ensemble(store, Date.UTC(2020, 8, 10) * 1000);
    assert.deepEqual(got.nodes, ['zk-myid-1', 'zk-myid-2', 'zk-myid-3']);
    assert.deepEqual(got.starts, [
      'zk-myid-1 2020-09-10T04:39:03.010000Z',
      'zk-myid-2 2020-09-10T04:39:03.011000Z',
      'zk-myid-3 2020-09-10T04:39:03.012000Z',
    ]);
    assert.equal(got.restarts, 0);
    assert.deepEqual(got.leaders, ['zk-myid-3']);
    const lost = await store.queryEvents({ kinds: ['zk.server.leader_lost'] });
    assert.deepEqual(
      lost.map((e) => [e.node, e.line]),
      [['zk-myid-1', 17]],
    );
    const nodes = await store.listNodes();
    assert.deepEqual(
      nodes.map((n) => [n.name, n.aliases]),
      [
        ['zk-myid-1', ['127.0.0.1:11221']],
        ['zk-myid-2', ['127.0.0.1:11222']],
        ['zk-myid-3', ['127.0.0.1:11223']],
      ],
    );
  });
});
