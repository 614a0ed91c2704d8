/**
 * grep / rg output → one logical log per PATH in it: the records with grep's prefixes
 * removed, and for each of their lines the number it had in the original file, so that
 * evidence points at the original line. Grep output is small: it is split in memory.
 */
import { confirmGrepLine, splitGrepLine, startsWithRecordHead } from '../parsers/grep/grep-output.parser.js';

export interface GrepPart {
  /** The PATH as grep printed it. */
  path: string;
  /** The records of that file, one per line, without grep's prefixes. */
  content: Buffer;
  /** lineMap[k - 1]: the original line of the content's line k (grep's LINENO; without one, the line in the grep output). */
  lineMap: Int32Array;
}

export interface GrepDemux {
  parts: GrepPart[];
  /** Lines of the grep output. */
  lines: number;
  /** Lines that belong to no record of any PATH: `--` separators, prompts, notes, continuation lines cut from their record. */
  junk: number;
}

const NL = 10;
/** Bytes of a line decoded to find its prefix and the start of its record. */
const PREFIX_BYTES = 2048;

/** [start, end) of each line, the newline excluded; a last line without one counts. */
function lineRanges(buf: Buffer): Int32Array {
  const out: number[] = [];
  let s = 0;
  while (s < buf.length) {
    let e = buf.indexOf(NL, s);
    if (e < 0) e = buf.length;
    out.push(s, e);
    s = e + 1;
  }
  return Int32Array.from(out);
}

export function demuxGrepOutput(buf: Buffer): GrepDemux {
  const ranges = lineRanges(buf);
  const head = (k: number): string => buf.toString('latin1', ranges[k]!, Math.min(ranges[k + 1]!, ranges[k]! + PREFIX_BYTES));
  // First pass: the PATHs, each proven by a line whose record starts like a record head.
  const numbered = new Map<string, boolean>();
  for (let k = 0; k < ranges.length; k += 2) {
    const g = confirmGrepLine(head(k));
    if (g && !numbered.has(g.path)) numbered.set(g.path, g.lineNo !== null);
  }
  // Second pass: every line to its PATH's log, or to junk.
  const acc = new Map<string, { spans: number[]; lineNos: number[]; lastNo: number }>();
  let junk = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const text = head(k);
    const g = splitGrepLine(text, numbered);
    if (!g) {
      junk++;
      continue;
    }
    let a = acc.get(g.path);
    if (!a) acc.set(g.path, (a = { spans: [], lineNos: [], lastNo: -1 }));
    const no = g.lineNo ?? k / 2 + 1;
    // A continuation line whose record head is not in the output (grep matched `Traceback:`,
    // or -B began mid-record) would join an unrelated record: it is junk here.
    if (a.lastNo !== no - 1 && !startsWithRecordHead(text.slice(g.recordStart))) {
      junk++;
      continue;
    }
    a.spans.push(ranges[k]! + g.recordStart, ranges[k + 1]!);
    a.lineNos.push(no);
    a.lastNo = no;
  }
  const parts = [...acc]
    .filter(([, a]) => a.lineNos.length > 0)
    .map(([path, a]) => ({ path, content: join(buf, a.spans), lineMap: Int32Array.from(a.lineNos) }));
  return { parts, lines: ranges.length / 2, junk };
}

/** The spans' bytes, each followed by a newline. */
function join(buf: Buffer, spans: number[]): Buffer {
  let size = 0;
  for (let i = 0; i < spans.length; i += 2) size += spans[i + 1]! - spans[i]! + 1;
  const out = Buffer.allocUnsafe(size);
  let p = 0;
  for (let i = 0; i < spans.length; i += 2) {
    p += buf.copy(out, p, spans[i]!, spans[i + 1]!);
    out[p++] = NL;
  }
  return out;
}

/** The store key of one PATH's log inside a grep output file: like an archive member, `<grep file>!/<PATH>`. */
export function grepPartSource(grepSource: string, path: string): string {
  return path === '' ? grepSource : `${grepSource}!/${path.replace(/^(\.\/|\/)+/, '')}`;
}
