/**
 * A file's format comes from its content, not its path: bundles get re-packed and
 * renamed. Looks at the first bytes only.
 */
import type { LogFormat } from '../../model/source-info.js';
import { looksLikeGlogHead, parseGlogHead } from '../glog/glog.parser.js';
import { confirmGrepLine } from '../grep/grep-output.parser.js';
import { parseZkClientHead } from '../zk-client/zk-client.parser.js';
import { looksLikeZkHead, parseZkServerHead } from '../zookeeper/zk-server.parser.js';

/** `grep`: grep/rg output (`PATH:LINENO:record`), whose records come from other files. */
export type Detection = { format: LogFormat } | { grep: true } | { skip: 'binary' | 'empty' | 'not_a_log' | 'unrecognised_log' };

/** How many lines to look at; ZooKeeper logs may start with a few banner lines. */
const SNIFF_LINES = 50;

/** `grep: false` where the content is already one PATH's records (no grep output inside grep output). */
export function detectFormat(raw: Buffer, opts: { grep?: boolean } = {}): Detection {
  if (raw.length === 0) return { skip: 'empty' };
  // NUL runs are what a power cut leaves in a log (the scanner blanks them): judge the rest.
  const head = raw.includes(0) ? Buffer.from(raw.filter((c) => c !== 0)) : raw;
  if (head.length === 0 || isBinary(head)) return { skip: 'binary' };
  const text = head.toString('latin1');
  if (text.startsWith('Log file created at:')) return { format: 'glog' };
  const lines = text.split('\n', SNIFF_LINES).map((raw) => (raw.endsWith('\r') ? raw.slice(0, -1) : raw));
  const n = { glog: 0, zookeeper: 0, 'zk-client': 0, grep: 0 };
  for (const line of lines) {
    if (looksLikeGlogHead(line) && parseGlogHead(line).ok) n.glog++;
    else if (looksLikeZkHead(line) && parseZkServerHead(line).ok) n.zookeeper++;
    else if (parseZkClientHead(line).ok) n['zk-client']++;
    else if (opts.grep !== false && confirmGrepLine(line)) n.grep++;
  }
  const records = n.glog + n.zookeeper + n['zk-client'];
  if (n.grep > records) return { grep: true };
  // Ties: the formats' order here.
  if (records > 0) return { format: (['glog', 'zookeeper', 'zk-client'] as const).reduce((a, b) => (n[b] > n[a] ? b : a)) };
  return { skip: looksLikeLog(lines) ? 'unrecognised_log' : 'not_a_log' };
}

/** A date (`2022-08-18`, `2022/08/18`, `18/Dec/2022`) or a time of day (`12:46:00`). */
const DATE_OR_TIME = /(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\/[A-Z][a-z]{2}\/\d{4}|\d{1,2}:\d{2}:\d{2})(?!\d)/;

/**
 * Most lines carry a date or a time: a log in a format not read here, which must not be
 * dropped quietly. A CSV (a header without digits, then rows of as many commas) is data.
 */
export function looksLikeLog(lines: readonly string[]): boolean {
  const filled = lines.filter((l) => l.trim() !== '');
  if (filled.length === 0) return false;
  const commas = (l: string): number => l.split(',').length - 1;
  const csv =
    filled.length > 1 && commas(filled[0]!) > 0 && !/\d/.test(filled[0]!) && filled.every((l) => commas(l) === commas(filled[0]!));
  if (csv) return false;
  return filled.filter((l) => DATE_OR_TIME.test(l)).length >= filled.length * 0.6;
}

/** Mostly control characters in the first block (NUL runs already taken out: see detectFormat). */
export function isBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 9 || (c > 13 && c < 32)) ctrl++;
  }
  return ctrl > n * 0.1;
}
