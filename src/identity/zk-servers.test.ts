import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyZkTrackerState, observeZkRecord, zkHeadHints, type ZkRecordIdentity } from './zk-servers.js';

const rec = (r: Partial<ZkRecordIdentity>): ZkRecordIdentity => ({ myid: null, port: null, addr: null, start: false, ...r });

test('the server of each record, table', () => {
  const cases: { name: string; records: Partial<ZkRecordIdentity>[]; want: (string | null)[] }[] = [
    { name: 'myid names the server', records: [{ myid: 2 }, {}], want: ['zk-myid-2', 'zk-myid-2'] },
    {
      name: 'a port once seen with a myid is that myid',
      records: [{ myid: 1, port: 2181 }, { port: 2181 }],
      want: ['zk-myid-1', 'zk-myid-1'],
    },
    { name: 'a port never seen with a myid', records: [{ port: 2183 }], want: ['zk-port-2183'] },
    {
      name: 'a start names nobody yet: it waits',
      records: [{ myid: 1 }, { start: true }, {}, { myid: 2 }, {}],
      want: ['zk-myid-1', null, null, 'zk-myid-2', 'zk-myid-2'],
    },
    {
      name: 'a start that names itself',
      records: [{ myid: 1 }, { start: true, myid: 3 }, {}],
      want: ['zk-myid-1', 'zk-myid-3', 'zk-myid-3'],
    },
    {
      name: 'interleaved peers keep their own names',
      records: [{ myid: 1 }, { myid: 2 }, { myid: 1 }],
      want: ['zk-myid-1', 'zk-myid-2', 'zk-myid-1'],
    },
    { name: 'nothing known', records: [{}, {}], want: [null, null] },
  ];
  for (const c of cases) {
    const st = emptyZkTrackerState();
    assert.deepEqual(
      c.records.map((r) => observeZkRecord(st, rec(r))),
      c.want,
      c.name,
    );
  }
});

test('what the first lines of a log say about its server, table', () => {
  const L33 = [
    'JMX enabled by default',
    '2025-11-03 01:07:52,450 - INFO  [main:QuorumPeerMain@119] - Starting quorum peer',
    '2025-11-03 01:07:52,458 - INFO  [main:NIOServerCnxn$Factory@143] - binding to port 0.0.0.0/0.0.0.0:2182',
    '2025-11-03 01:07:52,485 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2182:QuorumPeer@621] - LOOKING',
    '2025-11-03 01:07:52,487 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2182:FastLeaderElection@663] - New election. My id =  2, Proposed zxid = 0',
  ];
  const cases: { name: string; lines: string[]; first: unknown; portMyid: Record<string, number>; addrs?: Record<string, string> }[] = [
    {
      name: '3.3: port first, then `My id`: named by the myid',
      lines: L33,
      first: { node: 'zk-myid-2', from: 'zk_myid' },
      portMyid: { 2182: 2 },
    },
    {
      name: '3.3 without `My id` in the first bytes: the port',
      lines: L33.slice(0, 4),
      first: { node: 'zk-port-2182', from: 'zk_port' },
      portMyid: {},
    },
    {
      name: '3.6 myid and a specific address',
      lines: [
        '2021-05-06T08:00:00,300 [myid:] - INFO  [QuorumPeer[myid=3](plain=10.0.0.3:2181)(secure=disabled):QuorumPeer@863] - Peer state changed: looking',
      ],
      first: { node: 'zk-myid-3', from: 'zk_myid' },
      portMyid: { 2181: 3 },
      addrs: { 'zk-myid-3': '10.0.0.3:2181' },
    },
    { name: 'banner only', lines: ['JMX enabled by default', 'STARTED'], first: null, portMyid: {} },
  ];
  for (const c of cases) {
    const h = zkHeadHints(c.lines);
    assert.deepEqual(h.first, c.first, c.name);
    assert.deepEqual(h.seed.portMyid, c.portMyid, `${c.name}: ports`);
    assert.equal(h.seed.current, null, `${c.name}: the scan starts with no current server`);
    if (c.addrs) assert.deepEqual(h.seed.addrs, c.addrs, `${c.name}: addresses`);
  }
});
