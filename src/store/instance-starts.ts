/**
 * Synthesized `process.start` events: one at the first record of each glog process
 * instance (cluster, node, service, pid), taken from its earliest file — rotated files
 * of the same pid are not restarts.
 */
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import type { EventQuery } from './event-store.js';

export function instanceStarts(sources: SourceInfo[], q: EventQuery): TimelineEvent[] {
  const first = new Map<string, SourceInfo>();
  for (const s of sources) {
    if (s.format !== 'glog' || s.pid === null || s.firstTsUs === null || s.firstLine === null) continue;
    const id = `${s.cluster}\u0000${s.node}\u0000${s.service}\u0000${s.pid}`;
    const cur = first.get(id);
    if (!cur || s.firstTsUs < cur.firstTsUs! || (s.firstTsUs === cur.firstTsUs && s.source < cur.source)) first.set(id, s);
  }
  const out: TimelineEvent[] = [];
  for (const s of first.values()) {
    const e: TimelineEvent = {
      tsUs: s.firstTsUs!,
      cluster: s.cluster,
      node: s.node,
      service: s.service,
      pid: s.pid,
      kind: 'process.start',
      level: 'I',
      source: s.source,
      line: s.firstLine!,
      message: `process ${s.service} pid ${s.pid} started (first record of a new process instance)`,
      peer: null,
      fields: { via: 'new_file', rule: 'instance-start' },
    };
    if (matches(e, q)) out.push(e);
  }
  return out.sort(compareEvents);
}

function matches(e: TimelineEvent, q: EventQuery): boolean {
  if (q.fromUs !== undefined && e.tsUs < q.fromUs) return false;
  if (q.toUs !== undefined && e.tsUs >= q.toUs) return false;
  if (q.cluster !== undefined && e.cluster !== q.cluster) return false;
  if (q.node !== undefined && e.node !== q.node) return false;
  if (q.after && compareEvents(e, { tsUs: q.after.tsUs, source: q.after.source, line: q.after.line, kind: q.after.kind }) <= 0) return false;
  return true;
}

type SortKey = { tsUs: number; source: string; line: number; kind: string };

/** The stores' order: time, source, line, kind (byte order of ASCII strings). */
export function compareEvents(a: SortKey, b: SortKey): number {
  return a.tsUs - b.tsUs || cmp(a.source, b.source) || a.line - b.line || cmp(a.kind, b.kind);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Merges two ordered lists; with a limit, keeps the first `limit` (both inputs already hold at most that many). */
export function mergeEvents(a: TimelineEvent[], b: TimelineEvent[], limit?: number): TimelineEvent[] {
  if (!b.length) return a;
  const out: TimelineEvent[] = [];
  let i = 0;
  let j = 0;
  const max = limit ?? Infinity;
  while (out.length < max && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && compareEvents(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
