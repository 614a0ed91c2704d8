/**
 * Nothing lost, nothing doubled, whatever way the logs arrive: a folder, a .tgz, the
 * .tgz renamed, stdin, or a directory the worker followed through rotations. A source is
 * known by its content and owner, not by its path (src/ingest/source-resolver.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LogWorker } from '../src/worker/log-worker.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { formatUtcUs } from '../src/time/zone.js';
import { runIngest, SEED_BUNDLE, tmpDir, withStore } from './helpers.js';

/** Every event as `events` prints it, sorted: what "the same answer" means. */
async function dump(store: EventStore): Promise<string[]> {
  return (await store.queryEvents({})).map((e) => JSON.stringify({ ...e, time: formatUtcUs(e.tsUs) })).sort();
}

/** The seed bundle as a .tgz whose members sit under `seed-incident/`, as `tar czf x.tgz seed-incident` makes. */
function seedTgz(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('tar', ['--sort=name', '-czf', path, '-C', join(SEED_BUNDLE, '..'), 'seed-incident']);
  return path;
}

const TZ = { tz: 'Asia/Shanghai' };

test('folder, .tgz, renamed .tgz and stdin: each into a fresh store gives the same event dump', async () => {
  const dir = tmpDir();
  const tgz = seedTgz(dir, 'seed.tgz');
  copyFileSync(tgz, join(dir, 'seed (1).tgz'));
  const routes: [string, (s: EventStore) => Promise<unknown>][] = [
    ['folder', (s) => runIngest(s, [SEED_BUNDLE], TZ)],
    ['folder, from its parent', (s) => runIngest(s, [join(SEED_BUNDLE, '..', 'seed-incident')], TZ)],
    ['.tgz', (s) => runIngest(s, [tgz], TZ)],
    ['renamed .tgz', (s) => runIngest(s, [join(dir, 'seed (1).tgz')], TZ)],
    ['stdin', (s) => runIngest(s, ['-'], { ...TZ, stdin: Readable.from([readFileSync(tgz)]) })],
  ];
  const dumps = new Map<string, string[]>();
  for (const [name, route] of routes) dumps.set(name, await withStore(async (s) => (await route(s), dump(s))));
  const folder = dumps.get('folder')!;
  assert.equal(folder.length, 66, '53 events and 13 instance starts');
  for (const [name, d] of dumps) assert.deepEqual(d, folder, name);
});

test('folder, then .tgz, then the renamed .tgz, then stdin into one store: read once', async () => {
  const dir = tmpDir();
  const tgz = seedTgz(dir, 'seed.tgz');
  copyFileSync(tgz, join(dir, 'seed (1).tgz'));
  await withStore(async (store) => {
    await runIngest(store, [SEED_BUNDLE], TZ);
    const once = await dump(store);
    for (const path of [tgz, join(dir, 'seed (1).tgz')]) {
      const r = await runIngest(store, [path], TZ);
      assert.equal(r.files.unchanged, 17, `${path}: every log is the one already stored`);
      assert.deepEqual(await dump(store), once);
    }
    await runIngest(store, ['-'], { ...TZ, stdin: Readable.from([readFileSync(tgz)]) });
    assert.deepEqual(await dump(store), once, 'stdin');
    const sources = await store.loadCheckpoints();
    assert.equal(sources.size, 17);
  });
});

test('one copy of a file twice in one bundle is read once, the other named as a duplicate', async () => {
  const dir = tmpDir();
  execFileSync('cp', ['-r', SEED_BUNDLE, join(dir, 'a')]);
  const f = '172_17_57_24/192_168_57_24_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zookeeper/zookeeper.log';
  copyFileSync(join(dir, 'a', f), join(dir, 'a', f + '.copy'));
  await withStore(async (store) => {
    const r = await runIngest(store, [join(dir, 'a')], TZ);
    assert.deepEqual(
      r.skippedFiles.filter((s) => s.reason === 'duplicate').map((s) => s.detail),
      [`same content as ${f}`],
    );
    assert.equal((await store.queryEvents({ kinds: ['zk.server.state'] })).length, 13);
  });
});

const ping = (t: string, ip: string): string =>
  `W0818 ${t} 7 data_channel_manager.cc:240] Fail to ping : ${ip}:10201 ping error times: 1 st:\n`;

test('two pipes into one store keep both: different content, or the same content for two nodes', async () => {
  await withStore(async (store) => {
    const a = ping('12:00:00.000000', '10.0.0.9');
    const b = ping('12:00:01.000000', '10.0.0.9');
    await runIngest(store, ['-'], { stdin: Readable.from([Buffer.from(a)]), overrides: { node: 'A' } });
    await runIngest(store, ['-'], { stdin: Readable.from([Buffer.from(b)]), overrides: { node: 'B' } });
    await runIngest(store, ['-'], { stdin: Readable.from([Buffer.from(a)]), overrides: { node: 'C' } });
    const events = await store.queryEvents({ kinds: ['peer.link_down'] });
    assert.deepEqual(events.map((e) => e.node).sort(), ['A', 'B', 'C']);
    // The same pipe again adds nothing.
    await runIngest(store, ['-'], { stdin: Readable.from([Buffer.from(a)]), overrides: { node: 'A' } });
    assert.equal((await store.queryEvents({ kinds: ['peer.link_down'] })).length, 3);
  });
});

