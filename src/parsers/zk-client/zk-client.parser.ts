/**
 * The ZooKeeper C client's own log line. ZBS services embed it in a glog record's message:
 *
 *   [ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response
 *
 * and other programs let the client write it raw, one line per record (the `zk-client` format):
 *
 *   2012-11-02 15:06:41,926:14238(0x7fdd8c3c2700):ZOO_INFO@log_env@658: Client environment:zookeeper.version=zookeeper C client 3.4.5
 *
 * One grammar for both. It carries a full date with a year, which glog lines lack.
 */
import type { Level } from '../../model/event.js';
import type { RecordHead } from '../record-head.js';
import { localDateTimeFromGroups, type LocalDateTime } from '../../time/local-date-time.js';

/** The client's own clock reading (to the millisecond) and what it logged. */
export interface ZkClientLine extends LocalDateTime {
  pid: number;
  thread: string;
  level: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  func: string;
  text: string;
}

const ZK_CLIENT_GRAMMAR = [
  '(?<y>\\d{4})-(?<mo>\\d{2})-(?<d>\\d{2}) (?<h>\\d{2}):(?<mi>\\d{2}):(?<s>\\d{2}),(?<ms>\\d{3})', // client clock
  ':(?<pid>\\d+)\\((?<thread>0x[0-9a-fA-F]+)\\)', //  pid(thread)
  ':ZOO_(?<level>ERROR|WARN|INFO|DEBUG)@(?<func>\\w+)@\\d+: ?', // level@function@line (3.6+ may omit the space before an empty text)
].join('');
/** Anywhere in a glog message (after ZBS's `[ZOO] func:line ` prefix). */
const ZK_CLIENT_EMBEDDED = new RegExp(ZK_CLIENT_GRAMMAR + '(?<text>.*)$');
/** At the start of a raw client log line; the message follows the match. */
const ZK_CLIENT_HEAD = new RegExp('^' + ZK_CLIENT_GRAMMAR);

export function parseZkClientLine(message: string): ZkClientLine | null {
  const m = ZK_CLIENT_EMBEDDED.exec(message);
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

/** A raw client log record head: what every record head says, plus the client's pid. */
export interface ZkClientHead extends RecordHead {
  year: number;
  pid: number;
}

export type ZkClientParse = { ok: true; head: ZkClientHead } | { ok: false; reason: 'not_a_record' | 'bad_header' };

const LEVELS: Record<string, Level> = { ERROR: 'E', WARN: 'W', INFO: 'I', DEBUG: 'I' };

/** A raw client record starts `yyyy-mm-dd hh:mm:ss,mmm:pid(0x…):ZOO_`; like ZooKeeper's server lines, `yyyy-` first. */
export function parseZkClientHead(line: string): ZkClientParse {
  if (line.length < 24 || line.charCodeAt(4) !== 45 || !/^\d{4}/.test(line)) return { ok: false, reason: 'not_a_record' };
  const m = ZK_CLIENT_HEAD.exec(line);
  if (!m?.groups) return { ok: false, reason: 'bad_header' };
  const g = m.groups;
  return { ok: true, head: { ...localDateTimeFromGroups(g), level: LEVELS[g.level!]!, pid: +g.pid!, msgStart: m[0].length } };
}
