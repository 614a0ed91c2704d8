import type { EventKind, TimelineEvent } from '../model/event.js';
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

export interface EventQuery {
  /** Inclusive lower bound, UTC µs. */
  fromUs?: number;
  /** Exclusive upper bound, UTC µs. */
  toUs?: number;
  cluster?: string;
  node?: string;
  kinds?: EventKind[];
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
  /** Appends events. Callers replace a file's tail with `deleteSourceTail` first. */
  writeEvents(events: TimelineEvent[]): Promise<void>;
  /** Removes the events of `source` at or after `fromLine` (re-reading a grown file). */
  deleteSourceTail(source: string, fromLine: number): Promise<void>;
  getCheckpoint(source: string): Promise<Checkpoint | null>;
  /** Records a file's lifecycle and its checkpoint together. */
  saveSource(info: SourceInfo, checkpoint: Checkpoint): Promise<void>;
  /** Events ordered by time, then source and line. */
  queryEvents(q: EventQuery): Promise<TimelineEvent[]>;
  listSources(q: SourceQuery): Promise<SourceInfo[]>;
  /** The time zone remembered for a cluster, if any. */
  getClusterTimeZone(cluster: string): Promise<string | null>;
  setClusterTimeZone(cluster: string, tz: string): Promise<void>;
  listClusters(): Promise<{ name: string; timeZone: string | null }[]>;
  close(): Promise<void>;
}
