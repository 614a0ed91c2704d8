/**
 * ZooKeeper server logs, 3.3 to 3.9 (log4j in 3.3–3.7, logback in 3.8+):
 *
 *   2025-11-03 01:07:52,485 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2181:QuorumPeer@621] - LOOKING                      3.3
 *   2016-11-02 12:44:41,035 [myid:2] - INFO  [main:QuorumPeerMain@127] - Starting quorum peer                          3.4
 *   2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification
 *   2022-08-18T12:46:00,955 [myid:] - INFO  [QuorumPeer[myid=4](plain=172.17.57.25:2181)(secure=disabled):QuorumPeer@748] - Peer state changed: looking
 *   2023-01-01 10:00:00,123 [myid:1] - INFO  [QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.QuorumPeer@1470] - LEADING
 *   ..F.2021-07-28 13:31:16,997 [myid:] - INFO  [main:X@1] - y       a head glued to a test runner's progress marks
 *
 * Pure functions; lines that do not start with a timestamp are continuation lines
 * (Java stack traces) or start-up banners.
 */
import type { Level } from '../../model/event.js';
import type { RecordHead } from '../record-head.js';
import { localDateTimeFromGroups } from '../../time/local-date-time.js';

export interface ZkServerHead extends RecordHead {
  year: number;
  /** `[myid:N]`, else the server's own id in the thread name (`myid=N`, `sid:N`); null when neither says. */
  myid: number | null;
  thread: string;
  logger: string | null;
  /** The server's own client address from the thread name (`plain=ip:port`, `QuorumPeer:/ip:port`), if present. */
  serverAddr: string | null;
  /** The server's client port from the thread name, if present. */
  clientPort: number | null;
  /** Characters of test-runner noise before the timestamp (`.`, `..F.`); 0 for an ordinary head. */
  junk: number;
}

export type ZkServerParse = { ok: true; head: ZkServerHead } | { ok: false; reason: 'not_a_record' | 'bad_header' };

/** Longest run of progress marks a head may be glued to. */
export const MAX_HEAD_JUNK = 8;

/** JUnit text-runner progress marks: `.` per test, `F` failure, `E` error, `I` ignored. */
export function isHeadJunkByte(c: number): boolean {
  return c === 46 || c === 70 || c === 69 || c === 73; // . F E I
}

const ZK_LINE = new RegExp(
  [
    '^(?<junk>[.FEI]{0,8})', //                           test-runner progress marks glued to the head
    '(?<y>\\d{4})-(?<mo>\\d{2})-(?<d>\\d{2})', //        date
    '[T ](?<h>\\d{2}):(?<mi>\\d{2}):(?<s>\\d{2})[,.](?<ms>\\d{3})', // `T` or space, millis
    '(?: \\[myid:(?<myid>\\d*)\\])?', //                 3.4+: [myid:N] or [myid:]
    ' - (?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL) *', // log level, padded
    '\\[(?<thread>.*?)(?::(?<logger>[\\w.$]+)@\\d+)?\\] - ', // [thread:Logger@line]
  ].join(''),
);

/**
 * The threads that name their own server. Others name a remote one (`RecvWorker:2`,
 * `LearnerHandler-/10.0.0.2:51234`) and must not be read as identity.
 */
const THREAD_MYID = /\[myid=(?<myid>\d+)\]|^ProcessThread\(sid:(?<sid>\d+)|^(?:SyncThread|CommitProcessor):(?<own>\d+)$/;
const THREAD_ADDR = new RegExp(
  [
    '^(?:QuorumPeer(?:\\[myid=\\d+\\])?(?:\\(plain=|:?/)', // QuorumPeer[myid=1]/…, QuorumPeer:/…, QuorumPeer[…](plain=…
    '|NIOServerCxn\\.?Factory(?:\\.AcceptThread)?:(?:[^/]*/)?)', // NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181
    '/?(?<addr>\\[?(?<host>[\\w.:%-]*?)\\]?:(?<port>\\d{1,5}))(?:\\)|$)', // host:port, IPv6 bare or bracketed
  ].join(''),
);
const THREAD_CPORT = /cport:(?<port>\d{1,5})\)/;

