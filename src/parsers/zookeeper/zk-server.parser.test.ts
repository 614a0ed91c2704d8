import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZkServerHead } from './zk-server.parser.js';

test('ZooKeeper server lines, table', () => {
  const cases: { name: string; line: string; want: Record<string, unknown>; msg: string }[] = [
    {
      name: '3.6+ with T, empty [myid:], myid and address in the thread',
      line: '2022-08-18T12:46:00,955 [myid:] - INFO  [QuorumPeer[myid=4](plain=172.17.57.25:2181)(secure=disabled):QuorumPeer@748] - Peer state changed: looking',
      want: { year: 2022, month: 8, day: 18, hour: 12, minute: 46, second: 0, micros: 955000, level: 'I', myid: 4, serverAddr: '172.17.57.25:2181', logger: 'QuorumPeer' },
      msg: 'Peer state changed: looking',
    },
    {
      name: 'seed follower warning',
      line: '2022-08-18T12:45:55,903 [myid:] - WARN [QuorumPeer[myid=3](plain=172.17.57.24:2181)(secure=disabled):Follower@100] - Exception when following the leader',
      want: { level: 'W', myid: 3, serverAddr: '172.17.57.24:2181' },
      msg: 'Exception when following the leader',
    },
    {
      name: 'space separator, no [myid], myid in thread name only',
      line: '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
      want: { year: 2015, myid: 1, serverAddr: null, logger: 'FastLeaderElection' },
      msg: 'Notification time out: 3200',
    },
    {
      name: '3.3.3 main thread',
      line: '2025-11-03 01:07:52,449 - INFO  [main:QuorumPeerMain@119] - Starting quorum peer',
      want: { myid: null, thread: 'main', logger: 'QuorumPeerMain' },
      msg: 'Starting quorum peer',
    },
    {
      name: '3.5 [myid:3]',
      line: '2019-01-01 10:00:00,123 [myid:3] - ERROR [main:QuorumPeerMain@89] - Unexpected exception, exiting abnormally',
      want: { myid: 3, level: 'E' },
      msg: 'Unexpected exception, exiting abnormally',
    },
    {
      name: 'logback 3.8 with package-qualified logger',
      line: '2023-05-01 12:00:00,123 [myid:1] - INFO  [QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.QuorumPeer@1435] - LOOKING',
      want: { myid: 1, logger: 'o.a.z.s.q.QuorumPeer', serverAddr: '0:0:0:0:0:0:0:0:2181' },
      msg: 'LOOKING',
    },
  ];
  for (const c of cases) {
    const r = parseZkServerHead(c.line);
    assert.ok(r.ok, c.name);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual(r.head[k as keyof typeof r.head], v, `${c.name}: ${k}`);
    assert.equal(c.line.slice(r.head.msgStart), c.msg, `${c.name}: message`);
  }
  const bad: [string, string][] = [
    ['banner', 'JMX enabled by default'],
    ['stack trace', '\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)'],
    ['date only', '2022-08-18T12:46:00,955'],
    ['no level', '2022-08-18T12:46:00,955 [myid:] - [main:X@1] - y'],
  ];
  for (const [name, line] of bad) assert.equal(parseZkServerHead(line).ok, false, name);
});
