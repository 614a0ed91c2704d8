import type { EventKind, TimelineEvent } from '../model/event.js';
import type { EventBatch } from '../model/event-batch.js';
import type { SourceInfo } from '../model/source-info.js';
import type { EventKey } from '../model/event-order.js';
import type { CatalogSource, IngestRunEnd, IngestRunStart, NodeRow, SourceWrite } from '../catalog/catalog.js';

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
   * Leave out repeats: link failures after a failure (recoveries after a recovery) per
   * observer process and target host, and leader reports equal to their source's last
   * one (model/repeat-rule.ts). A store may keep some repeats — the derivations ignore them —
   * but never drops a change; read from an hour boundary (REPEAT_BUCKET_US) so that each
   * link's first event in the range is there. A long outage repeats `times: N` thousands
   * of times, and the answers need none of them.
   */
  dropRepeats?: boolean;
  /** Keyset pagination: only events sorting after this one. */
  after?: EventKey;
  limit?: number;
  /** One page of a read of any size (event-pages.ts): a store may keep a smaller memory budget for it. */
  paged?: boolean;
}

export interface SourceQuery {
  cluster?: string;
  node?: string;
}

/**
 * The store behind ingest and the API: an events table (DuckDB embedded by default,
 * QuestDB in deployments) plus the relational catalog (Prisma: SQLite or PostgreSQL).
 */
export interface EventStore {
  readonly url: string;
  /** What opening the store had to repair (e.g. a catalog that outlived its store file), for the user. */
  readonly notices: readonly string[];
  /**
   * Applies one batch: marks its new sources `ingesting` in the catalog, then tail
   * deletions and events in the events table (one transaction in DuckDB; idempotent
   * upserts in QuestDB), then the finished sources' lifecycles and checkpoints. A crash
   * in between leaves sources marked `ingesting`, whose tails the next run re-reads.
   * May be called again before it resolves: batches take effect in call order, and
   * once one fails every batch behind it fails too (no later batch lands without it).
   */
  writeBatch(batch: WriteBatch): Promise<void>;
  /** Waits until everything written is visible to reads. */
  settle(): Promise<void>;
  /** Throws unless both the events table and the catalog answer (for /healthz). */
  ping(): Promise<void>;
  /** Changes whenever what reads return may have changed: cached answers are keyed by it. */
  dataVersion(): Promise<string>;
  /**
   * Writes (and settles) done through this object whose version bump is done: a reader
   * that keeps the data version between reads re-reads it as soon as this moves.
   */
  readonly localWrites: number;
  /** Every checkpoint, keyed by source. */
  loadCheckpoints(): Promise<Map<string, CatalogSource>>;
  /** Points a source at the file it was rotated to. */
  moveSource(key: string, path: string): Promise<void>;
  listNodes(cluster?: string): Promise<NodeRow[]>;
  /** Records an ingest run (ingest, worker) in the catalog; returns its id for `finishRun`. */
  startRun(run: IngestRunStart): Promise<number>;
  finishRun(id: number, end: IngestRunEnd): Promise<void>;
  /**
   * Events ordered by time, then source, line and kind — the stored ones plus one
   * synthesized `process.start` at the first record of each glog process instance.
   */
  queryEvents(q: EventQuery): Promise<TimelineEvent[]>;
  listSources(q: SourceQuery): Promise<SourceInfo[]>;
  /** The time zone remembered for a cluster, if any. */
  getClusterTimeZone(cluster: string): Promise<string | null>;
  setClusterTimeZone(cluster: string, tz: string): Promise<void>;
  listClusters(): Promise<{ name: string; timeZone: string | null }[]>;
  close(): Promise<void>;
}
