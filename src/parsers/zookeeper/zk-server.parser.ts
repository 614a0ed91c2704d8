/**
 * ZooKeeper server logs (log4j in 3.3–3.7, logback in 3.8+):
 *
 *   2022-08-18T12:46:00,955 [myid:] - INFO  [QuorumPeer[myid=4](plain=172.17.57.25:2181)(secure=disabled):QuorumPeer@748] - Peer state changed: looking
 *   2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200
 *
 * Pure functions; lines that do not start with a timestamp are continuation lines
 * (Java stack traces) or start-up banners.
 */
import type { Level } from '../../model/event.js';
import type { RecordHead } from '../record-head.js';
import { localDateTimeFromGroups } from '../../time/local-date-time.js';

export interface ZkServerHead extends RecordHead {
  year: number;
  /** `[myid:N]` or `myid=N` in the thread name; null when neither says. */
  myid: number | null;
  thread: string;
  logger: string | null;
  /** The server's own client address from the thread name (`plain=ip:port`), if present. */
  serverAddr: string | null;
}

export type ZkServerParse = { ok: true; head: ZkServerHead } | { ok: false; reason: 'not_a_record' | 'bad_header' };

const ZK_LINE = new RegExp(
  [
    '^(?<y>\\d{4})-(?<mo>\\d{2})-(?<d>\\d{2})', //        date
    '[T ](?<h>\\d{2}):(?<mi>\\d{2}):(?<s>\\d{2})[,.](?<ms>\\d{3})', // `T` or space, millis
    '(?: \\[myid:(?<myid>\\d*)\\])?', //                 3.4+: [myid:N] or [myid:]
    ' - (?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL) *', // log level, padded
    '\\[(?<thread>.*?)(?::(?<logger>[\\w.$]+)@\\d+)?\\] - ', // [thread:Logger@line]
  ].join(''),
);

const LEVELS: Record<string, Level> = { TRACE: 'I', DEBUG: 'I', INFO: 'I', WARN: 'W', ERROR: 'E', FATAL: 'F' };

/** Cheap pre-test: a ZooKeeper record starts with `yyyy-`. */
export function looksLikeZkHead(line: string): boolean {
  return line.length > 23 && line.charCodeAt(4) === 45 && isDigit(line.charCodeAt(0)) && isDigit(line.charCodeAt(3));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function parseZkServerHead(line: string): ZkServerParse {
  if (!looksLikeZkHead(line)) return { ok: false, reason: 'not_a_record' };
  const m = ZK_LINE.exec(line);
  if (!m?.groups) return { ok: false, reason: 'bad_header' };
  const g = m.groups;
  const thread = g.thread!;
  const threadMyid = /myid=(\d+)/.exec(thread);
  const myidText = g.myid || threadMyid?.[1];
  const plain = /plain=\[?([^)\]]+?)\]?(?::(\d+))?\)/.exec(thread);
  return {
    ok: true,
    head: {
      ...localDateTimeFromGroups(g),
      level: LEVELS[g.level!] ?? 'I',
      myid: myidText ? Number(myidText) : null,
      thread,
      logger: g.logger ?? null,
      serverAddr: plain ? (plain[2] ? `${plain[1]}:${plain[2]}` : plain[1]!) : null,
      msgStart: m[0].length,
    },
  };
}
