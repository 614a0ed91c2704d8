import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventFields, EventKind, TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { formatUtcUs } from '../time/zone.js';
import { deriveIncidents } from './incidents.derive.js';
import { deriveMetaLeadership, deriveZkElections } from './leadership.derive.js';
import { deriveNodeOutages } from './outages.derive.js';
import { derivePeerLinkHistory } from './peer-links.derive.js';
import { deriveServiceRestarts } from './restarts.derive.js';
import { deriveServiceInstances } from './instances.derive.js';

const T0 = Date.UTC(2022, 7, 18, 4, 0, 0) * 1000;
const s = (sec: number): number => T0 + sec * 1e6;
let line = 0;
function ev(
  sec: number,
  node: string,
  kind: EventKind,
  extra: { peer?: string; fields?: EventFields; service?: string; pid?: number | null } = {},
): TimelineEvent {
  return {
    tsUs: s(sec),
    cluster: 'c',
    node,
    service: extra.service ?? 'zbs-chunkd',
    pid: extra.pid === undefined ? 1 : extra.pid,
    kind,
    level: 'W',
    source: `${node}.log`,
    line: ++line,
    message: kind,
    peer: extra.peer ?? null,
    fields: extra.fields ?? {},
  };
}
const down = (sec: number, obs: string, tgt: string, times = 1) =>
  ev(sec, obs, 'peer.link_down', { peer: `${tgt}:10201`, fields: { times } });
const up = (sec: number, obs: string, tgt: string) => ev(sec, obs, 'peer.link_up', { peer: `${tgt}:10201` });
const iso = (us: number | null): string | null => (us === null ? null : formatUtcUs(us).slice(11, 19));

test('peer link history, table', () => {
  const cases: { name: string; events: TimelineEvent[]; want: string[] }[] = [
    { name: 'down then up', events: [down(0, 'a', 'b'), up(30, 'a', 'b')], want: ['a>b DOWN 04:00:00-04:00:30', 'a>b UP 04:00:30-open'] },
    {
      name: 'repeated failures extend one interval',
      events: [down(0, 'a', 'b'), down(5, 'a', 'b', 2), down(10, 'a', 'b', 3), up(12, 'a', 'b')],
      want: ['a>b DOWN 04:00:00-04:00:12', 'a>b UP 04:00:12-open'],
    },
    { name: 'still down at the end of the data is open', events: [down(0, 'a', 'b')], want: ['a>b DOWN 04:00:00-open'] },
    { name: 'back to normal without a failure closes nothing', events: [up(3, 'a', 'b')], want: [] },
    {
      name: 'a second episode opens a new interval',
      events: [down(0, 'a', 'b'), up(10, 'a', 'b'), down(20, 'a', 'b'), up(25, 'a', 'b')],
      want: ['a>b DOWN 04:00:00-04:00:10', 'a>b UP 04:00:10-04:00:20', 'a>b DOWN 04:00:20-04:00:25', 'a>b UP 04:00:25-open'],
    },
    {
      name: "the observer's restart ends its open episode",
      events: [down(0, 'a', 'b'), ev(40, 'a', 'process.start', { fields: { via: 'new_file' }, pid: 2 })],
      want: ['a>b DOWN 04:00:00-04:00:40', 'a>b UP 04:00:40-open'],
    },
    {
      name: 'pairs are separate',
      events: [down(0, 'a', 'b'), down(1, 'b', 'a'), up(2, 'b', 'a')],
      want: ['a>b DOWN 04:00:00-open', 'b>a DOWN 04:00:01-04:00:02', 'b>a UP 04:00:02-open'],
    },
  ];
  for (const c of cases) {
    const got = derivePeerLinkHistory(c.events).flatMap((l) =>
      l.intervals.map((i) => `${l.observer}>${l.target} ${i.state} ${iso(i.startUs)}-${iso(i.endUs) ?? 'open'}`),
    );
    assert.deepEqual(got, c.want, c.name);
    // What the outage sweep reads: the same DOWN intervals, evidence included, and nothing else.
    const full = derivePeerLinkHistory(c.events)
      .map((l) => ({ ...l, intervals: l.intervals.filter((i) => i.state === 'DOWN') }))
      .filter((l) => l.intervals.length);
    assert.deepEqual(derivePeerLinkHistory(c.events, { downOnly: true }), full, `${c.name}, DOWN only`);
  }
});

