/**
 * Log lines shared as grep / ripgrep output: each record behind the path it came from.
 *
 *   /var/log/zbs/zbs-chunkd.INFO:94873:I1218 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : …   (matched line: PATH:LINENO:)
 *   /var/log/zbs/zbs-chunkd.INFO-94874-Traceback:                                                                   (context line: PATH-LINENO-)
 *   --                                                                                                              (group separator)
 *   zbs-chunkd.INFO:I1218 12:46:00.433636 …                                                                         (no line numbers: PATH:)
 *
 * PATHs may hold `-` and `:`, so a split is trusted only where the rest starts like a
 * record head (`confirmGrepLine`); the other lines are split by the PATHs so confirmed
 * (`splitGrepLine`). Pure functions on one line each.
 */
import { parseGlogHead } from '../glog/glog.parser.js';
import { parseZkClientHead } from '../zk-client/zk-client.parser.js';
import { parseZkServerHead } from '../zookeeper/zk-server.parser.js';

export interface GrepLine {
  /** The file the line came from, as grep printed it; '' for `grep -n` on one file. */
  path: string;
  /** The line's number in that file; null when grep printed none (`grep -h`, `rg -N`). */
  lineNo: number | null;
  /** A context line (`-A/-B/-C`, `-` separators) rather than a matched one (`:`). */
  context: boolean;
  /** Where the log record's text starts in the line. */
  recordStart: number;
}

/** Splits are looked for only this far into a line: a PATH is not longer. */
const MAX_PREFIX = 1024;

/** `LINENO` then the separator that followed the PATH (grep repeats it). */
const LINE_NO = /^(?<lineNo>\d{1,10})(?<sep>[:-])/;

/** Does `text` start like a record of a format this tool reads? */
export function startsWithRecordHead(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) return parseZkServerHead(text).ok || parseZkClientHead(text).ok;
  return parseGlogHead(text).ok;
}

/** The separator positions where a PATH may end (`:` or `-`); -1 stands for an empty PATH. */
function* splitPoints(line: string): Generator<number> {
  yield -1;
  const lim = Math.min(line.length, MAX_PREFIX);
  for (let i = 0; i < lim; i++) {
    const c = line.charCodeAt(i);
    if (c === 58 || c === 45) yield i;
  }
}

/** `PATH<sep>LINENO<sep>` at split point `i`, or null. */
function numberedAt(line: string, i: number): { lineNo: number; sep: string; recordStart: number } | null {
  const m = LINE_NO.exec(line.slice(i + 1, i + 13));
  if (!m?.groups) return null;
  const sep = m.groups.sep!;
  if (i >= 0 && line[i] !== sep) return null; // grep writes `P:N:` or `P-N-`, never mixed
  return { lineNo: Number(m.groups.lineNo), sep, recordStart: i + 1 + m[0].length };
}

/**
 * A line whose record part starts like a record head: proof of its PATH and of whether
 * that PATH comes with line numbers. Numbered splits are tried first (`f:12:2022-…`).
 */
export function confirmGrepLine(line: string): GrepLine | null {
  let plain: GrepLine | null = null;
  for (const i of splitPoints(line)) {
    const n = numberedAt(line, i);
    if (n && startsWithRecordHead(line.slice(n.recordStart, n.recordStart + 600))) {
      return { path: line.slice(0, Math.max(i, 0)), lineNo: n.lineNo, context: n.sep === '-', recordStart: n.recordStart };
    }
    if (!plain && i > 0 && startsWithRecordHead(line.slice(i + 1, i + 601)))
      plain = { path: line.slice(0, i), lineNo: null, context: line[i] === '-', recordStart: i + 1 };
  }
  return plain;
}

/**
 * Splits any line by the PATHs confirmed before (`numbered`: whether each comes with line
 * numbers); the longest PATH wins (`node-1-logs/x.INFO` over `node`). Null: the line is no
 * output line of those files (a separator, a prompt, a note).
 */
export function splitGrepLine(line: string, numbered: ReadonlyMap<string, boolean>): GrepLine | null {
  for (const i of [...splitPoints(line)].reverse()) {
    const path = line.slice(0, Math.max(i, 0));
    const hasNumbers = numbered.get(path);
    if (hasNumbers === undefined) continue;
    if (hasNumbers) {
      const n = numberedAt(line, i);
      if (n) return { path, lineNo: n.lineNo, context: n.sep === '-', recordStart: n.recordStart };
    } else if (i >= 0) {
      return { path, lineNo: null, context: line[i] === '-', recordStart: i + 1 };
    }
  }
  return null;
}
