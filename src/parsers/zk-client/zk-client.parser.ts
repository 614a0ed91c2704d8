/**
 * The ZooKeeper C client's own line, embedded in a glog record's message by ZBS:
 *
 *   [ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response
 *
 * It carries a full date with a year, which glog lines lack.
 */
import { localDateTimeFromGroups, type LocalDateTime } from '../../time/local-date-time.js';

/** The client's own clock reading (to the millisecond) and what it logged. */
export interface ZkClientLine extends LocalDateTime {
  pid: number;
  thread: string;
  level: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  func: string;
  text: string;
}

const ZK_CLIENT = new RegExp(
  [
    '(?<y>\\d{4})-(?<mo>\\d{2})-(?<d>\\d{2}) (?<h>\\d{2}):(?<mi>\\d{2}):(?<s>\\d{2}),(?<ms>\\d{3})', // client clock
    ':(?<pid>\\d+)\\((?<thread>0x[0-9a-fA-F]+)\\)', //  pid(thread)
    ':ZOO_(?<level>ERROR|WARN|INFO|DEBUG)@(?<func>\\w+)@\\d+: ', // level@function@line
    '(?<text>.*)$',
  ].join(''),
);

export function parseZkClientLine(message: string): ZkClientLine | null {
  const m = ZK_CLIENT.exec(message);
  if (!m?.groups) return null;
  const g = m.groups;
  return {
    ...localDateTimeFromGroups(g),
    pid: +g.pid!,
    thread: g.thread!,
    level: g.level as ZkClientLine['level'],
    func: g.func!,
    text: g.text!,
  };
}