function outagesOf(events: TimelineEvent[], sources: SourceInfo[] = []): string[] {
  const restarts = deriveServiceRestarts(sources, events);
  const show = (links: ReturnType<typeof derivePeerLinkHistory>): string[] =>
    deriveNodeOutages({ events, restarts, links }).map((o) => `${o.node} ${iso(o.startUs)}-${iso(o.endUs) ?? 'open'} ${o.kinds.join('+')}`);
  const got = show(derivePeerLinkHistory(events));
  assert.deepEqual(show(derivePeerLinkHistory(events, { downOnly: true })), got, 'the same outages from the DOWN intervals alone');
  return got;
}

test('node outages, table', () => {
  const nodes = ['a', 'b', 'c', 'd'];
  const cases: { name: string; events: TimelineEvent[]; want: string[] }[] = [
    {
      name: 'a single flapping link is no outage',
      events: [down(0, 'a', 'b'), up(5, 'a', 'b'), down(10, 'a', 'b'), up(15, 'a', 'b')],
      want: [],
    },
    {
      name: 'most peers lose d while reaching each other: d is cut off',
      events: [down(0, 'a', 'd'), down(1, 'b', 'd'), down(2, 'c', 'd'), up(60, 'a', 'd'), up(60, 'b', 'd'), up(61, 'c', 'd')],
      want: ['d 04:00:01-04:01:00 peers_unreachable'],
    },
    {
      name: 'a cut-off shorter than the minimum is not an outage',
      events: [down(0, 'a', 'd'), down(1, 'b', 'd'), up(5, 'a', 'd'), up(5, 'b', 'd')],
      want: [],
    },
    {
      name: 'everybody fails everybody: no node is blamed without its own evidence',
      events: nodes
        .flatMap((o, i) => nodes.filter((t) => t !== o).map((t, j) => down(i + j * 0.1, o, t)))
        .concat(nodes.flatMap((o) => nodes.filter((t) => t !== o).map((t) => up(90, o, t)))),
      want: [],
    },
    {
      name: 'everybody fails everybody, and b crashed and restarted: b is the one',
      events: [
        ...nodes.flatMap((o, i) => nodes.filter((t) => t !== o).map((t, j) => down(i + j * 0.1, o, t))),
        ev(3, 'b', 'process.crash', { fields: { reason: 'fatal' }, service: 'zbs-metad', pid: 7 }),
        ...nodes.flatMap((o) => nodes.filter((t) => t !== o).map((t) => up(90, o, t))),
      ],
      want: ['b 04:00:03-open process_crash'],
    },
    {
      // A bundle taken while a process ran, its last line an error: no outage from that alone.
      name: 'a file ending on error lines (error_tail) and no later instance opens no outage',
      events: [ev(3, 'b', 'process.crash', { fields: { reason: 'error_tail' }, service: 'zbs-chunkd', pid: 7 })],
      want: [],
    },
    {
      name: 'ZooKeeper server lost by two clients',
      events: [ev(0, 'a', 'zk.client.socket_error', { peer: 'c:2181' }), ev(1, 'b', 'zk.client.socket_error', { peer: 'c:2181' })],
      want: ['c 04:00:00-04:00:01 zk_server_lost'],
    },
    {
      name: 'one client losing a ZooKeeper server is not enough alone',
      events: [ev(0, 'a', 'zk.client.socket_error', { peer: 'c:2181' })],
      want: [],
    },
    {
      // Found by the simulator: a partitioned minority's clients lose every server they try.
      name: 'clients cut off from the cluster are no witnesses: the servers they lose are not out',
      events: [
        ...['c', 'd'].flatMap((x) => ['a', 'b', 'e'].flatMap((o) => [down(0, o, x), down(0.5, x, o), up(60, o, x), up(60, x, o)])),
        ev(5, 'c', 'zk.client.socket_error', { peer: 'a:2181' }),
        ev(6, 'd', 'zk.client.socket_error', { peer: 'a:2181' }),
      ],
      want: ['c 04:00:00-04:01:00 peers_unreachable', 'd 04:00:00-04:01:00 peers_unreachable'],
    },
    {
      name: 'ZooKeeper restart with stop and start messages',
      events: [
        ev(0, 'c', 'process.stop', { service: 'zookeeper', pid: null }),
        ev(20, 'c', 'process.start', { service: 'zookeeper', pid: null, fields: { via: 'message' } }),
      ],
      want: ['c 04:00:00-04:00:20 service_restart'],
    },
  ];
  for (const c of cases) assert.deepEqual(outagesOf(c.events), c.want, c.name);
});

