/** Real logs written by other people's systems (see test/fixtures/real-logs/SOURCES.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatUtcUs } from '../src/time/zone.js';
import { deriveZkElections } from '../src/derive/leadership.derive.js';
import { FIXTURES, runIngest, withStore } from './helpers.js';

const REAL = join(FIXTURES, 'real-logs');

test('ZooKeeper 3.3.3 ensemble: server 3 leads from 01:07:52.699; quorum peers start at 01:07:52.45', async () => {
  await withStore(async (store) => {
    for (const n of [1, 2, 3]) {
      const r = await runIngest(store, [join(REAL, `zookeeper-3.3.3-three-nodes/zk${n}.log`)], { overrides: { node: `zk${n}` } });
      assert.equal(r.files.ingested, 1);
      assert.equal(r.lineIssues.leading_junk, 4, 'the four zkServer.sh banner lines');
    }
    const states = await store.queryEvents({ kinds: ['zk.server.state'] });
    const leading = states.filter((e) => e.fields.state === 'leading');
    assert.deepEqual(
      leading.map((e) => [e.node, formatUtcUs(e.tsUs), e.fields.myid, e.fields.via ?? null]),
      [
        ['zk3', '2025-11-03T01:07:52.699000Z', 3, null],
        ['zk3', '2025-11-03T01:07:52.757000Z', 3, 'quorum_of_supporters'],
      ],
    );
    const elections = deriveZkElections(states);
    assert.deepEqual(
      elections.map((x) => [formatUtcUs(x.startUs), x.endUs === null ? null : formatUtcUs(x.endUs), x.leader, x.leaderMyid]),
      [['2025-11-03T01:07:52.479000Z', '2025-11-03T01:07:52.699000Z', 'zk3', 3]],
    );
    const following = states
      .filter((e) => e.fields.state === 'following')
      .map((e) => e.node)
      .sort();
    assert.deepEqual(following, ['zk1', 'zk2']);
    const starts = await store.queryEvents({ kinds: ['process.start'] });
    assert.equal(starts.length, 3);
    for (const s of starts) assert.ok(Math.abs(s.tsUs - Date.UTC(2025, 10, 3, 1, 7, 52, 450) * 1000) <= 5000, formatUtcUs(s.tsUs));
  });
});

test('glog from Apollo: the year comes from the header; the F record is a crash; so is a start-up failure ending in E records', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [join(REAL, 'glog-apollo')], { overrides: { node: 'car' } });
    assert.equal(r.files.ingested, 4);
    assert.deepEqual(r.yearAssumed, []);
    const crashes = await store.queryEvents({ kinds: ['process.crash'] });
    assert.deepEqual(
      crashes.map((e) => [formatUtcUs(e.tsUs), e.service, e.pid, e.line, e.fields.reason]),
      [
        ['2023-11-09T00:19:02.649106Z', 'control', 58754, 11, 'fatal'],
        ['2024-08-29T09:53:25.753144Z', 'mainboard', 54214, 36, 'error_tail'], // `module start error.`, the last of three E records
      ],
    );
    const sources = await store.listSources({});
    assert.ok(sources.every((s) => s.yearSource === 'header'));
    const control = sources.find((s) => s.service === 'control')!;
    assert.equal(control.endKind, 'crash');
    assert.equal(sources.find((s) => s.source.includes('Wai-Ngai'))!.endKind, 'crash');
    assert.equal(sources.find((s) => s.source.includes('AlessandroToschi'))!.endKind, 'none');
    const perception = sources.find((s) => s.source.includes('AlessandroToschi'))!;
    assert.equal(formatUtcUs(perception.firstTsUs!).slice(0, 4), '2019');
    // One process (pid 58754) across two files: one process start, not two.
    const starts = (await store.queryEvents({ kinds: ['process.start'] })).filter((e) => e.pid === 58754);
    assert.equal(starts.length, 2, 'mainboard and control are two programs of pid 58754');
  });
});
