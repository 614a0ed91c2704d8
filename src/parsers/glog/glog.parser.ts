/**
 * glog: the format of every ZBS C++ service.
 *
 *   Log file created at: 2022/08/15 18:46:16
 *   Running on machine: node57-27
 *   Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg
 *   W0818 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : ...
 *
 * Pure functions from a line (or a file name) to a result; no I/O, no state.
 */
import type { Level } from '../../model/event.js';
import type { RecordHead } from '../record-head.js';

/** One glog record head. Month/day/time are local wall-clock; the year is not in the line. */
/** `year` is present only with the `yyyymmdd` prefix of newer glog versions. */
export interface GlogHead extends RecordHead {
  /** Thread ids can exceed 2^31; kept as text. */
  threadId: string;
  file: string;
  fileLine: number;
}

export type GlogParse = { ok: true; head: GlogHead } | { ok: false; reason: GlogBadReason };
export type GlogBadReason = 'not_a_record' | 'bad_header';

const GLOG_LINE = new RegExp(
  [
    '^(?<level>[IWEF])', //                 severity letter
    '(?<year>\\d{4})?(?<month>\\d{2})(?<day>\\d{2})', // yyyymmdd (new) or mmdd (classic)
    ' (?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})\\.(?<micros>\\d{6})',
    ' +(?<thread>(?:0x)?[0-9a-fA-F]+)', //   thread id, space-padded, may be hex
    ' (?<file>[^:\\] ]+):(?<fileLine>\\d+)\\] ?', // source file:line]
  ].join(''),
);

/** Cheap test used on every line by the scanner: does it start like a glog record? */
export function looksLikeGlogHead(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c !== 73 && c !== 87 && c !== 69 && c !== 70) return false; // I W E F
  const d = line.charCodeAt(1);
  return d >= 48 && d <= 57;
}

export function parseGlogHead(line: string): GlogParse {
  if (!looksLikeGlogHead(line)) return { ok: false, reason: 'not_a_record' };
  const m = GLOG_LINE.exec(line);
  if (!m || !m.groups) return { ok: false, reason: 'bad_header' };
  const g = m.groups;
  return {
    ok: true,
    head: {
      level: g.level as Level,
      year: g.year ? Number(g.year) : null,
      month: Number(g.month),
      day: Number(g.day),
      hour: Number(g.hour),
      minute: Number(g.minute),
      second: Number(g.second),
      micros: Number(g.micros),
      threadId: g.thread!,
      file: g.file!,
      fileLine: Number(g.fileLine),
      msgStart: m[0].length,
    },
  };
}

/** Bytes of a line the record-head grammar may span; longer heads are not heads (as for the text parser's callers). */
export const GLOG_HEAD_MAX_BYTES = 512;

/**
 * The same grammar as GLOG_LINE, read straight from the bytes of a block: the scanner
 * parses a head for every candidate record, and a string plus a regex match per head
 * cost more than the rest of the record. Returns only what a RecordHead needs; the
 * differential test in glog.parser.test.ts holds it to parseGlogHead's answers.
 * `end` is the end of the line (or of the buffer).
 */
export function parseGlogRecordHeadAt(
  b: Uint8Array,
  at: number,
  end: number,
): { ok: true; head: RecordHead } | { ok: false; reason: GlogBadReason } {
  const lim = Math.min(end, at + GLOG_HEAD_MAX_BYTES);
  const c = at < lim ? b[at]! : 0;
  if ((c !== 73 && c !== 87 && c !== 69 && c !== 70) || at + 1 >= lim || !isDigit(b[at + 1]!)) return { ok: false, reason: 'not_a_record' };
  const bad = { ok: false, reason: 'bad_header' } as const;
  // [IWEF] then 4 or 8 digits then a space: mmdd, or yyyymmdd.
  let p = at + 1;
  while (p < lim && isDigit(b[p]!)) p++;
  const digits = p - at - 1;
  if ((digits !== 4 && digits !== 8) || p >= lim || b[p] !== 32) return bad;
  const d0 = at + 1;
  const year = digits === 8 ? num(b, d0, 4) : null;
  const md = d0 + digits - 4;
  // ' hh:mm:ss.uuuuuu'
  p++;
  if (p + 15 > lim || b[p + 2] !== 58 || b[p + 5] !== 58 || b[p + 8] !== 46) return bad;
  for (const k of [0, 1, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14]) if (!isDigit(b[p + k]!)) return bad;
  const hour = num(b, p, 2),
    minute = num(b, p + 3, 2),
    second = num(b, p + 6, 2),
    micros = num(b, p + 9, 6);
  p += 15;
  // ' +' thread id `(?:0x)?[0-9a-fA-F]+' '`
  if (p >= lim || b[p] !== 32) return bad;
  while (p < lim && b[p] === 32) p++;
  if (p + 2 < lim && b[p] === 48 && b[p + 1] === 120 && isHex(b[p + 2]!)) p += 2;
  const t0 = p;
  while (p < lim && isHex(b[p]!)) p++;
  if (p === t0 || p >= lim || b[p] !== 32) return bad;
  p++;
  // `file:line]` then an optional space; the file holds no ':', ']' or space.
  const f0 = p;
  while (p < lim && b[p] !== 58 && b[p] !== 93 && b[p] !== 32) p++;
  if (p === f0 || p >= lim || b[p] !== 58) return bad;
  p++;
  const l0 = p;
  while (p < lim && isDigit(b[p]!)) p++;
  if (p === l0 || p >= lim || b[p] !== 93) return bad;
  p++;
  if (p < lim && b[p] === 32) p++;
  return {
    ok: true,
    head: {
      level: String.fromCharCode(c) as Level,
      year,
      month: num(b, md, 2),
      day: num(b, md + 2, 2),
      hour,
      minute,
      second,
      micros,
      msgStart: p - at,
    },
  };
}