test('two files of one name given directly keep both, run after run', async () => {
  const dir = tmpDir();
  const zk = (t: string, state: string): string =>
    `2022-08-18 ${t} [myid:1] - INFO  [QuorumPeer[myid=1]:QuorumPeer@1] - Peer state changed: ${state}\n`;
  mkdirSync(join(dir, '.24'));
  mkdirSync(join(dir, '.25'));
  writeFileSync(join(dir, '.24', 'zookeeper.log'), zk('12:00:00,000', 'looking') + zk('12:00:01,000', 'following'));
  writeFileSync(
    join(dir, '.25', 'zookeeper.log'),
    zk('12:00:00,500', 'looking') + zk('12:00:01,500', 'leading') + zk('12:00:02,000', 'leading - broadcast'),
  );
  await withStore(async (store) => {
    for (let run = 0; run < 3; run++) {
      await runIngest(store, [join(dir, '.24', 'zookeeper.log'), join(dir, '.25', 'zookeeper.log')]);
      assert.equal((await store.queryEvents({ kinds: ['zk.server.state'] })).length, 5, `run ${run + 1}`);
    }
  });
});

test('ingest of a directory the worker followed through a rotation adds nothing', async () => {
  const dir = tmpDir();
  const logs = join(dir, '10_0_0_1', 'zbs_logs', 'zookeeper');
  mkdirSync(logs, { recursive: true });
  const zk = (i: number): string =>
    `2024-03-01 10:00:${String(i).padStart(2, '0')},000 [myid:1] - INFO  [QuorumPeer[myid=1]:QuorumPeer@742] - Peer state changed: following - broadcast\n`;
  writeFileSync(join(logs, 'zookeeper.log'), zk(1) + zk(2));
  const url = `duckdb:${join(tmpDir(), 's.duckdb')}`;
  const worker = new LogWorker({
    dirs: [dir],
    openStore: () => openStore(url),
    releaseStoreBetweenPolls: true,
    intervalMs: 50,
    log: () => undefined,
  });
  await worker.poll();
  renameSync(join(logs, 'zookeeper.log'), join(logs, 'zookeeper.log.1'));
  writeFileSync(join(logs, 'zookeeper.log'), zk(3));
  await worker.poll();
  const store = await openStore(url);
  try {
    const before = await dump(store);
    assert.equal(before.length, 3);
    const r = await runIngest(store, [dir]);
    assert.equal(r.files.unchanged, 2);
    assert.deepEqual(await dump(store), before);
  } finally {
    await store.close();
  }
});

test('a wrong zone is contradicted by the crash dump, said, and fixed with --rezone without deleting the store', async () => {
  await withStore(async (store) => {
    const wrong = await runIngest(store, [SEED_BUNDLE], { tz: 'America/Chicago' });
    assert.equal(wrong.zoneWarnings.length, 1);
    const w = wrong.zoneWarnings[0]!;
    assert.deepEqual([w.zoneOffset, w.impliedOffset, w.line], ['-05:00', '+08:00', 8], 'the F record whose dump says Aborted at');
    assert.match(w.message, /zbs-metad\.log\.20220818-120012\.30100:8: .*UTC\+08:00.*America\/Chicago/);
    const crashAt = async (): Promise<string> => formatUtcUs((await store.queryEvents({ kinds: ['process.crash'] }))[0]!.tsUs);
    assert.equal(await crashAt(), '2022-08-18T17:46:05.100000Z', '13 h off');

    const said = await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    assert.equal(said.files.unchanged, 17);
    assert.match(said.notices.join('\n'), /read in America\/Chicago, --tz says Asia\/Shanghai.*--rezone/);
    assert.equal(await crashAt(), '2022-08-18T17:46:05.100000Z', 'not re-timed without --rezone');

    const fixed = await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai', rezone: true });
    assert.equal(fixed.files.ingested, 17);
    assert.deepEqual(fixed.zoneWarnings, []);
    assert.equal(await crashAt(), '2022-08-18T04:46:05.100000Z');
    const fresh = await withStore(async (s2) => (await runIngest(s2, [SEED_BUNDLE], TZ), dump(s2)));
    assert.deepEqual(await dump(store), fresh, 'the same as a store read in the right zone from the start');
    assert.equal(await store.getClusterTimeZone('1dacc7b3-11ec-4afd-93c0-062544dc4e10'), 'Asia/Shanghai');
  });
});
