/**
 * Events in transit from a scan worker to the store: columns, not objects. One batch
 * holds events of one source, so the per-file columns are stated once. Typed arrays
 * move between threads without copying; fewer objects means less garbage.
 */
import { markRepeatsInColumns } from './repeat-marks.js';
import { EVENT_KINDS, LEVELS, type EventFields, type EventKind, type Level, type TimelineEvent } from './event.js';

export interface EventBatch {
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  source: string;
  count: number;
  tsUs: Float64Array;
  line: Float64Array;
  /** Index into EVENT_KINDS. */
  kind: Uint8Array;
  /** Index into LEVELS. */
  level: Uint8Array;
  /**
   * Each event's message, peer and fields (JSON text, what the stores keep) as UTF-8,
   * back to back. Packed bytes instead of strings: a batch crosses threads as a few
   * transferred buffers, and while it waits to be written it sits outside the V8 heap.
   */
  text: Uint8Array;
  /** Per event, three end offsets into `text`: message, peer, fields. */
  ends: Uint32Array;
  /** 1 where the event has no peer. */
  noPeer: Uint8Array;
  /** 1 where the event repeats its source's previous state (model/repeat-rule.ts). */
  repeat: Uint8Array;
}

export { LEVELS };
const KIND_CODE = new Map<string, number>(EVENT_KINDS.map((k, i) => [k, i]));
const LEVEL_CODE = new Map<string, number>(LEVELS.map((l, i) => [l, i]));

function codeOf(codes: ReadonlyMap<string, number>, value: string, what: string): number {
  const c = codes.get(value);
  if (c === undefined) throw new Error(`unknown ${what} "${value}"`);
  return c;
}

/** The buffers to list as transferables when posting a batch to another thread. */
export function batchTransferables(b: EventBatch): ArrayBuffer[] {
  return [b.tsUs, b.line, b.kind, b.level, b.text, b.ends, b.noPeer, b.repeat].map((a) => a.buffer as ArrayBuffer);
}

/** Reads the string columns of one batch; decoding happens only when a field is asked for. */
export class BatchReader {
  private readonly buf: Buffer;
  constructor(private readonly b: EventBatch) {
    this.buf = Buffer.from(b.text.buffer, b.text.byteOffset, b.text.byteLength);
  }
  kind(i: number): EventKind {
    return EVENT_KINDS[this.b.kind[i]!]!;
  }
  level(i: number): Level {
    return LEVELS[this.b.level[i]!]!;
  }
  message(i: number): string {
    return this.buf.toString('utf8', i === 0 ? 0 : this.b.ends[3 * i - 1]!, this.b.ends[3 * i]!);
  }
  peer(i: number): string | null {
    return this.b.noPeer[i] ? null : this.buf.toString('utf8', this.b.ends[3 * i]!, this.b.ends[3 * i + 1]!);
  }
  fields(i: number): string {
    return this.buf.toString('utf8', this.b.ends[3 * i + 1]!, this.b.ends[3 * i + 2]!);
  }
}

/** Bytes `buf[start, end)`. */
export interface ByteRange {
  buf: Buffer;
  start: number;
  end: number;
}

export class EventBatchBuilder {
  private tsUs: Float64Array;
  private line: Float64Array;
  private kind: Uint8Array;
  private level: Uint8Array;
  private noPeer: Uint8Array;
  private ends: Uint32Array;
  private text: Uint8Array;
  private textView: Buffer;
  private textLen = 0;
  count = 0;

  private head: Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'>;

  constructor(
    from: Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'>,
    private readonly capacity = 4096,
  ) {
    this.head = headOf(from);
    this.tsUs = new Float64Array(capacity);
    this.line = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.level = new Uint8Array(capacity);
    this.noPeer = new Uint8Array(capacity);
    this.ends = new Uint32Array(capacity * 3);
    // Never from Buffer's shared pool: these buffers are transferred to another thread.
    this.text = new Uint8Array(capacity * 256);
    this.textView = Buffer.from(this.text.buffer);
  }

  /** The same builder (and its buffers) for another source's events; it must be empty. */
  restart(from: Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'>): this {
    if (this.count > 0) throw new Error('EventBatchBuilder.restart: events not taken');
    this.head = headOf(from);
    return this;
  }

  /**
   * `messageBytes`, when given, must be exactly the UTF-8 encoding of `message` (the
   * scanner's record bytes, already checked): they are copied as they are instead of
   * encoding the string again.
   */
  add(
    tsUs: number,
    line: number,
    kind: EventKind,
    level: Level,
    message: string,
    peer: string | null,
    fields: EventFields,
    messageBytes?: ByteRange,
  ): void {
    if (this.count === this.tsUs.length) this.growRows();
    const i = this.count;
    this.tsUs[i] = tsUs;
    this.line[i] = line;
    this.kind[i] = codeOf(KIND_CODE, kind, 'event kind');
    this.level[i] = codeOf(LEVEL_CODE, level, 'level');
    this.noPeer[i] = peer === null ? 1 : 0;
    this.ends[3 * i] = messageBytes ? this.putBytes(messageBytes) : this.put(message);
    this.ends[3 * i + 1] = peer === null ? this.textLen : this.put(peer);
    this.ends[3 * i + 2] = this.put(JSON.stringify(fields));
    this.count++;
  }