function src(node: string, service: string, pid: number, first: number, last: number, endKind: SourceInfo['endKind'] = 'none'): SourceInfo {
  return {
    source: `${node}/${service}.${pid}`,
    cluster: 'c',
    node,
    service,
    pid,
    aliases: [],
    format: 'glog',
    yearSource: 'header',
    nameStartUs: null,
    firstTsUs: s(first),
    lastTsUs: s(last),
    firstLine: 4,
    lastLine: 9,
    endKind,
    lines: 9,
    records: 6,
    bytes: 100,
  };
}

test('service restarts and the instances they cut, table', () => {
  const cases: { name: string; sources: SourceInfo[]; events: TimelineEvent[]; want: string[]; bars: string[] }[] = [
    {
      name: 'one instance is no restart',
      sources: [src('a', 'zbs-metad', 1, 0, 100)],
      events: [],
      want: [],
      bars: ['1 04:00:00-04:01:40 running'],
    },
    {
      name: 'stop line then a new pid',
      sources: [src('a', 'zbs-metad', 1, 0, 10, 'stop'), src('a', 'zbs-metad', 2, 15, 100)],
      events: [ev(10, 'a', 'process.stop', { service: 'zbs-metad', pid: 1 })],
      want: ['a zbs-metad 04:00:10-04:00:15 stop 1>2'],
      bars: ['1 04:00:00-04:00:10 stop process.stop', '2 04:00:15-04:01:40 running'],
    },
    {
      name: 'crash',
      sources: [src('a', 'zbs-metad', 1, 0, 10, 'crash'), src('a', 'zbs-metad', 2, 30, 100)],
      events: [ev(9, 'a', 'process.crash', { service: 'zbs-metad', pid: 1 })],
      want: ['a zbs-metad 04:00:09-04:00:30 crash 1>2'],
      bars: ['1 04:00:00-04:00:09 crash process.crash', '2 04:00:30-04:01:40 running'],
    },
    {
      name: 'no stop line: the last record, cause unknown',
      sources: [src('a', 'zbs-metad', 1, 0, 12), src('a', 'zbs-metad', 2, 30, 100)],
      events: [],
      want: ['a zbs-metad 04:00:12-04:00:30 unknown 1>2'],
      bars: ['1 04:00:00-04:00:12 unknown', '2 04:00:30-04:01:40 running'],
    },
    {
      name: 'the last instance crashed and did not come back',
      sources: [src('a', 'zbs-metad', 1, 0, 10, 'crash')],
      events: [],
      want: [],
      bars: ['1 04:00:00-04:00:10 crash'],
    },
    {
      name: 'a rotated file of the same pid is not a restart',
      sources: [src('a', 'zbs-chunkd', 5, 0, 50), src('a', 'zbs-chunkd', 5, 50, 100)],
      events: [],
      want: [],
      bars: ['5 04:00:00-04:01:40 running'],
    },
  ];
  for (const c of cases) {
    const restarts = deriveServiceRestarts(c.sources, c.events);
    const got = restarts.map(
      (r) => `${r.node} ${r.service} ${iso(r.stoppedAtUs)}-${iso(r.startedAtUs)} ${r.cause} ${r.oldPid}>${r.newPid}`,
    );
    assert.deepEqual(got, c.want, c.name);
    const bars = deriveServiceInstances(c.sources, restarts).map(
      (i) => `${i.pid} ${iso(i.startUs)}-${iso(i.endUs)} ${i.endedBy ?? 'running'}${i.evidence.map((e) => ` ${e.kind}`).join('')}`,
    );
    assert.deepEqual(bars, c.bars, `${c.name}: instances`);
  }
});

