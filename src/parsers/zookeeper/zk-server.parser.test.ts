import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeZkHead, parseZkServerHead, parseZkThread, zkMessageIdentity } from './zk-server.parser.js';

/** Good lines of every server version: the fields and message the parser must give. */
const GOOD_LINES: { name: string; line: string; want: Record<string, unknown>; msg: string }[] = [
  {
    name: '3.6+ with T, empty [myid:], myid and address in the thread',
    line: '2022-08-18T12:46:00,955 [myid:] - INFO  [QuorumPeer[myid=4](plain=172.17.57.25:2181)(secure=disabled):QuorumPeer@748] - Peer state changed: looking',
    want: {
      year: 2022,
      month: 8,
      day: 18,
      hour: 12,
      minute: 46,
      second: 0,
      micros: 955000,
      level: 'I',
      myid: 4,
      serverAddr: '172.17.57.25:2181',
      clientPort: 2181,
      logger: 'QuorumPeer',
      junk: 0,
    },
    msg: 'Peer state changed: looking',
  },
  {
    name: 'seed follower warning',
    line: '2022-08-18T12:45:55,903 [myid:] - WARN [QuorumPeer[myid=3](plain=172.17.57.24:2181)(secure=disabled):Follower@100] - Exception when following the leader',
    want: { level: 'W', myid: 3, serverAddr: '172.17.57.24:2181' },
    msg: 'Exception when following the leader',
  },
  {
    name: '3.4 space separator, no [myid], myid and IPv6 wildcard port in the thread',
    line: '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    want: { year: 2015, myid: 1, clientPort: 2181, serverAddr: '0:0:0:0:0:0:0:0:2181', logger: 'FastLeaderElection' },
    msg: 'Notification time out: 3200',
  },
  {
    name: '3.3.3 main thread: no identity',
    line: '2025-11-03 01:07:52,449 - INFO  [main:QuorumPeerMain@119] - Starting quorum peer',
    want: { myid: null, clientPort: null, serverAddr: null, thread: 'main', logger: 'QuorumPeerMain' },
    msg: 'Starting quorum peer',
  },
  {
    name: '3.3.3 QuorumPeer thread: the client port only',
    line: '2025-11-03 01:07:52,485 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2182:QuorumPeer@621] - LOOKING',
    want: { myid: null, clientPort: 2182, thread: 'QuorumPeer:/0:0:0:0:0:0:0:0:2182' },
    msg: 'LOOKING',
  },
  {
    name: '3.3.3 NIO factory thread: the client port',
    line: '2025-11-03 01:10:18,601 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2183:NIOServerCnxn@1435] - Closed socket connection',
    want: { myid: null, clientPort: 2183, serverAddr: '0.0.0.0:2183' },
    msg: 'Closed socket connection',
  },
  {
    name: '3.4 [myid:2] on the main thread',
    line: '2016-11-02 12:44:41,035 [myid:2] - INFO  [main:QuorumPeerMain@127] - Starting quorum peer',
    want: { myid: 2, clientPort: null },
    msg: 'Starting quorum peer',
  },
  {
    name: '3.5 [myid:3] error',
    line: '2019-01-01 10:00:00,123 [myid:3] - ERROR [main:QuorumPeerMain@89] - Unexpected exception, exiting abnormally',
    want: { myid: 3, level: 'E' },
    msg: 'Unexpected exception, exiting abnormally',
  },
  {
    name: '3.5/3.6 plain=/ address',
    line: '2020-03-01 10:00:00,123 [myid:1] - INFO  [QuorumPeer[myid=1](plain=/0:0:0:0:0:0:0:0:2181)(secure=disabled):QuorumPeer@1193] - LOOKING',
    want: { myid: 1, clientPort: 2181, serverAddr: '0:0:0:0:0:0:0:0:2181' },
    msg: 'LOOKING',
  },
  {
    name: 'logback 3.8 with package-qualified logger and a bracketed IPv6 address',
    line: '2023-05-01 12:00:00,123 [myid:1] - INFO  [QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.QuorumPeer@1435] - LOOKING',
    want: { myid: 1, logger: 'o.a.z.s.q.QuorumPeer', serverAddr: '0:0:0:0:0:0:0:0:2181', clientPort: 2181 },
    msg: 'LOOKING',
  },
  {
    name: '3.9 `.` millis, plain=disabled: no client port',
    line: '2024-02-01 09:00:00.001 [myid:5] - INFO  [QuorumPeer[myid=5](plain=disabled)(secure=[0:0:0:0:0:0:0:0]:2281):o.a.z.s.q.QuorumPeer@1470] - FOLLOWING',
    want: { myid: 5, clientPort: null, serverAddr: null, micros: 1000 },
    msg: 'FOLLOWING',
  },
  {
    name: '3.4 ProcessThread names its own sid and client port',
    line: '2016-11-02 12:44:45,000 [myid:] - INFO  [ProcessThread(sid:2 cport:2182)::PrepRequestProcessor@645] - Got user-level KeeperException',
    want: { myid: 2, clientPort: 2182 },
    msg: 'Got user-level KeeperException',
  },
  {
    name: 'a remote peer in the thread name is not the server',
    line: '2016-11-02 12:44:45,000 - WARN  [RecvWorker:3:QuorumCnxManager$RecvWorker@762] - Connection broken for id 3',
    want: { myid: null, clientPort: null },
    msg: 'Connection broken for id 3',
  },
  {
    name: 'glued to one JUnit dot',
    line: '.2021-07-28 13:31:16,997 [myid:] - INFO  [main:QuorumPeerTestBase$MainThread@132] - id = 1',
    want: { year: 2021, second: 16, junk: 1, myid: null },
    msg: 'id = 1',
  },
  {
    name: 'glued to a JUnit progress run with a failure mark',
    line: '..F.2021-07-28 13:31:17,001 [myid:2] - INFO  [QuorumPeer[myid=2](plain=/127.0.0.1:11222)(secure=disabled):QuorumPeer@1193] - FOLLOWING',
    want: { junk: 4, myid: 2, serverAddr: '127.0.0.1:11222', clientPort: 11222 },
    msg: 'FOLLOWING',
  },
];