const LEVELS: Record<string, Level> = { TRACE: 'I', DEBUG: 'I', INFO: 'I', WARN: 'W', ERROR: 'E', FATAL: 'F' };

/** Cheap pre-test: a ZooKeeper record starts with `yyyy-`, perhaps after a few progress marks. */
export function looksLikeZkHead(line: string): boolean {
  let i = 0;
  while (i < MAX_HEAD_JUNK && isHeadJunkByte(line.charCodeAt(i))) i++;
  return line.length > i + 23 && line.charCodeAt(i + 4) === 45 && isDigit(line.charCodeAt(i)) && isDigit(line.charCodeAt(i + 3));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface ZkThreadIdentity {
  myid: number | null;
  port: number | null;
  /** `host:port` (IPv6 without brackets), as the thread writes it. */
  addr: string | null;
}

/** Thread names repeat on almost every line: each is read once (a bounded memo, cleared when full). */
const threadMemo = new Map<string, ZkThreadIdentity>();
const THREAD_MEMO_MAX = 4096;

/** What a thread name says about the server that logs it. */
export function parseZkThread(thread: string): ZkThreadIdentity {
  let t = threadMemo.get(thread);
  if (t) return t;
  if (threadMemo.size >= THREAD_MEMO_MAX) threadMemo.clear();
  threadMemo.set(thread, (t = readZkThread(thread)));
  return t;
}

function readZkThread(thread: string): ZkThreadIdentity {
  const id = THREAD_MYID.exec(thread)?.groups;
  const a = THREAD_ADDR.exec(thread)?.groups;
  const cport = a ? undefined : THREAD_CPORT.exec(thread)?.groups?.port;
  const port = a ? Number(a.port) : cport !== undefined ? Number(cport) : null;
  // A standalone server's threads say sid 0 (`ProcessThread(sid:0 cport:2181)`, `SyncThread:0`):
  // no server id at all; a quorum peer's ProcessThread has cport:-1.
  const standalone = (id?.sid === '0' && port !== null && port > 0) || id?.own === '0';
  const myidText = standalone ? undefined : (id?.myid ?? id?.sid ?? id?.own);
  return {
    myid: myidText !== undefined ? Number(myidText) : null,
    port: port !== null && port > 0 && port < 65536 ? port : null,
    addr: a && a.host ? `${a.host}:${a.port}` : null,
  };
}

export function parseZkServerHead(line: string): ZkServerParse {
  if (!looksLikeZkHead(line)) return { ok: false, reason: 'not_a_record' };
  const m = ZK_LINE.exec(line);
  if (!m?.groups) return { ok: false, reason: 'bad_header' };
  const g = m.groups;
  const thread = g.thread!;
  const t = parseZkThread(thread);
  return {
    ok: true,
    head: {
      ...localDateTimeFromGroups(g),
      level: LEVELS[g.level!] ?? 'I',
      myid: g.myid ? Number(g.myid) : t.myid,
      thread,
      logger: g.logger ?? null,
      serverAddr: t.addr,
      clientPort: t.port,
      junk: g.junk!.length,
      msgStart: m[0].length,
    },
  };
}

/** Messages that name the server's own id or client port (3.3 has no myid anywhere else). */
const MESSAGE_IDENTITY = /My id =\s+(?<myid>\d+)|binding to port (?:[^/\s]*\/)?(?:[\w.:%\-[\]]*):(?<port>\d{1,5})\s*$/;

export function zkMessageIdentity(message: string): { myid: number | null; port: number | null } {
  const g = MESSAGE_IDENTITY.exec(message)?.groups;
  return { myid: g?.myid !== undefined ? Number(g.myid) : null, port: g?.port !== undefined ? Number(g.port) : null };
}