test('incidents group overlapping outages and name their scope', () => {
  const o = (node: string, a: number, b: number | null) => ({
    cluster: 'c',
    node,
    startUs: s(a),
    endUs: b === null ? null : s(b),
    kinds: ['service_restart' as const],
    services: ['zbs-metad'],
    evidence: [],
  });
  const got = deriveIncidents(
    [o('a', 0, 10), o('b', 5, 12), o('c', 8, 15), o('a', 1000, 1010), o('b', 2000, null), o('c', 2005, 2010)],
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    got.map((i) => [i.scope, i.nodes.join(','), iso(i.startUs), iso(i.endUs)]),
    [
      ['CLUSTER_WIDE', 'a,b,c', '04:00:00', '04:00:15'],
      ['SINGLE_NODE', 'a', '04:16:40', '04:16:50'],
      ['MULTI_NODE', 'b,c', '04:33:20', null],
    ],
  );
  assert.match(got[0]!.summary, /^all 3 nodes: zbs-metad restarted \(04:00:00–04:00:15 UTC\)$/);
});

test('ZooKeeper elections, table', () => {
  const st = (sec: number, node: string, state: string, myid?: number) =>
    ev(sec, node, 'zk.server.state', { service: 'zookeeper', pid: null, fields: { state, ...(myid ? { myid } : {}) } });
  // `leading` as evidence, not a change: a notification answered in LEADING state, `Have quorum of supporters`.
  const seen = (sec: number, node: string, via: string, myid?: number) =>
    ev(sec, node, 'zk.server.state', { service: 'zookeeper', pid: null, fields: { state: 'leading', via, ...(myid ? { myid } : {}) } });
  const cases: { name: string; events: TimelineEvent[]; want: string[] }[] = [
    {
      name: 'looking → leading',
      events: [st(0, 'a', 'looking'), st(1, 'b', 'looking'), st(9, 'b', 'leading', 4), st(9.5, 'a', 'following')],
      want: ['04:00:00-04:00:09 b 4'],
    },
    {
      name: 'a follower rejoining is no election',
      events: [st(0, 'b', 'leading'), st(50, 'a', 'looking'), st(51, 'a', 'following')],
      want: [],
    },
    { name: 'no leader at the end: open', events: [st(0, 'a', 'looking'), st(1, 'b', 'looking')], want: ['04:00:00-open null null'] },
    {
      name: 'leading - broadcast after leading is the same leader',
      events: [st(0, 'a', 'looking'), st(2, 'a', 'leading', 1), st(3, 'a', 'leading', 1)],
      want: ['04:00:00-04:00:02 a 1'],
    },
    {
      name: 'leader goes looking: a new election',
      events: [st(0, 'a', 'leading'), st(100, 'a', 'looking'), st(101, 'b', 'looking'), st(104, 'b', 'leading', 2)],
      want: ['04:01:40-04:01:44 b 2'],
    },
    {
      name: 'no LEADING line: quorum of supporters names the leader',
      events: [st(0, 'a', 'looking'), st(1, 'b', 'looking'), st(2, 'a', 'following'), seen(3, 'b', 'quorum_of_supporters', 2)],
      want: ['04:00:00-04:00:03 b 2'],
    },
    {
      name: 'no LEADING line: a notification in LEADING state names the leader',
      events: [st(0, 'a', 'looking'), seen(4, 'b', 'notification', 2), st(5, 'a', 'following')],
      want: ['04:00:00-04:00:04 b 2'],
    },
    {
      name: 'the known leader answering a rejoining follower is no election',
      events: [st(0, 'b', 'leading'), st(50, 'a', 'looking'), seen(50.5, 'b', 'notification'), st(51, 'a', 'following')],
      want: [],
    },
    {
      name: 'servers sharing a node (one log file): a follower rejoining is no election',
      events: [
        st(0, 'x', 'looking', 1),
        st(0.1, 'x', 'looking', 2),
        st(2, 'x', 'following', 1),
        st(2.5, 'x', 'leading', 2),
        st(60, 'x', 'looking', 3),
        st(60.1, 'x', 'following', 3),
        seen(60.5, 'x', 'notification', 2),
      ],
      want: ['04:00:00-04:00:02 x 2'],
    },
    {
      name: "a LOOKING logged before the myid is known is the node's only server",
      events: [st(0, 'a', 'leading', 1), st(30, 'b', 'looking'), st(31, 'b', 'following', 2)],
      want: [],
    },
    {
      name: 'quorum of supporters after LEADING is the same election',
      events: [st(0, 'a', 'looking'), st(1, 'b', 'leading', 2), seen(1.1, 'b', 'quorum_of_supporters', 2)],
      want: ['04:00:00-04:00:01 b 2'],
    },
  ];
  for (const c of cases) {
    const got = deriveZkElections(c.events).map((e) => `${iso(e.startUs)}-${iso(e.endUs) ?? 'open'} ${e.leader} ${e.leaderMyid}`);
    assert.deepEqual(got, c.want, c.name);
  }
});

