import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { brief, runIngest, SEED_BUNDLE, tmpDir, withStore } from './helpers.js';

const TZ = 'Asia/Shanghai';

test('seed incident: every event at the right UTC time on the right node', async () => {
  await withStore(async (store) => {
    const report = await runIngest(store, [SEED_BUNDLE], { tz: TZ });
    assert.equal(report.files.ingested, 17);
    assert.deepEqual(report.files.skipped, { not_a_log: 1 }); // the fixture's README
    assert.deepEqual(report.missingInputs, []);
    const events = await store.queryEvents({});
    const lines = events.map(brief);
    // The seed's lines, verbatim in the fixture, in UTC (+08:00 → -8 h).
    for (const want of [
      '2022-08-18T04:46:00.433372Z 172.17.57.26 zbs-chunkd peer.link_down 172.17.57.24:10201',
      '2022-08-18T04:46:00.490715Z 172.17.57.27 zbs-chunkd peer.link_down 172.17.57.25:10201',
      '2022-08-18T04:46:03.036484Z 172.17.57.25 zbs-chunkd peer.link_down 172.17.57.27:10201',
      '2022-08-18T04:47:09.651540Z 172.17.57.24 zbs-chunkd peer.link_up 172.17.57.25:10201',
      '2022-08-18T04:47:55.590867Z 172.17.57.25 zbs-chunkd peer.link_up 172.17.57.24:10201',
      '2022-08-18T04:46:03.922333Z 172.17.57.24 zbs-metad zk.client.socket_error 172.17.57.24:2181',
      '2022-08-18T04:45:55.903000Z 172.17.57.24 zookeeper zk.server.leader_lost -',
      '2022-08-18T04:46:00.955000Z 172.17.57.25 zookeeper zk.server.state -',
      '2022-08-18T04:46:09.990000Z 172.17.57.25 zookeeper zk.server.state -',
    ]) {
      assert.ok(
        lines.some((l) => l.startsWith(want)),
        `missing: ${want}`,
      );
    }
    assert.equal(events.filter((e) => e.kind === 'peer.link_down').length, 12, 'the 12 `times: 1` lines of the seed');
    assert.equal(events.filter((e) => e.kind === 'peer.link_up').length, 13, 'the 13 back-to-normal lines of the seed');
    // 12:00 local: zbs-metad stopped and started again on every node.
    const starts = events.filter(
      (e) =>
        e.kind === 'process.start' &&
        e.service === 'zbs-metad' &&
        e.tsUs >= Date.UTC(2022, 7, 18, 3, 59) * 1000 &&
        e.tsUs < Date.UTC(2022, 7, 18, 4, 1) * 1000,
    );
    assert.deepEqual(starts.map((e) => e.node).sort(), ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27']);
    const crash = events.find((e) => e.kind === 'process.crash')!;
    assert.equal(crash.node, '172.17.57.24');
    assert.equal(crash.fields.unixTime, 1660797965, 'glog dump clock');
    assert.equal(crash.tsUs / 1e6, 1660797965.1, 'the dump agrees with the zone');
    // Evidence: file and line point at the raw log.
    const down = events.find((e) => e.kind === 'peer.link_down' && e.node === '172.17.57.26')!;
    assert.equal(
      down.source,
      '172_17_57_26/192_168_57_26_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-chunkd/zbs-chunkd.log.20220815-184059.24081',
    );
    assert.equal(down.line, 7);
    // Lifecycle of each file.
    const sources = await store.listSources({});
    const crashed = sources.find((s) => s.source.endsWith('zbs-metad.log.20220818-120012.30100'))!;
    assert.equal(crashed.endKind, 'crash');
    assert.equal(crashed.pid, 30100);
    assert.equal(crashed.yearSource, 'header');
    assert.deepEqual(crashed.aliases, ['192.168.57.24', 'node57-24']);
    assert.equal(sources.find((s) => s.source.endsWith('zbs-metad.log.20220815-182950.18500'))!.endKind, 'stop');
    assert.equal(await store.getClusterTimeZone('1dacc7b3-11ec-4afd-93c0-062544dc4e10'), TZ);
  });
});

test('re-ingesting the same bundle adds nothing; the zone is remembered', async () => {
  await withStore(async (store) => {
    await runIngest(store, [SEED_BUNDLE], { tz: TZ });
    const before = (await store.queryEvents({})).map(brief);
    const again = await runIngest(store, [SEED_BUNDLE]); // no --tz: the remembered zone applies
    assert.equal(again.files.unchanged, 17);
    assert.equal(again.files.ingested, 0);
    assert.deepEqual((await store.queryEvents({})).map(brief), before);
  });
});

test('a file that grew adds only its new records', async () => {
  const dir = tmpDir();
  const bundle = join(dir, 'bundle');
  cpSync(SEED_BUNDLE, bundle, { recursive: true });
  await withStore(async (store) => {
    await runIngest(store, [bundle], { tz: TZ });
    const before = await store.queryEvents({});
    const file = join(
      bundle,
      '172_17_57_26/192_168_57_26_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-chunkd/zbs-chunkd.log.20220815-184059.24081',
    );
    appendFileSync(
      file,
      'W0818 13:10:00.000001 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.25:10201 ping error times: 1 st:\nTraceback:\n',
    );
    const r = await runIngest(store, [bundle]);
    assert.equal(r.files.ingested, 1);
    assert.equal(r.files.unchanged, 16);
    const after = await store.queryEvents({});
    assert.equal(after.length, before.length + 1);
    const added = after.find((e) => e.tsUs === Date.UTC(2022, 7, 18, 5, 10) * 1000 + 1)!;
    assert.equal(added.kind, 'peer.link_down');
    assert.equal(added.message, 'Fail to ping : 172.17.57.25:10201 ping error times: 1 st:\nTraceback:');
    const keys = after.map((e) => `${e.source}#${e.line}#${e.kind}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicates');
  });
});

test('a .tar.gz of the bundle, read as a stream, gives the same events', async () => {
  const dir = tmpDir();
  const archive = join(dir, 'bundle.tgz');
  execFileSync('tar', ['-czf', archive, '-C', SEED_BUNDLE, '.']);
  const fromDir = await withStore(async (store) => {
    await runIngest(store, [SEED_BUNDLE], { tz: TZ });
    return (await store.queryEvents({})).map((e) => `${brief(e)} ${e.source}`);
  });
  const fromTar = await withStore(async (store) => {
    const r = await runIngest(store, [archive], { tz: TZ });
    assert.equal(r.files.ingested, 17);
    return (await store.queryEvents({})).map((e) => `${brief(e)} ${e.source.replace(/^bundle\.tgz!\//, '')}`);
  });
  assert.deepEqual(fromTar, fromDir);
});

test('stdin: a single log piped in', async () => {
  const { Readable } = await import('node:stream');
  await withStore(async (store) => {
    const text = 'W0818 12:46:00.433372 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.24:10201 ping error times: 1 st:\n';
    const r = await runIngest(store, ['-'], {
      stdin: Readable.from([Buffer.from(text)]),
      overrides: { node: '172.17.57.26', service: 'zbs-chunkd' },
    });
    assert.equal(r.files.ingested, 1);
    assert.deepEqual(r.yearAssumed, ['stdin'], 'no header, no dated name: the year is said to be assumed');
    const [e] = await store.queryEvents({});
    assert.equal(e!.node, '172.17.57.26');
    assert.equal(e!.source, 'stdin');
  });
});