  private putBytes(r: ByteRange): number {
    const n = r.end - r.start;
    if (this.textLen + n > this.text.length) this.growText(n);
    this.textLen += r.buf.copy(this.textView, this.textLen, r.start, r.end);
    return this.textLen;
  }

  private put(s: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.textLen + s.length * 3 > this.text.length) this.growText(s.length * 3);
    this.textLen += this.textView.write(s, this.textLen, 'utf8');
    return this.textLen;
  }

  private growText(more: number): void {
    const grown = new Uint8Array(Math.max(this.text.length * 2, this.textLen + more));
    grown.set(this.text.subarray(0, this.textLen));
    this.text = grown;
    this.textView = Buffer.from(grown.buffer);
  }

  private growRows(): void {
    const n = this.count * 2;
    const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, size: number): T => {
      const g = new (a.constructor as new (n: number) => T)(size);
      g.set(a);
      return g;
    };
    this.tsUs = grow(this.tsUs, n);
    this.line = grow(this.line, n);
    this.kind = grow(this.kind, n);
    this.level = grow(this.level, n);
    this.noPeer = grow(this.noPeer, n);
    this.ends = grow(this.ends, n * 3);
  }

  /** The events so far, as a batch with buffers of its own; the builder starts empty again. */
  take(): EventBatch {
    const n = this.count;
    const tsUs = this.tsUs.slice(0, n);
    const line = this.line.slice(0, n);
    const kind = this.kind.slice(0, n);
    const level = this.level.slice(0, n);
    const text = this.text.slice(0, this.textLen);
    const ends = this.ends.slice(0, 3 * n);
    const noPeer = this.noPeer.slice(0, n);
    const h = this.head;
    this.count = 0;
    this.textLen = 0;
    if (this.text.length > this.capacity * 1024) {
      // One huge batch (long messages) should not pin a huge buffer for the rest of the file.
      this.text = new Uint8Array(this.capacity * 256);
      this.textView = Buffer.from(this.text.buffer);
    }
    // One literal with every property in one order: the batch's shape never varies.
    return {
      cluster: h.cluster,
      node: h.node,
      service: h.service,
      pid: h.pid,
      source: h.source,
      count: n,
      tsUs,
      line,
      kind,
      level,
      text,
      ends,
      noPeer,
      repeat: markRepeatsInColumns(n, kind, noPeer, tsUs, line, ends, text),
    };
  }
}

/** Just the per-file columns: `from` may be a larger object that cannot cross threads. */
function headOf(
  from: Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'>,
): Pick<EventBatch, 'cluster' | 'node' | 'service' | 'pid' | 'source'> {
  return { cluster: from.cluster, node: from.node, service: from.service, pid: from.pid, source: from.source };
}

/** Events `from` to `to` of a batch, as a batch (copies the rows' bytes). */
export function sliceBatch(b: EventBatch, from: number, to: number): EventBatch {
  const base = from === 0 ? 0 : b.ends[3 * from - 1]!;
  const last = to === 0 ? 0 : b.ends[3 * to - 1]!;
  const ends = b.ends.slice(3 * from, 3 * to);
  for (let k = 0; k < ends.length; k++) ends[k]! -= base;
  return {
    cluster: b.cluster,
    node: b.node,
    service: b.service,
    pid: b.pid,
    source: b.source,
    count: to - from,
    tsUs: b.tsUs.slice(from, to),
    line: b.line.slice(from, to),
    kind: b.kind.slice(from, to),
    level: b.level.slice(from, to),
    text: b.text.slice(base, last),
    ends,
    noPeer: b.noPeer.slice(from, to),
    repeat: b.repeat.slice(from, to),
  };
}

/** Objects for the few places that want them (tests, small results). */
export function batchToEvents(b: EventBatch): TimelineEvent[] {
  const r = new BatchReader(b);
  const out: TimelineEvent[] = [];
  for (let i = 0; i < b.count; i++) {
    out.push({
      tsUs: b.tsUs[i]!,
      cluster: b.cluster,
      node: b.node,
      service: b.service,
      pid: b.pid,
      kind: r.kind(i),
      level: r.level(i),
      source: b.source,
      line: b.line[i]!,
      message: r.message(i),
      peer: r.peer(i),
      fields: JSON.parse(r.fields(i)) as EventFields,
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
