/**
 * Where events are kept: the time-series half of a store (the catalog is the other).
 * Implementations: DuckDB (embedded) and QuestDB.
 */
import type { TimelineEvent } from '../model/event.js';
import type { EventBatch } from '../model/event-batch.js';
import type { EventQuery } from './event-store.js';
import type { SourceWrite } from '../catalog/catalog.js';

/** Reads over at least this range run as two queries at once (one day). */
export const PARALLEL_READ_MIN_US = 86_400_000_000;

/** A file re-read from line `fromLine` replaces its events from that line on. */
export interface TailDelete {
  source: string;
  fromLine: number;
}

/** What a store written before the catalog existed held in its own tables. */
export interface LegacyCatalog {
  sources: SourceWrite[];
  clusters: { name: string; timeZone: string | null }[];
}

export interface EventTable {
  readonly url: string;
  /**
   * Tail deletions, then appends: atomic where the store has transactions, idempotent
   * where it deduplicates. Resolves when durable. May be called again before then:
   * writes take effect in call order (the order of the calls, not of their awaits).
   */
  write(deletes: TailDelete[], events: EventBatch[]): Promise<void>;
  /** Stored events (not the synthesized instance starts), ordered by time, source, line, kind. */
  queryEvents(q: EventQuery): Promise<TimelineEvent[]>;
  /** Throws when the table cannot be read (a server that went away). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A table whose writes become visible to reads later (QuestDB applies its WAL asynchronously). */
export interface SettlingTable extends EventTable {
  /** Waits until everything written is visible to reads. */
  settle(): Promise<void>;
}

/** A table in a store file of its own (DuckDB), which may be new or older than the catalog. */
export interface FileTable extends EventTable {
  /** This open created the table: it holds no events, whatever a catalog says it has read. */
  readonly created: boolean;
  /** The sources that have events stored. */
  storedSources(): Promise<string[]>;
  /** Sources and zones from an old store file, for the catalog to take over; null when none. */
  readonly legacy: LegacyCatalog | null;
  dropLegacy(): Promise<void>;
}

/** An open table with what it can do beyond EventTable, as the factory knows it (each capability null where absent). */
export interface OpenTable {
  table: EventTable;
  settling: SettlingTable | null;
  file: FileTable | null;
}
