/**
 * Synthesized `process.start` events: one at the first record of each glog process
 * instance (cluster, node, service, pid), taken from its earliest file — rotated files
 * of the same pid are not restarts.
 */
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import type { EventQuery } from './event-store.js';
import { compareEvents, compareUtf8, isAfter } from '../model/event-order.js';

export function instanceStarts(sources: SourceInfo[], q: EventQuery): TimelineEvent[] {
  const first = new Map<string, SourceInfo>();
  for (const s of sources) {
    if (s.format !== 'glog' || s.pid === null || s.firstTsUs === null || s.firstLine === null) continue;
    const id = `${s.cluster}\u0000${s.node}\u0000${s.service}\u0000${s.pid}`;
    const cur = first.get(id);
    if (!cur || s.firstTsUs < cur.firstTsUs! || (s.firstTsUs === cur.firstTsUs && compareUtf8(s.source, cur.source) < 0)) first.set(id, s);
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
  if (q.after && !isAfter(e, q.after)) return false;
  return true;
}