/** Lines that are no record head, each with the reason the parser must give. */
const BAD_LINES: [string, string, 'not_a_record' | 'bad_header'][] = [
  ['banner', 'JMX enabled by default', 'not_a_record'],
  ['stack trace', '\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)', 'not_a_record'],
  ['date only', '2022-08-18T12:46:00,955', 'not_a_record'],
  ['no level', '2022-08-18T12:46:00,955 [myid:] - [main:X@1] - y', 'bad_header'],
  ['junk that is not a progress mark', 'x2021-07-28 13:31:16,997 [myid:] - INFO  [main:X@1] - y', 'not_a_record'],
  ['more progress marks than a glued head may have', '.........2021-07-28 13:31:16,997 [myid:] - INFO  [main:X@1] - y', 'not_a_record'],
  ['a message that holds a date', 'Caused by: 2021-07-28 13:31:16,997 [myid:] - INFO  [main:X@1] - y', 'not_a_record'],
];

test('ZooKeeper server lines 3.3 → 3.9, table', () => {
  for (const c of GOOD_LINES) {
    const r = parseZkServerHead(c.line);
    assert.ok(r.ok, c.name);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual(r.head[k as keyof typeof r.head], v, `${c.name}: ${k}`);
    assert.equal(c.line.slice(r.head.msgStart), c.msg, `${c.name}: message`);
  }
  for (const [name, line, reason] of BAD_LINES) assert.deepEqual(parseZkServerHead(line), { ok: false, reason }, name);
  assert.equal(looksLikeZkHead('E2021-07-28 13:31:16,997 x'), true, 'an `E` progress mark');
});

test('thread names and messages that name the server, table', () => {
  const threads: [string, { myid: number | null; port: number | null; addr: string | null }][] = [
    ['QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181', { myid: 1, port: 2181, addr: '0:0:0:0:0:0:0:0:2181' }],
    ['QuorumPeer:/0:0:0:0:0:0:0:0:2182', { myid: null, port: 2182, addr: '0:0:0:0:0:0:0:0:2182' }],
    ['QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled)', { myid: 1, port: 2181, addr: '0:0:0:0:0:0:0:0:2181' }],
    ['QuorumPeer[myid=4](plain=172.17.57.25:2181)(secure=disabled)', { myid: 4, port: 2181, addr: '172.17.57.25:2181' }],
    ['QuorumPeer[myid=1](plain=/0.0.0.0:2181)(secure=disabled)', { myid: 1, port: 2181, addr: '0.0.0.0:2181' }],
    ['NIOServerCxnFactory.AcceptThread:0.0.0.0/0.0.0.0:2181', { myid: null, port: 2181, addr: '0.0.0.0:2181' }],
    ['WorkerReceiver[myid=3]', { myid: 3, port: null, addr: null }],
    ['SyncThread:2', { myid: 2, port: null, addr: null }],
    ['LearnerHandler-/127.0.0.1:51234', { myid: null, port: null, addr: null }],
    ['SendWorker:2', { myid: null, port: null, addr: null }],
    ['main', { myid: null, port: null, addr: null }],
  ];
  for (const [thread, want] of threads) assert.deepEqual(parseZkThread(thread), want, thread);
  const messages: [string, { myid: number | null; port: number | null }][] = [
    ['New election. My id =  1, Proposed zxid = 0', { myid: 1, port: null }],
    ['New election. My id =  3, proposed zxid=0x0', { myid: 3, port: null }],
    ['binding to port 0.0.0.0/0.0.0.0:2182', { myid: null, port: 2182 }],
    ['binding to port /0.0.0.0:2183', { myid: null, port: 2183 }],
    ['Connection broken for id 2, my id = 1, error = x', { myid: null, port: null }],
    ['LOOKING', { myid: null, port: null }],
  ];
  for (const [msg, want] of messages) assert.deepEqual(zkMessageIdentity(msg), want, msg);
});
