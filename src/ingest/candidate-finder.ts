/**
 * Finds the lines worth parsing in a block: lines holding a rule literal, and record
 * heads of a level some rule wants (F). Also counts lines and record heads. The
 * block always starts at a line start.
 */
import type { LogFormat } from '../model/source-info.js';
import type { FormatMatcher } from '../rules/rule-matcher.js';
import { literalSource } from '../rules/rule-matcher.js';
import { isHeadJunkByte, MAX_HEAD_JUNK } from '../parsers/zookeeper/zk-server.parser.js';

export interface BlockScan {
  lines: number;
  heads: number;
  /** Offset of the first / last record head in the block, or -1; with their line index in the block. */
  firstHead: number;
  firstHeadLine: number;
  lastHead: number;
  lastHeadLine: number;
  /** ZooKeeper heads glued to a test runner's progress marks (`..F.2021-…`); always 0 for glog. */
  glued: number;
  candidateCount: number;
  /** Line start offsets of candidate lines, ascending, one per line. */
  candidateStart: Int32Array;
  /** Line index (newlines before it in the block) of each candidate. */
  candidateLine: Int32Array;
}

export interface CandidateFinder {
  scan(b: Buffer, len: number): BlockScan;
}

const NL = 10;

export function isGlogHeadAt(b: Buffer, i: number): boolean {
  const c = b[i];
  if (c !== 73 && c !== 87 && c !== 69 && c !== 70) return false; // I W E F
  for (let k = 1; k <= 4; k++) {
    const d = b[i + k];
    if (d === undefined || d < 48 || d > 57) return false;
  }
  return true;
}

export function isZkHeadAt(b: Buffer, i: number): boolean {
  if (isZkDateAt(b, i)) return true;
  // Rare: a head glued to a test runner's progress marks (`..F.2021-…`). Only lines
  // starting with such a mark pay for the look further on.
  if (!isHeadJunkByte(b[i]!)) return false;
  let k = 1;
  while (k < MAX_HEAD_JUNK && isHeadJunkByte(b[i + k]!)) k++;
  return isZkDateAt(b, i + k);
}

function isZkDateAt(b: Buffer, i: number): boolean {
  for (let k = 0; k < 4; k++) {
    const d = b[i + k];
    if (d === undefined || d < 48 || d > 57) return false;
  }
  return b[i + 4] === 45; // '-'
}

export function headTest(format: LogFormat): (b: Buffer, i: number) => boolean {
  return format === 'glog' ? isGlogHeadAt : isZkHeadAt;
}

/** The portable implementation: memchr-speed newline walk plus one regex over a latin1 view. */
export class JsCandidateFinder implements CandidateFinder {
  private readonly re: RegExp | null;
  private readonly levelBytes: Set<number>;
  private readonly isHead: (b: Buffer, i: number) => boolean;
  private readonly zk: boolean;
  private starts = new Int32Array(1024);
  private lineIdx = new Int32Array(1024);

  constructor(matcher: FormatMatcher) {
    this.re = matcher.literals.length ? new RegExp(matcher.literals.map(literalSource).join('|'), 'g') : null;
    this.levelBytes = new Set(matcher.levels.map((l) => l.charCodeAt(0)));
    this.isHead = headTest(matcher.format);
    this.zk = matcher.format === 'zookeeper';
  }

  scan(b: Buffer, len: number): BlockScan {
    const matches: number[] = [];
    if (this.re && len > 0) {
      const text = b.toString('latin1', 0, len);
      const re = this.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        matches.push(m.index);
        // One candidate per line is enough: jump to the next line.
        const nl = text.indexOf('\n', m.index);
        if (nl < 0) break;
        re.lastIndex = nl + 1;
      }
    }
    let count = 0;
    const push = (ls: number, li: number): void => {
      if (count > 0 && this.starts[count - 1] === ls) return;
      if (count === this.starts.length) {
        const s = new Int32Array(count * 2);
        s.set(this.starts);
        this.starts = s;
        const l = new Int32Array(count * 2);
        l.set(this.lineIdx);
        this.lineIdx = l;
      }
      this.starts[count] = ls;
      this.lineIdx[count] = li;
      count++;
    };
    let lines = 0;
    let heads = 0;
    let firstHead = -1;
    let firstHeadLine = 0;
    let lastHead = -1;
    let lastHeadLine = 0;
    let glued = 0;
    let j = 0;
    let ls = 0;
    const levels = this.levelBytes;
    while (ls < len) {
      let nl = b.indexOf(NL, ls);
      if (nl < 0 || nl >= len) nl = -1;
      const le = nl < 0 ? len : nl + 1;
      if (this.isHead(b, ls)) {
        heads++;
        if (firstHead < 0) {
          firstHead = ls;
          firstHeadLine = lines;
        }
        lastHead = ls;
        lastHeadLine = lines;
        if (this.zk && (b[ls]! < 48 || b[ls]! > 57)) glued++;
        if (levels.has(b[ls]!)) push(ls, lines);
      }
      while (j < matches.length && matches[j]! < le) {
        push(ls, lines);
        j++;
      }
      if (nl < 0) break;
      lines++;
      ls = le;
    }
    return {
      lines,
      heads,
      firstHead,
      firstHeadLine,
      lastHead,
      lastHeadLine,
      glued,
      candidateCount: count,
      candidateStart: this.starts,
      candidateLine: this.lineIdx,
    };
  }
}
