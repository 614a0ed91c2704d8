import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZkClientLine } from './zk-client.parser.js';

test('ZooKeeper C client line inside a glog message, table', () => {
  const seed =
    '[ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response';
  const r = parseZkClientLine(seed);
  assert.ok(r);
  assert.deepEqual(
    { y: r.year, mo: r.month, d: r.day, h: r.hour, mi: r.minute, s: r.second, ms: r.micros / 1000, pid: r.pid, thread: r.thread, level: r.level, func: r.func },
    { y: 2022, mo: 8, d: 18, h: 12, mi: 46, s: 3, ms: 922, pid: 13171, thread: '0x7fe9be9e2700', level: 'ERROR', func: 'handle_socket_error_msg' },
  );
  assert.match(r.text, /^Socket \[172\.17\.57\.24:2181\] zk retcode=-4/);
  const none = ['heartbeat ok', '[ZOO] garbled 2022-08-18 12:46', ''];
  for (const m of none) assert.equal(parseZkClientLine(m), null, m);
});
