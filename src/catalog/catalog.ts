/**
 * The relational catalog behind every store: clusters and their time zones, nodes,
 * log sources with their checkpoints, and ingest runs. Events are not here — they
 * live in the time-series table (DuckDB or QuestDB).
 */
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
  /** The file's path now, when it differs from its key (a rotated file). */
  path?: string;
  checkpoint: Checkpoint;
  status: SourceStatus;
}

export interface CatalogSource extends StoredCheckpoint {
  /** Where the file is now: a rotated file keeps its key and gets a new path. */
  path: string;
  /** Whose file it is: the same content under another cluster or node is another source. */
  cluster?: string;
  node?: string;
  service?: string;
  pid?: number | null;
}

export interface IngestRunStart {
  command: 'ingest' | 'worker';
  store: string;
}

export interface IngestRunEnd {
  status: 'ok' | 'failed';
  files: number;
  bytes: number;
  records: number;
  events: number;
  skipped: number;
  errors: { source: string; message: string }[];
}

export interface IngestRunRow extends IngestRunStart, Partial<IngestRunEnd> {
  id: number;
  startedAt: Date;
  endedAt: Date | null;
}

export interface NodeRow {
  cluster: string;
  name: string;
  aliases: string[];
}

export interface Catalog {
  /** `sqlite:FILE` or the PostgreSQL URL (password hidden). */
  readonly url: string;
  /** Marks sources as being written: a crash before `saveSources` is repaired by the next run. */
  markIngesting(keys: string[]): Promise<void>;
  /** Saves lifecycles and checkpoints, and the sources' clusters and nodes. */
  saveSources(writes: SourceWrite[]): Promise<void>;
  /** Points a source at the file it was rotated to. */
  moveSource(key: string, path: string): Promise<void>;
  loadCheckpoints(): Promise<Map<string, CatalogSource>>;
  /** How many sources (files) the catalog remembers. */
  countSources(): Promise<number>;
  /** Forgets every source and its checkpoint (their events are gone); returns how many there were. */
  forgetSources(): Promise<number>;
  listSources(q: { cluster?: string; node?: string }): Promise<SourceInfo[]>;
  getClusterTimeZone(cluster: string): Promise<string | null>;
  setClusterTimeZone(cluster: string, tz: string): Promise<void>;
  listClusters(): Promise<{ name: string; timeZone: string | null }[]>;
  listNodes(cluster?: string): Promise<NodeRow[]>;
  /** Changes whenever stored events may have changed (every write, every settle). */
  dataVersion(): Promise<string>;
  bumpDataVersion(): Promise<void>;
  startRun(run: IngestRunStart): Promise<number>;
  finishRun(id: number, end: IngestRunEnd): Promise<void>;
  listRuns(limit: number): Promise<IngestRunRow[]>;
  close(): Promise<void>;
}
