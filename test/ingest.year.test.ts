/**
 * The year of glog lines that carry none: never in the future, never invented silently,
 * always with where it came from (src/ingest/year-inference.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { formatUtcUs } from '../src/time/zone.js';
import { runIngest, tmpDir, withStore } from './helpers.js';

/** Writes a year-less glog excerpt with the given lines and mtime. */
function excerpt(dir: string, name: string, lines: string[], mtime: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  const t = new Date(mtime);
  utimesSync(path, t, t);
  return path;
}

const ping = (mmdd: string, time: string): string =>
  `W${mmdd} ${time}.000000  1234 data_channel_manager.cc:240] Fail to ping : 10.0.0.2:10201 ping error times: 1 st:`;

test('January lines of an old incident copied in December are not dated next year', async () => {
  await withStore(async (store, dir) => {
    excerpt(join(dir, 'b'), 'zbs-chunkd.INFO', [ping('0115', '10:00:01')], '2026-12-03T10:00:00Z');
    const r = await runIngest(store, [join(dir, 'b')]);
    const [e] = await store.queryEvents({});
    assert.equal(formatUtcUs(e!.tsUs), '2026-01-15T10:00:01.000000Z', 'the latest year that puts no record after the mtime');
    assert.deepEqual(r.yearAssumed, ['zbs-chunkd.INFO'], 'and it says the year is assumed');
    const c = r.sources[0]!;
    assert.deepEqual([c.year, c.yearFrom, c.service], [2026, 'mtime_assumed', 'zbs-chunkd']);
  });
});

test('a December file copied on Dec 3 is dated last December, never in the future', async () => {
  await withStore(async (store, dir) => {
    const path = excerpt(join(dir, 'b'), 'chunk.log', [ping('1210', '08:00:00'), ping('1211', '09:00:00')], '2026-12-03T12:00:00Z');
    await runIngest(store, [path]);
    const times = (await store.queryEvents({})).map((e) => formatUtcUs(e.tsUs));
    assert.deepEqual(times, ['2025-12-10T08:00:00.000000Z', '2025-12-11T09:00:00.000000Z']);
  });
});

test('a December → January excerpt rolls over once, ending before the mtime', async () => {
  await withStore(async (store, dir) => {
    const path = excerpt(join(dir, 'b'), 'chunk.log', [ping('1231', '23:59:59'), ping('0101', '00:00:01')], '2025-01-05T00:00:00Z');
    await runIngest(store, [path]);
    const times = (await store.queryEvents({})).map((e) => formatUtcUs(e.tsUs));
    assert.deepEqual(times, ['2024-12-31T23:59:59.000000Z', '2025-01-01T00:00:01.000000Z']);
  });
});

test('a ZooKeeper client timestamp nested in a [ZOO] line gives the year', async () => {
  await withStore(async (store, dir) => {
    const zoo =
      'I0115 15:26:55.014355  1234 main.cc:82] [ZOO] log_env:712 2024-01-15 15:26:55,014:1234(0x7f00):ZOO_INFO@log_env@712: Client environment:zookeeper.version=zookeeper C client 3.4.5';
    const path = excerpt(join(dir, 'b'), 'zbs-metad.INFO', [zoo, ping('0115', '15:27:00')], '2026-12-03T10:00:00Z');
    const r = await runIngest(store, [path], { tz: 'Asia/Shanghai' });
    const [e] = await store.queryEvents({ kinds: ['peer.link_down'] });
    assert.equal(formatUtcUs(e!.tsUs), '2024-01-15T07:27:00.000000Z');
    assert.deepEqual(r.yearAssumed, []);
    assert.deepEqual([r.sources[0]!.yearFrom, r.sources[0]!.yearDetail], ['nested_date', 'a full date on line 1']);
  });
});

