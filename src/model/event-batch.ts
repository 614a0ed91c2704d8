/**
 * Events in transit from a scan worker to the store: columns, not objects. One batch
 * holds events of one source, so the per-file columns are stated once. Typed arrays
 * move between threads without copying; fewer objects means less garbage.
 */
import type { EventFields, EventKind, Level, TimelineEvent } from './event.js';

export interface EventBatch {
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  source: string;
  count: number;
  tsUs: Float64Array;
  line: Float64Array;
  kind: EventKind[];
  level: Level[];
  message: string[];
  peer: (string | null)[];
  /** Each event's fields as JSON text (what the stores keep). */
  fields: string[];
}

export class EventBatchBuilder {
  private tsUs: Float64Array;
  private line: Float64Array;
  private kind: EventKind[] = [];
  private level: Level[] = [];
  private message: string[] = [];
  private peer: (string | null)[] = [];
  private fields: string[] = [];
  count = 0;

  private readonly head: Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'>;

  constructor(from: Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'>, capacity = 4096) {
    // Copy just the per-file columns: `from` may be a larger object that cannot cross threads.
    this.head = { cluster: from.cluster, node: from.node, service: from.service, pid: from.pid, source: from.source };
    this.tsUs = new Float64Array(capacity);
    this.line = new Float64Array(capacity);
  }

  add(tsUs: number, line: number, kind: EventKind, level: Level, message: string, peer: string | null, fields: EventFields): void {
    if (this.count === this.tsUs.length) {
      const t = new Float64Array(this.count * 2);
      t.set(this.tsUs);
      this.tsUs = t;
      const l = new Float64Array(this.count * 2);
      l.set(this.line);
      this.line = l;
    }
    this.tsUs[this.count] = tsUs;
    this.line[this.count] = line;
    this.kind.push(kind);
    this.level.push(level);
    this.message.push(message);
    this.peer.push(peer);
    this.fields.push(JSON.stringify(fields));
    this.count++;
  }

  /** The events so far, as a batch; the builder starts empty again. */
  take(): EventBatch {
    const b: EventBatch = {
      ...this.head,
      count: this.count,
      tsUs: this.tsUs.slice(0, this.count),
      line: this.line.slice(0, this.count),
      kind: this.kind,
      level: this.level,
      message: this.message,
      peer: this.peer,
      fields: this.fields,
    };
    this.kind = [];
    this.level = [];
    this.message = [];
    this.peer = [];
    this.fields = [];
    this.count = 0;
    return b;
  }
}

/** Objects for the few places that want them (tests, small results). */
export function batchToEvents(b: EventBatch): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (let i = 0; i < b.count; i++) {
    out.push({
      tsUs: b.tsUs[i]!,
      cluster: b.cluster,
      node: b.node,
      service: b.service,
      pid: b.pid,
      kind: b.kind[i]!,
      level: b.level[i]!,
      source: b.source,
      line: b.line[i]!,
      message: b.message[i]!,
      peer: b.peer[i]!,
      fields: JSON.parse(b.fields[i]!) as EventFields,
    });
  }
  return out;
}

/** Groups loose events (e.g. written by tests or other tools) into per-source batches. */
export function eventsToBatches(events: readonly TimelineEvent[]): EventBatch[] {
  const by = new Map<string, EventBatchBuilder>();
  for (const e of events) {
    const key = JSON.stringify([e.cluster, e.node, e.service, e.pid, e.source]);
    let b = by.get(key);
    if (!b) by.set(key, (b = new EventBatchBuilder(e, 16)));
    b.add(e.tsUs, e.line, e.kind, e.level, e.message, e.peer, e.fields);
  }
  return [...by.values()].map((b) => b.take());
}
