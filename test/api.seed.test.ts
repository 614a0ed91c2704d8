/** The seed's conclusions, asked through the API: over HTTP (supertest) and in-process (CLI query). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startApiServer } from '../src/api/http-server.js';
import { openStore } from '../src/store/store-factory.js';
import { cli, runIngest, SEED_BUNDLE, seedApi, tmpDir } from './helpers.js';

const W = { from: '2022-08-18T11:00:00+08:00', to: '2022-08-18T13:00:00+08:00' };
const { gql } = seedApi({ w: W });

test('two restart windows: 12:00 every node, 12:46 only 57.24', async () => {
  const r = await gql(
    `query($w: TimeWindowInput!) { serviceRestarts(window: $w) { node service stoppedAt startedAt cause evidence { source line kind } } }`,
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rows = r.body.data.serviceRestarts as { node: string; service: string; startedAt: string; cause: string; evidence: unknown[] }[];
  const at1200 = rows.filter((x) => x.startedAt.startsWith('2022-08-18T04:00'));
  const at1246 = rows.filter((x) => x.startedAt.startsWith('2022-08-18T04:46'));
  assert.deepEqual(at1200.map((x) => x.node).sort(), ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27']);
  assert.deepEqual([...new Set(at1246.map((x) => x.node))], ['172.17.57.24']);
  assert.deepEqual(at1246.map((x) => `${x.service}:${x.cause}`).sort(), ['zbs-metad:CRASH', 'zookeeper:STOP']);
  assert.ok(
    rows.every((x) => x.evidence.length > 0),
    'every restart carries evidence',
  );
});

test('12:46: 57.24 is the one node out, although links failed everywhere', async () => {
  const r = await gql(`query($w: TimeWindowInput!) {
    nodeOutages(window: $w) { node start end kinds services evidence { source line kind } }
    incidents(window: $w) { start end scope nodes summary } }`);
  const outages = r.body.data.nodeOutages as { node: string; start: string; end: string; kinds: string[] }[];
  const late = outages.filter((o) => o.start >= '2022-08-18T04:40');
  assert.deepEqual(
    late.map((o) => [o.node, o.start, o.end]),
    [['172.17.57.24', '2022-08-18T04:45:55.903000Z', '2022-08-18T04:46:20.700000Z']],
  );
  assert.ok(late[0]!.kinds.includes('ZK_SERVER_LOST'));
  const incidents = r.body.data.incidents as { scope: string; nodes: string[]; summary: string }[];
  assert.deepEqual(
    incidents.map((i) => [i.scope, i.nodes.length]),
    [
      ['CLUSTER_WIDE', 4],
      ['SINGLE_NODE', 1],
    ],
  );
  assert.match(incidents[1]!.summary, /^172\.17\.57\.24: /);
});

test('link intervals and the new ZooKeeper leader', async () => {
  const r = await gql(
    `query { peerLinkHistory(window: { from: "2022-08-18T12:40:00+08:00", to: "2022-08-18T12:50:00+08:00" }, observer: "172.17.57.26") { observer target intervals { state start end endedBy } }
    zkElections(window: { from: "2022-08-18T12:40:00+08:00", to: "2022-08-18T12:50:00+08:00" }) { start end leader leaderMyid durationSeconds } }`,
    {},
  );
  const links = r.body.data.peerLinkHistory as { target: string; intervals: { state: string; start: string; end: string | null }[] }[];
  assert.deepEqual(
    links.map((l) => l.target),
    ['172.17.57.24', '172.17.57.25', '172.17.57.27'],
  );
  assert.deepEqual(links[0]!.intervals, [
    { state: 'DOWN', start: '2022-08-18T04:46:00.433372Z', end: '2022-08-18T04:47:54.002382Z', endedBy: 'BACK_TO_NORMAL' },
    { state: 'UP', start: '2022-08-18T04:47:54.002382Z', end: null, endedBy: null },
  ]);
  assert.deepEqual(r.body.data.zkElections, [
    {
      start: '2022-08-18T04:46:00.955000Z',
      end: '2022-08-18T04:46:09.990000Z',
      leader: '172.17.57.25',
      leaderMyid: 4,
      durationSeconds: 9.035,
    },
  ]);
});

test("a link interval's evidence, asked for: the failure that opened it and the line that closed it", async () => {
  // Mapped only when selected (answer-mapper.ts): this checks it still arrives when it is.
  const r = await gql(
    `query { peerLinkHistory(window: { from: "2022-08-18T12:40:00+08:00", to: "2022-08-18T12:50:00+08:00" }, observer: "172.17.57.26", target: "172.17.57.24") { intervals { state evidence { kind line node } } } }`,
    {},
  );
  const intervals = (
    r.body.data.peerLinkHistory as { intervals: { state: string; evidence: { kind: string; line: number; node: string }[] }[] }[]
  )[0]!.intervals;
  assert.deepEqual(
    intervals.map((i) => [i.state, i.evidence.map((e) => e.kind)]),
    [
      ['DOWN', ['PEER_LINK_DOWN', 'PEER_LINK_UP']],
      ['UP', ['PEER_LINK_UP']],
    ],
  );
  assert.ok(intervals.every((i) => i.evidence.every((e) => e.node === '172.17.57.26' && e.line > 0)));
});

test('the same answers in-process through `zbs-timeline query`', () => {
  // The CLI works on its own store file: this process holds the other one open.
  const own = `duckdb:${join(tmpDir(), 'cli.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', own]).code, 0);
  const r = cli([
    'query',
    'query($w: TimeWindowInput!) { nodeOutages(window: $w) { node start } metaLeaders(window: $w) { leader seq } clusters { name timeZone nodes } }',
    '--variables',
    JSON.stringify({ w: W }),
    '--store',
    own,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const data = JSON.parse(r.stdout).data;
  assert.deepEqual(
    data.nodeOutages.map((o: { node: string }) => o.node),
    ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27', '172.17.57.24'],
  );
  assert.deepEqual(data.metaLeaders, [{ leader: '172.17.57.25', seq: 8 }]);
  assert.deepEqual(data.clusters, [
    {
      name: '1dacc7b3-11ec-4afd-93c0-062544dc4e10',
      timeZone: 'Asia/Shanghai',
      nodes: ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27'],
    },
  ]);
  const bad = cli([
    'query',
    '{ nodeOutages(window: {from: "2022-08-18T13:00:00Z", to: "2022-08-18T11:00:00Z"}) { node } }',
    '--store',
    own,
  ]);
  assert.equal(bad.code, 1);
  assert.equal(JSON.parse(bad.stdout).errors[0].extensions.code, 'BAD_USER_INPUT');
});

test('a year-boundary bundle in a non-UTC zone', async () => {
  const dir = tmpDir();
  const d = join(dir, '10_0_0_1', 'zbs_logs', 'zbs-metad');
  mkdirSync(d, { recursive: true });
  const hdr = (t: string): string =>
    `Log file created at: ${t}\nRunning on machine: n1\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n`;
  // Local New Year's Eve in Shanghai: the restart crosses midnight into 2023 locally; in UTC it is still 2022-12-31.
  writeFileSync(
    join(d, 'zbs-metad.log.20221231-120000.100'),
    hdr('2022/12/31 12:00:00') +
      'I1231 12:00:00.000000 100 m.cc:1] starting\nI1231 23:59:58.000000 100 m.cc:2] received signal 15, shutting down\n',
  );
  writeFileSync(join(d, 'zbs-metad.log.20230101-000005.200'), hdr('2023/01/01 00:00:05') + 'I0101 00:00:05.000000 200 m.cc:1] starting\n');
  const s2 = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
  try {
    await runIngest(s2, [dir], { tz: 'Asia/Shanghai' });
    const a2 = await startApiServer({ store: s2, port: 0, host: '127.0.0.1', log: () => undefined });
    try {
      const r = await request(a2.server).post('/graphql').send({
        query:
          '{ serviceRestarts(window: {from: "2022-12-31T00:00:00Z", to: "2023-01-01T00:00:00Z"}) { node stoppedAt startedAt downtimeSeconds cause } }',
      });
      assert.deepEqual(r.body.data.serviceRestarts, [
        {
          node: '10.0.0.1',
          stoppedAt: '2022-12-31T15:59:58.000000Z',
          startedAt: '2022-12-31T16:00:05.000000Z',
          downtimeSeconds: 7,
          cause: 'STOP',
        },
      ]);
    } finally {
      await a2.close();
    }
  } finally {
    await s2.close();
  }
});

test('sources: every file read, with its format, coverage and where its year and node came from', async () => {
  const r = await gql(
    `{ sources(node: "192.168.57.24") { source format node nodeFrom service records events unmatchedShare year yearFrom } }`,
    {},
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rows = r.body.data.sources as {
    source: string;
    format: string;
    node: string;
    nodeFrom: string;
    service: string;
    records: number;
    events: number;
    year: number;
    yearFrom: string;
  }[];
  assert.equal(rows.length, 5, 'the four glog files and the ZooKeeper log of 57.24, found by its management address');
  assert.ok(rows.every((s) => s.node === '172.17.57.24' && s.nodeFrom === 'layout' && s.year === 2022));
  assert.deepEqual([...new Set(rows.map((s) => `${s.format}:${s.yearFrom}`))].sort(), ['glog:HEADER', 'zookeeper:IN_LINES']);
  const crashed = rows.find((s) => s.source.endsWith('zbs-metad.log.20220818-120012.30100'))!;
  assert.deepEqual([crashed.records, crashed.events], [5, 4]);
  const bad = await gql(`{ sources(cluster: "nope") { source } }`, {});
  assert.equal(bad.body.errors[0].extensions.code, 'BAD_USER_INPUT');
});
