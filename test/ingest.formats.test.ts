/**
 * Formats beyond plain glog and ZooKeeper files: grep/rg output, raw ZooKeeper C-client
 * logs, and files that are logs in no format read here (never dropped quietly).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brief, cli, FIXTURES, runIngest, tmpDir, withStore } from './helpers.js';

const GREP = join(FIXTURES, 'grep-output/rg-two-nodes.txt');
const ZK_CLIENT = join(FIXTURES, 'zk-client');
const NOT_READ = join(FIXTURES, 'not-read');

test('grep output: one source per PATH, identity from the PATH, evidence at the original line', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [GREP], { tz: 'Asia/Shanghai' });
    assert.equal(r.files.ingested, 1);
    assert.deepEqual(r.files.skipped, {});
    // The prompts, the `--` separators, the empty line and the pasted note.
    assert.deepEqual(r.lineIssues, { junk_line: 6 });
    assert.equal(r.lines, 17);
    const sources = (await store.listSources({})).map((s) => [
      s.source.replace(/^.*!\//, ''),
      s.node,
      s.service,
      s.format,
      s.firstLine,
      s.lastLine,
    ]);
    assert.deepEqual(sources.sort(), [
      [
        '172_17_57_24/192_168_57_24_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-chunkd/zbs-chunkd.log.20220815-184616.8491',
        '172.17.57.24',
        'zbs-chunkd',
        'glog',
        94873,
        95012,
      ],
      [
        '172_17_57_26/192_168_57_26_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zookeeper/zookeeper.log',
        '172.17.57.26',
        'zookeeper',
        'zookeeper',
        3301,
        3303,
      ],
      ['var/log/zbs/zbs-metad.INFO', 'unknown', 'zbs-metad', 'glog', 211, 212],
    ]);
    assert.ok(
      (await store.listSources({})).every((s) => s.source.startsWith('rg-two-nodes.txt!/')),
      'each source names the grep file it came from',
    );
    assert.deepEqual(r.nodeGuessed, ['rg-two-nodes.txt!/var/log/zbs/zbs-metad.INFO']);
    const events = await store.queryEvents({});
    assert.deepEqual(events.filter((e) => e.node !== 'unknown').map(brief), [
      '2022-08-18T04:46:00.433636Z 172.17.57.24 zbs-chunkd peer.link_down 172.17.57.27:10201 L94873',
      '2022-08-18T04:46:05.955000Z 172.17.57.26 zookeeper zk.server.state - L3301',
      '2022-08-18T04:46:05.956000Z 172.17.57.26 zookeeper zk.server.myid - L3302',
      '2022-08-18T04:46:20.100000Z 172.17.57.24 zbs-chunkd peer.link_up 172.17.57.27:10201 L95010',
    ]);
    const down = events.find((e) => e.line === 94873)!;
    assert.equal(
      down.message,
      'Fail to ping : 172.17.57.27:10201 ping error times: 1 st:\nTraceback:\n[EShutDown]:',
      'context lines stay with their record',
    );
    const metad = events.filter((e) => e.node === 'unknown').map((e) => [e.service, e.kind, e.peer, e.line]);
    assert.deepEqual(metad, [['zbs-metad', 'peer.link_down', '172.17.57.24:10201', 212]]);
  });
});

test('grep output read from stdin is split the same way', () => {
  const store = `duckdb:${join(tmpDir(), 'store.duckdb')}`;
  const r = cli(['ingest', '-', '--store', store, '--json', '--tz', 'Asia/Shanghai'], readFileSync(GREP));
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.events.total, 5);
  assert.deepEqual(report.lineIssues, { junk_line: 6 });
  const ev = cli(['events', '--store', store, '--kind', 'peer.link_up']);
  assert.match(ev.stdout, /"source":"stdin!\/172_17_57_24\/[^"]*zbs-chunkd\.log\.20220815-184616\.8491","line":95010/);
});

test('raw ZooKeeper C client log: session events, junk lines counted, node from the layout', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [ZK_CLIENT], { tz: 'Asia/Shanghai' });
    assert.equal(r.files.ingested, 1);
    // The program's own lines around the client's records, and the empty last line.
    assert.deepEqual(r.lineIssues, { junk_line: 3 });
    const [src] = await store.listSources({});
    assert.deepEqual(
      [src!.node, src!.service, src!.format, src!.firstLine, src!.lastLine],
      ['172.17.57.25', 'zk-client', 'zk-client', 2, 12],
    );
    const events = await store.queryEvents({});
    const got = events.map((e) => `${brief(e)} ${e.fields.event ?? e.fields.retcode ?? ''}`);
    assert.deepEqual(got, [
      '2022-08-18T04:40:00.102000Z 172.17.57.25 zk-client topology.zoo_hosts - L4 ',
      '2022-08-18T04:40:00.102000Z 172.17.57.25 zk-client zk.client.session_state - L4 init',
      '2022-08-18T04:40:00.105000Z 172.17.57.25 zk-client zk.client.session_state 172.17.57.24:2181 L5 connecting',
      '2022-08-18T04:40:00.110000Z 172.17.57.25 zk-client zk.client.session_state 172.17.57.24:2181 L6 connected',
      '2022-08-18T04:46:03.922000Z 172.17.57.25 zk-client zk.client.socket_error 172.17.57.24:2181 L8 -4',
      '2022-08-18T04:46:04.100000Z 172.17.57.25 zk-client zk.client.session_state 172.17.57.25:2181 L10 connecting',
      '2022-08-18T04:46:04.140000Z 172.17.57.25 zk-client zk.client.session_state - L11 expired',
      '2022-08-18T04:46:04.140000Z 172.17.57.25 zk-client zk.client.socket_error 172.17.57.25:2181 L11 -112',
      '2022-08-18T04:46:04.200000Z 172.17.57.25 zk-client zk.client.session_state 172.17.57.25:2181 L12 close',
    ]);
    const connected = events.find((e) => e.line === 6)!;
    assert.equal(
      connected.message,
      'session establishment complete on server [172.17.57.24:2181], sessionId=0x1829f3a7c1e0004, negotiated timeout=10000',
      'the junk line after it is not part of the record',
    );
    assert.equal(connected.fields.clientPid, 4242);
  });
});

test('a log in no format read here is skipped as unrecognised_log, a README or CSV as not_a_log', async () => {
  await withStore(async (store) => {
    const r = await runIngest(store, [NOT_READ]);
    assert.deepEqual(r.files.skipped, { unrecognised_log: 1, not_a_log: 2 });
    assert.deepEqual(r.skippedFiles.map((s) => [s.source, s.reason]).sort(), [
      ['README.md', 'not_a_log'],
      ['iops.csv', 'not_a_log'],
      ['kern.log', 'unrecognised_log'],
    ]);
  });
});

test('ingest warns on stderr about each unrecognised log, and lists it in --json', () => {
  const store = `duckdb:${join(tmpDir(), 'store.duckdb')}`;
  const r = cli(['ingest', NOT_READ, '--store', store, '--json']);
  assert.equal(r.code, 2, 'no file of the folder is a log read here: an input error, as in check');
  assert.match(r.stderr, /warning: kern\.log looks like a log .* not ingested/);
  assert.doesNotMatch(r.stderr, /README|iops/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.skippedFiles.find((s: { reason: string }) => s.reason === 'unrecognised_log'),
    { source: 'kern.log', reason: 'unrecognised_log' },
  );
});

test('check exits 2 on an unrecognised log, and 0 with --allow-unrecognised when the rest holds', () => {
  const kern = join(NOT_READ, 'kern.log');
  const strict = cli(['check', ZK_CLIENT, kern, '--tz', 'Asia/Shanghai', '--quiet']);
  assert.equal(strict.code, 2, strict.stdout + strict.stderr);
  assert.match(strict.stderr, /kern\.log looks like a log/);
  assert.match(strict.stderr, /--allow-unrecognised/);
  const allowed = cli(['check', ZK_CLIENT, kern, '--tz', 'Asia/Shanghai', '--quiet', '--allow-unrecognised']);
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  assert.match(allowed.stderr, /kern\.log looks like a log/, 'still warned about');
  assert.match(allowed.stdout, /^PASS/m);
});
