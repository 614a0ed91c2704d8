import type { EventKind, TimelineEvent } from '../model/event.js';
import type { EventBatch } from '../model/event-batch.js';
import type { SourceInfo } from '../model/source-info.js';

/**
 * Where ingest resumes a file: everything before `offset` (and before line `line`) is
 * stored. A file that grew is read from here; events at or after `line` are replaced.
 */
export interface Checkpoint {
  source: string;
  /** Identifies the file's content: a hash of its first bytes plus its format. */
  fingerprint: string;
  size: number;
  offset: number;
  line: number;
  /** Parser state needed to resume (year, last month seen, ...), as JSON. */
  state: string;
}

export type SourceStatus = 'ingesting' | 'done';

export interface StoredCheckpoint extends Checkpoint {
  status: SourceStatus;
}

export interface SourceWrite {
  info: SourceInfo;
  checkpoint: Checkpoint;
  status: SourceStatus;
}

export interface WriteBatch {
  deletes: { source: string; fromLine: number }[];
  /**
   * Sources whose events start arriving in this batch: marked `ingesting` (a new row,
   * or the old row keeping its checkpoint) so that a crash before `done` is repaired
   * by the next run, which deletes their tail again.
   */
  marks: string[];
  sources: SourceWrite[];
  events: EventBatch[];
}

export interface EventQuery {
  /** Inclusive lower bound, UTC µs. */
  fromUs?: number;
  /** Exclusive upper bound, UTC µs. */
  toUs?: number;
  cluster?: string;
  node?: string;
  kinds?: EventKind[];
  /**
   * Drop repeated link failures: of `peer.link_down` / `peer.link_up` keep only the
   * events that change a link's state (per observer process and target). The link
   * derivations need no more, and a long outage can repeat `times: N` thousands of times.
   */
  linkTransitionsOnly?: boolean;
  /** Keyset pagination: only events sorting after this one. */
  after?: { tsUs: number; source: string; line: number; kind: string };
  limit?: number;
}

export interface SourceQuery {
  cluster?: string;
  node?: string;
}

/**
 * The time-series store behind ingest and the API. Implementations: the embedded
 * DuckDB store (default) and QuestDB (deployments).
 */
export interface EventStore {
  readonly url: string;
  /**
   * Applies one batch atomically where the store has transactions: tail deletions
   * first (a file re-read from line N replaces its events from N on), then sources
   * (lifecycle + checkpoint), then events.
   */
  writeBatch(batch: WriteBatch): Promise<void>;
  /** Every checkpoint, keyed by source. */
  loadCheckpoints(): Promise<Map<string, StoredCheckpoint>>;
  /** Re-derives the synthesized `process.start` events: one at the first record of each glog process instance. */
  refreshInstanceStarts(): Promise<void>;
  /** Events ordered by time, then source and line. */
  queryEvents(q: EventQuery): Promise<TimelineEvent[]>;
  listSources(q: SourceQuery): Promise<SourceInfo[]>;
  /** The time zone remembered for a cluster, if any. */
  getClusterTimeZone(cluster: string): Promise<string | null>;
  setClusterTimeZone(cluster: string, tz: string): Promise<void>;
  listClusters(): Promise<{ name: string; timeZone: string | null }[]>;
  close(): Promise<void>;
}