test("a crash dump's `Aborted at <unix time>` gives the year", async () => {
  await withStore(async (store, dir) => {
    const lines = [
      ping('0818', '12:46:00'),
      'F0818 12:46:05.100000 30100 meta_server.cc:512] Check failed: zk_session_ok() zookeeper session expired',
      '*** Check failure stack trace: ***',
      '*** Aborted at 1660797965 (unix time) try "date -d @1660797965" if you are using GNU date ***',
    ];
    const path = excerpt(join(dir, 'b'), 'zbs-metad.INFO', lines, '2026-12-03T10:00:00Z');
    const r = await runIngest(store, [path], { tz: 'Asia/Shanghai' });
    const [crash] = await store.queryEvents({ kinds: ['process.crash'] });
    assert.equal(formatUtcUs(crash!.tsUs), '2022-08-18T04:46:05.100000Z');
    assert.equal(r.sources[0]!.yearFrom, 'nested_date');
  });
});

test('a sibling file of the same node with a known year and overlapping dates lends its year', async () => {
  await withStore(async (store, dir) => {
    const node = join(dir, 'bundle', '172_17_57_24', 'zbs_logs');
    const header = [
      'Log file created at: 2022/08/18 12:00:12',
      'Running on machine: node57-24',
      'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
    ];
    excerpt(
      join(node, 'zbs-metad'),
      'zbs-metad.log.20220818-120012.30100',
      [...header, 'I0818 12:00:12.000000 30100 main.cc:1] starting'],
      '2026-12-03T10:00:00Z',
    );
    excerpt(join(node, 'zbs-chunkd'), 'zbs-chunkd.INFO', [ping('0818', '12:46:00')], '2026-12-03T10:00:00Z');
    const r = await runIngest(store, [join(dir, 'bundle')]);
    const [e] = await store.queryEvents({ kinds: ['peer.link_down'] });
    assert.equal(formatUtcUs(e!.tsUs), '2022-08-18T12:46:00.000000Z');
    const chunk = r.sources.find((s) => s.service === 'zbs-chunkd')!;
    assert.deepEqual([chunk.year, chunk.yearFrom], [2022, 'sibling']);
    const stored = (await store.listSources({})).find((s) => s.service === 'zbs-chunkd')!;
    assert.equal(stored.yearSource, 'sibling', 'the catalog keeps where the year came from');
  });
});

test('--year overrides, and the source says it came from the user', async () => {
  await withStore(async (store, dir) => {
    const path = excerpt(join(dir, 'b'), 'chunk.log', [ping('0115', '10:00:01')], '2026-12-03T10:00:00Z');
    const r = await runIngest(store, [path], { year: 2021 });
    const [e] = await store.queryEvents({});
    assert.equal(formatUtcUs(e!.tsUs), '2021-01-15T10:00:01.000000Z');
    assert.deepEqual([r.sources[0]!.yearFrom, r.yearAssumed], ['user', []]);
  });
});

test('stdin has no mtime: its year is bounded by the time of reading', async () => {
  await withStore(async (store) => {
    const future = new Date(Date.now() + 40 * 86_400_000);
    const mmdd = `${String(future.getUTCMonth() + 1).padStart(2, '0')}${String(future.getUTCDate()).padStart(2, '0')}`;
    await runIngest(store, ['-'], { stdin: Readable.from([Buffer.from(ping(mmdd, '10:00:00') + '\n')]) });
    const [e] = await store.queryEvents({});
    assert.ok(e!.tsUs <= Date.now() * 1000, `${formatUtcUs(e!.tsUs)} is not in the future`);
  });
});

test('a year-pending file that grows goes on in its settled year', async () => {
  const dir = tmpDir();
  await withStore(async (store) => {
    const path = excerpt(join(dir, 'b'), 'chunk.log', [ping('1210', '08:00:00')], '2026-12-03T12:00:00Z');
    await runIngest(store, [path]);
    appendFileSync(path, ping('1211', '09:00:00') + '\n');
    utimesSync(path, new Date('2026-12-03T12:00:00Z'), new Date('2026-12-03T12:00:00Z'));
    await runIngest(store, [path]);
    const times = (await store.queryEvents({})).map((e) => formatUtcUs(e.tsUs));
    assert.deepEqual(times, ['2025-12-10T08:00:00.000000Z', '2025-12-11T09:00:00.000000Z']);
  });
});