test('meta leadership collapses repeated reports into changes', () => {
  const got = deriveMetaLeadership([
    ev(0, 'b', 'meta.leader_self', { fields: { seq: 8 } }),
    ev(1, 'a', 'meta.leader_is', { peer: 'b:10100', fields: { seq: 8 } }),
    ev(50, 'c', 'meta.leader_self', { fields: { seq: 9 } }),
    ev(51, 'a', 'meta.leader_is', { peer: 'c:10100', fields: { seq: 9 } }),
  ]);
  assert.deepEqual(
    got.map((m) => [iso(m.atUs), m.leader, m.seq, m.evidence.length]),
    [
      ['04:00:00', 'b', 8, 2],
      ['04:00:50', 'c', 9, 2],
    ],
  );
});

test('meta leadership: zbs-metad and zbs-taskd elect their leaders apart', () => {
  const got = deriveMetaLeadership([
    ev(0, 'b', 'meta.leader_self', { service: 'zbs-metad', fields: { seq: 8 } }),
    ev(1, 'c', 'meta.leader_self', { service: 'zbs-taskd', fields: { seq: 3 } }),
    ev(2, 'a', 'meta.leader_is', { service: 'zbs-metad', peer: 'b:10100', fields: { seq: 8 } }),
    ev(3, 'a', 'meta.leader_is', { service: 'zbs-taskd', peer: 'c:10600', fields: { seq: 3 } }),
  ]);
  assert.deepEqual(
    got.map((m) => [iso(m.atUs), m.leader, m.seq, m.evidence.map((e) => e.service).join(',')]),
    [
      ['04:00:00', 'b', 8, 'zbs-metad,zbs-metad'],
      ['04:00:01', 'c', 3, 'zbs-taskd,zbs-taskd'],
    ],
  );
});
