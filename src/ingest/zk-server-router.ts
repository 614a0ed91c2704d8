/**
 * Sends a ZooKeeper log's events to the node of the server that wrote them. Most files
 * hold one server: every event goes to the file's node. A file of several servers
 * (segments pasted one after another, peers of one test JVM interleaved) becomes one
 * batch per server node; the events keep the file as their source (evidence points at
 * the file and line) and each further server gets its own lifecycle row (spans below).
 *
 * When the bundle layout or --node fixes the node, nothing is split: the servers'
 * myids still go into the events' fields.
 */
import { EventBatchBuilder, type EventBatch } from '../model/event-batch.js';
import type { EventFields, EventKind, Level } from '../model/event.js';
import { emptyZkTrackerState, myidOfZkNode, observeZkRecord, type ZkRecordIdentity, type ZkTrackerState } from '../identity/zk-servers.js';

/** One server's records in a file, by the events the scan kept of them. */
export interface ZkServerSpan {
  firstTsUs: number;
  firstLine: number;
  lastTsUs: number;
  lastLine: number;
  events: number;
  /** The last stop or crash among its events, and how many of its events came after it. */
  lastLifecycle: 'crash' | 'stop' | null;
  eventsAtLifecycle: number;
}

/** Serializable: part of the scanner's checkpoint state. */
export interface ZkScanState extends ZkTrackerState {
  spans: Record<string, ZkServerSpan>;
}

interface PendingEvent {
  tsUs: number;
  line: number;
  kind: EventKind;
  level: Level;
  message: string;
  peer: string | null;
  fields: EventFields;
}

/** Events waiting for their server to name itself; past this many they go to the file's node. */
const MAX_PENDING = 4096;

type BatchHead = ConstructorParameters<typeof EventBatchBuilder>[0];

export class ZkServerRouter {
  private readonly builders = new Map<string, EventBatchBuilder>();
  private readonly pending: PendingEvent[] = [];

  constructor(
    private readonly head: BatchHead,
    main: EventBatchBuilder,
    /** False when the layout or an override fixes the node. */
    private readonly split: boolean,
    readonly state: ZkScanState,
  ) {
    this.builders.set(head.node, main);
  }

  static initialState(seed?: ZkTrackerState): ZkScanState {
    return { ...(seed ?? emptyZkTrackerState()), current: null, spans: {} };
  }

  /** The server of one record, or null while it is not known (the record's events wait). */
  serverOf(r: ZkRecordIdentity): string | null {
    const node = observeZkRecord(this.state, r);
    if (node !== null && this.pending.length) this.resolve(node);
    return node;
  }

  add(server: string | null, e: PendingEvent): void {
    if (server === null) {
      this.pending.push(e);
      if (this.pending.length >= MAX_PENDING) this.resolve(this.head.node);
      return;
    }
    const myid = myidOfZkNode(server);
    if (myid !== null && e.fields.myid === undefined) e.fields.myid = myid;
    const node = this.split ? server : this.head.node;
    let b = this.builders.get(node);
    if (!b) this.builders.set(node, (b = new EventBatchBuilder({ ...this.head, node }, 256)));
    b.add(e.tsUs, e.line, e.kind, e.level, e.message, e.peer, e.fields);
    if (this.split) this.note(node, e);
  }

  /**
   * A record of `node` that no rule wanted: the server still wrote in this file, so it
   * gets its row (and its span grows), though it has no events here.
   */
  noteSeen(node: string, tsUs: number, line: number): void {
    if (!this.split) return;
    const s = (this.state.spans[node] ??= {
      firstTsUs: tsUs,
      firstLine: line,
      lastTsUs: tsUs,
      lastLine: line,
      events: 0,
      lastLifecycle: null,
      eventsAtLifecycle: 0,
    });
    if (line < s.firstLine) {
      s.firstTsUs = tsUs;
      s.firstLine = line;
    }
    if (line >= s.lastLine) {
      s.lastTsUs = tsUs;
      s.lastLine = line;
    }
  }

  get splitting(): boolean {
    return this.split;
  }

  /** The file ended: events still waiting belong to the last server named, else to the file's node. */
  finish(): void {
    if (this.pending.length) this.resolve(this.state.current ?? this.head.node);
  }

  get count(): number {
    let n = this.pending.length;
    for (const b of this.builders.values()) n += b.count;
    return n;
  }

  /** The events so far, one batch per node that has some. */
  take(): EventBatch[] {
    const out: EventBatch[] = [];
    for (const b of this.builders.values()) if (b.count > 0) out.push(b.take());
    return out;
  }

  private resolve(server: string): void {
    const waiting = this.pending.splice(0);
    for (const e of waiting) this.add(server, e);
  }

  private note(node: string, e: PendingEvent): void {
    const s = (this.state.spans[node] ??= {
      firstTsUs: e.tsUs,
      firstLine: e.line,
      lastTsUs: e.tsUs,
      lastLine: e.line,
      events: 0,
      lastLifecycle: null,
      eventsAtLifecycle: 0,
    });
    s.events++;
    if (e.line >= s.lastLine) {
      s.lastTsUs = e.tsUs;
      s.lastLine = e.line;
    }
    if (e.kind === 'process.crash' || e.kind === 'process.stop') {
      s.lastLifecycle = e.kind === 'process.crash' ? 'crash' : 'stop';
      s.eventsAtLifecycle = s.events;
    }
  }
}
