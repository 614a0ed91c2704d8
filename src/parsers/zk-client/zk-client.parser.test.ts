import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZkClientHead, parseZkClientLine } from './zk-client.parser.js';

test('ZooKeeper C client line inside a glog message, table', () => {
  const seed =
    '[ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response';
  const r = parseZkClientLine(seed);
  assert.ok(r);
  assert.deepEqual(
    {
      y: r.year,
      mo: r.month,
      d: r.day,
      h: r.hour,
      mi: r.minute,
      s: r.second,
      ms: r.micros / 1000,
      pid: r.pid,
      thread: r.thread,
      level: r.level,
      func: r.func,
    },
    {
      y: 2022,
      mo: 8,
      d: 18,
      h: 12,
      mi: 46,
      s: 3,
      ms: 922,
      pid: 13171,
      thread: '0x7fe9be9e2700',
      level: 'ERROR',
      func: 'handle_socket_error_msg',
    },
  );
  assert.match(r.text, /^Socket \[172\.17\.57\.24:2181\] zk retcode=-4/);
  const none = ['heartbeat ok', '[ZOO] garbled 2022-08-18 12:46', ''];
  for (const m of none) assert.equal(parseZkClientLine(m), null, m);
});

test('raw ZooKeeper C client record heads, table', () => {
  type Want =
    { ok: true; level: string; ymd: string; hms: string; micros: number; pid: number; msg: string } | { ok: false; reason: string };
  const cases: { name: string; line: string; want: Want }[] = [
    {
      name: '3.4 environment banner record',
      line: '2012-11-02 15:06:41,926:14238(0x7fdd8c3c2700):ZOO_INFO@log_env@658: Client environment:zookeeper.version=zookeeper C client 3.4.5',
      want: {
        ok: true,
        level: 'I',
        ymd: '2012-11-02',
        hms: '15:06:41',
        micros: 926000,
        pid: 14238,
        msg: 'Client environment:zookeeper.version=zookeeper C client 3.4.5',
      },
    },
    {
      name: 'socket error',
      line: '2012-07-09 15:36:53,100:16474(0x7f0c118e2700):ZOO_ERROR@handle_socket_error_msg@1603: Socket [127.0.0.1:43964] zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
      want: {
        ok: true,
        level: 'E',
        ymd: '2012-07-09',
        hms: '15:36:53',
        micros: 100000,
        pid: 16474,
        msg: 'Socket [127.0.0.1:43964] zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
      },
    },
    {
      name: 'warning, short thread id (macOS)',
      line: '2021-05-06 17:25:34,283:11314(0x11454be00):ZOO_WARN@zookeeper_interest@1570: Exceeded deadline by 16ms',
      want: { ok: true, level: 'W', ymd: '2021-05-06', hms: '17:25:34', micros: 283000, pid: 11314, msg: 'Exceeded deadline by 16ms' },
    },
    {
      name: 'debug maps onto I',
      line: '2020-11-11 09:26:57,416:21244(0x7ff8dc3ed8c0):ZOO_DEBUG@start_threads@221: starting threads...',
      want: { ok: true, level: 'I', ymd: '2020-11-11', hms: '09:26:57', micros: 416000, pid: 21244, msg: 'starting threads...' },
    },
    {
      name: 'ZooKeeper server line is not a client record',
      line: '2015-07-29 17:41:44,747 - INFO  [main:QuorumPeerMain@127] - Starting quorum peer',
      want: { ok: false, reason: 'bad_header' },
    },
    { name: 'no thread id', line: '2012-11-02 15:06:41,926:14238:ZOO_INFO@log_env@658: x', want: { ok: false, reason: 'bad_header' } },
    {
      name: 'unknown level',
      line: '2012-11-02 15:06:41,926:14238(0x7f):ZOO_TRACE@log_env@658: x',
      want: { ok: false, reason: 'bad_header' },
    },
    { name: 'banner line', line: 'zookeeper_init success!', want: { ok: false, reason: 'not_a_record' } },
    { name: 'glog line', line: 'I0818 12:00:00.000000 1 a.cc:1] x', want: { ok: false, reason: 'not_a_record' } },
    { name: 'empty', line: '', want: { ok: false, reason: 'not_a_record' } },
  ];
  for (const c of cases) {
    const r = parseZkClientHead(c.line);
    const got: Want = r.ok
      ? {
          ok: true,
          level: r.head.level,
          ymd: `${r.head.year}-${String(r.head.month).padStart(2, '0')}-${String(r.head.day).padStart(2, '0')}`,
          hms: [r.head.hour, r.head.minute, r.head.second].map((n) => String(n).padStart(2, '0')).join(':'),
          micros: r.head.micros,
          pid: r.head.pid,
          msg: c.line.slice(r.head.msgStart),
        }
      : { ok: false, reason: r.reason };
    assert.deepEqual(got, c.want, c.name);
  }
});
