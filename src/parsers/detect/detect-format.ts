/**
 * A file's format comes from its content, not its path: bundles get re-packed and
 * renamed. Looks at the first bytes only.
 */
import type { LogFormat } from '../../model/source-info.js';
import { looksLikeGlogHead, parseGlogHead } from '../glog/glog.parser.js';
import { looksLikeZkHead, parseZkServerHead } from '../zookeeper/zk-server.parser.js';

export type Detection = { format: LogFormat } | { skip: 'binary' | 'unknown_format' | 'empty' };

/** How many lines to look at; ZooKeeper logs may start with a few banner lines. */
const SNIFF_LINES = 50;

export function detectFormat(head: Buffer): Detection {
  if (head.length === 0) return { skip: 'empty' };
  if (isBinary(head)) return { skip: 'binary' };
  const text = head.toString('latin1');
  if (text.startsWith('Log file created at:')) return { format: 'glog' };
  const lines = text.split('\n', SNIFF_LINES);
  let glog = 0;
  let zk = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (looksLikeGlogHead(line) && parseGlogHead(line).ok) glog++;
    else if (looksLikeZkHead(line) && parseZkServerHead(line).ok) zk++;
  }
  if (glog === 0 && zk === 0) return { skip: 'unknown_format' };
  return { format: glog >= zk ? 'glog' : 'zookeeper' };
}

/** NUL bytes, or mostly control characters, in the first block. */
export function isBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) ctrl++;
  }
  return ctrl > n * 0.1;
}