const isDigit = (x: number): boolean => x >= 48 && x <= 57;
const isHex = (x: number): boolean => isDigit(x) || (x >= 97 && x <= 102) || (x >= 65 && x <= 70);
function num(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + (b[at + k]! - 48);
  return v;
}

/** `Log file created at: 2022/08/15 18:46:16` — the only place a glog file states its year. */
const CREATED_AT = /^Log file created at: (?<y>\d{4})\/(?<mo>\d{2})\/(?<d>\d{2}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})/;
const RUNNING_ON = /^Running on machine: (?<host>\S+)/;

export interface GlogFileHeader {
  createdAt?: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  host?: string;
}

/** Reads the header lines at the top of a glog file; absent fields stay undefined. */
export function parseGlogFileHeader(lines: readonly string[]): GlogFileHeader {
  const out: GlogFileHeader = {};
  for (const line of lines.slice(0, 4)) {
    const c = CREATED_AT.exec(line);
    if (c?.groups) {
      const g = c.groups;
      out.createdAt = { year: +g.y!, month: +g.mo!, day: +g.d!, hour: +g.h!, minute: +g.mi!, second: +g.s! };
    }
    const r = RUNNING_ON.exec(line);
    if (r?.groups) out.host = r.groups.host;
  }
  return out;
}

export function isGlogHeaderLine(line: string): boolean {
  return line.startsWith('Log file created at:') || line.startsWith('Running on machine:') || line.startsWith('Log line format:');
}

/**
 * glog file names: `<program>[.<host>.<user>].log[.<SEVERITY>].<yyyymmdd-hhmmss>.<pid>[.gz]`.
 * Seen: `zbs-chunkd.log.20220815-184616.8491`, `mainboard.log.INFO.20231109-001850.58754`.
 */
const GLOG_FILE_NAME = new RegExp(
  [
    '^(?<program>[^.]+)', //                   program name: first dotted part
    '(?:\\.[^/]*?)?\\.log', //                  optional host.user, then `.log`
    '(?:\\.(?<severity>INFO|WARNING|ERROR|FATAL))?', // per-severity files
    '\\.(?<stamp>\\d{8}-\\d{6})', //            process start, local time
    '\\.(?<pid>\\d+)', //                       process id
    '(?:\\.gz)?$',
  ].join(''),
  'i',
);

export interface GlogFileName {
  program: string;
  severity: 'INFO' | 'WARNING' | 'ERROR' | 'FATAL' | null;
  start: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  pid: number;
}

export function parseGlogFileName(base: string): GlogFileName | null {
  const m = GLOG_FILE_NAME.exec(base);
  if (!m?.groups) return null;
  const s = m.groups.stamp!;
  return {
    program: m.groups.program!,
    severity: (m.groups.severity?.toUpperCase() as GlogFileName['severity']) ?? null,
    start: {
      year: +s.slice(0, 4),
      month: +s.slice(4, 6),
      day: +s.slice(6, 8),
      hour: +s.slice(9, 11),
      minute: +s.slice(11, 13),
      second: +s.slice(13, 15),
    },
    pid: Number(m.groups.pid),
  };
}
