/**
 * The embedded default events table: one DuckDB file, columnar, no server. Events go in
 * through DuckDB's appender; a write (tail deletions + appends) is one transaction, so
 * a crash mid-ingest leaves either a whole batch or none of it.
 */
import { mkdirSync } from 'node:fs';
import { StoreUnavailableError } from '../store-unavailable.js';
import { dirname } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection, type DuckDBValue } from './duckdb-api.js';
import { KEY_EVENT_KINDS, type EventFields, type EventKind, type Level, type TimelineEvent } from '../../model/event.js';
import type { EventBatch } from '../../model/event-batch.js';
import type { SourceInfo } from '../../model/source-info.js';
import type { EventQuery } from '../event-store.js';
import type { SourceStatus } from '../../catalog/catalog.js';
import type { FileTable, LegacyCatalog, TailDelete } from '../event-table.js';
import { StoreConfigError } from '../store-url.js';
import { MARK_REPEATS_SQL, MOVE_REPEATS_SQL, SCHEMA_SQL, SCHEMA_VERSION } from './duckdb.schema.js';
import { appendDirect, type TextAppend } from './duckdb.direct-append.js';
import { appendModeFrom, chooseTextAppend, type AppendMode } from './duckdb.append-check.js';
import { aggregateRowsSql, ROW_GROUP_COLUMNS } from './duckdb.row-text.js';
import { decodeRowGroups, type RowGroup } from '../row-groups.js';
import { sortEvents } from '../../model/event-order.js';
import { afterCursorSql, ORDER_BY_SQL } from '../event-order.sql.js';
import { PARALLEL_READ_MIN_US } from '../event-table.js';

const KEY_KINDS: ReadonlySet<string> = new Set(KEY_EVENT_KINDS);
const KEY_KINDS_SQL = KEY_EVENT_KINDS.map((k) => `'${k}'`).join(', ');

/** DuckDB's buffer limit while ingesting (bounded RSS) and while answering queries. */
export const WRITE_MEMORY_LIMIT = '64MB';
export const READ_MEMORY_LIMIT = '1GB';
/** A page of a long dump (a window of a few thousand rows), on one thread: the dump's RSS stays flat. */
export const PAGE_MEMORY_LIMIT = '32MB';
/**
 * DuckDB's threads while appending, and otherwise. Ingest's scan workers keep every
 * core busy, and a second DuckDB thread there cost more CPU than it took off the
 * writer (2 cores, 961 MiB bench bundle: ~0.4 CPU-s more per ingest, mostly in that
 * thread). Queries and the final checkpoint have the cores to themselves.
 */
export const WRITE_THREADS = 1;
export const READ_THREADS = 2;
/** Fewer, larger checkpoints while ingesting: each one compresses and rewrites row groups. */
export const CHECKPOINT_THRESHOLD = '256MB';

export class DuckDbEventTable implements FileTable {
  private constructor(
    readonly url: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly appendMode: AppendMode,
  ) {}

  static async open(file: string): Promise<DuckDbEventTable> {
    const appendMode = appendModeFrom();
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    // A modest memory cap keeps ingest within its RSS budget; DuckDB spills if needed.
    // Every read sorts its rows, so DuckDB need not preserve insertion order.
    const instance = await DuckDBInstance.create(file, {
      memory_limit: WRITE_MEMORY_LIMIT,
      threads: String(READ_THREADS),
      checkpoint_threshold: CHECKPOINT_THRESHOLD,
      preserve_insertion_order: 'false',
    }).catch((e: unknown) => {
      throw lockedBy(file, e) ?? notDuckDb(file, e) ?? e;
    });
    const conn = await instance.connect();
    const store = new DuckDbEventTable(`duckdb:${file}`, instance, conn, appendMode);
    try {
      await store.migrate();
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      throw e;
    }
    return store;
  }

  /** This open created the store file's tables (a new or emptied file). */
  created = false;

  private async migrate(): Promise<void> {
    const had = await this.conn.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_name IN ('key_events', 'key_repeats', 'events', 'meta', 'sources')`,
    );
    const tables = new Set(had.getRowObjectsJS().map((r) => String(r.table_name)));
    const hadKeyTable = tables.has('key_events');
    this.created = !tables.has('events');
    const v = tables.has('meta') ? await this.conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`) : null;
    const version = Number(v?.getRowObjectsJS()[0]?.value ?? SCHEMA_VERSION);
    if (version > SCHEMA_VERSION) {
      // Checked before anything is created or migrated: reading on would miss what the
      // newer layout keeps elsewhere, and writing the version below would hide that from
      // the newer build's next open.
      throw new StoreConfigError(
        `the store ${this.url} has schema ${version}, written by a newer zbs-timeline; this build reads schemas up to ${SCHEMA_VERSION}: upgrade zbs-timeline to use it`,
      );
    }
    const current =
      version === SCHEMA_VERSION &&
      v !== null &&
      v.currentRowCount > 0 &&
      ['events', 'key_events', 'key_repeats'].every((t) => tables.has(t));
    // Up to date, with no catalog left to hand over (schema 3 kept it here): nothing to
    // create, migrate or record, so opening writes nothing (a write costs a commit).
    if (current && !tables.has('sources')) return;
    await this.conn.run(SCHEMA_SQL);
    if (version < 3) {
      // Schema 1 kept every event in `events`, schema 2 copied the key kinds to `key_events`:
      // from 3 on each event lives in exactly one of the two. Rewriting a big table needs room.
      await this.conn.run(`SET memory_limit = '${READ_MEMORY_LIMIT}'`);
      this.memoryMode = 'read';
      if (!hadKeyTable) await this.conn.run(`INSERT INTO key_events BY NAME SELECT * FROM events WHERE kind IN (${KEY_KINDS_SQL})`);
      await this.conn.run(`DELETE FROM events WHERE kind IN (${KEY_KINDS_SQL})`);
    }
    if (version < 4) {
      // Schema 4: file lifecycles, checkpoints and time zones moved to the catalog, and
      // instance starts are derived from it when read instead of stored.
      await this.conn.run(`DELETE FROM key_events WHERE kind = 'process.start' AND json_extract_string(fields, '$.via') = 'new_file'`);
    }
    if (version < 5) {
      // Schema 5: repeat marks on key events, so that answers skip repeated link failures
      // and leader reports without a window function per query.
      await this.memoryFor('read');
      await this.conn.run(MARK_REPEATS_SQL);
    }
    if (version < 6) {
      // Schema 6: repeats in their own table.
      await this.memoryFor('read');
      await this.conn.run(MOVE_REPEATS_SQL);
    }
    // Until the catalog has taken them over (and they are dropped), even after a crash in between.
    this.legacy = await this.readLegacy();
    await this.conn.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
  }

  /** Sources and time zones of a store written before the catalog, for the catalog to take over. */
  legacy: LegacyCatalog | null = null;

  private async readLegacy(): Promise<LegacyCatalog | null> {
    const t = await this.conn.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('sources', 'clusters')`);
    const tables = new Set(t.getRowObjectsJS().map((r) => String(r.table_name)));
    if (!tables.has('sources')) return null;
    const r = await this.conn.runAndReadAll(
      `SELECT source, status, cluster, node, service, pid, aliases, format, year_source,
              epoch_us(name_start_ts) AS name_start_us, epoch_us(first_ts) AS first_us, epoch_us(last_ts) AS last_us,
              first_line, last_line, end_kind, lines, records, bytes, fingerprint, size, resume_offset, resume_line, state
       FROM sources`,
    );
    const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    const sources = r.getRowObjectsJS().map((row) => ({
      status: (row.status === 'done' ? 'done' : 'ingesting') as SourceStatus,
      info: {
        source: String(row.source),
        cluster: String(row.cluster),
        node: String(row.node),
        service: String(row.service),
        pid: num(row.pid),
        aliases: JSON.parse(String(row.aliases ?? '[]')) as string[],
        format: String(row.format) as SourceInfo['format'],
        yearSource: (row.year_source ?? null) as SourceInfo['yearSource'],
        nameStartUs: num(row.name_start_us),
        firstTsUs: num(row.first_us),
        lastTsUs: num(row.last_us),
        firstLine: num(row.first_line),
        lastLine: num(row.last_line),
        endKind: String(row.end_kind) as SourceInfo['endKind'],
        lines: Number(row.lines),
        records: Number(row.records),
        bytes: Number(row.bytes),
      },
      checkpoint: {
        source: String(row.source),
        fingerprint: String(row.fingerprint),
        size: Number(row.size),
        offset: Number(row.resume_offset),
        line: Number(row.resume_line),
        state: String(row.state),
      },
    }));
    const clusters = tables.has('clusters')
      ? (await this.conn.runAndReadAll('SELECT name, time_zone FROM clusters'))
          .getRowObjectsJS()
          .map((c) => ({ name: String(c.name), timeZone: c.time_zone === null ? null : String(c.time_zone) }))
      : [];
    return { sources, clusters };
  }

  /** Once the catalog holds them, the old tables go. */
  async dropLegacy(): Promise<void> {
    await this.exclusive(async () => {
      await this.conn.run('DROP TABLE IF EXISTS sources');
      await this.conn.run('DROP TABLE IF EXISTS clusters');
    });
    this.legacy = null;
  }

  /**
   * One DuckDB connection must not run two statements at once: the API serves
   * concurrent requests and the analysis asks for several things in parallel, so every
   * use of the connection goes through this queue.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Writing keeps DuckDB's memory small (ingest has an RSS budget) and to one thread;
   * analytical reads (window functions, sorts over days of events) get more room.
   */
  private memoryMode: 'write' | 'read' | 'page' | null = null;
  private async memoryFor(mode: 'write' | 'read' | 'page'): Promise<void> {
    if (this.memoryMode === mode) return;
    // A page of a long dump needs no room to sort days of rows, and a large buffer pool would fill with the file.
    await this.conn.run(`SET memory_limit = '${{ read: READ_MEMORY_LIMIT, write: WRITE_MEMORY_LIMIT, page: PAGE_MEMORY_LIMIT }[mode]}'`);
    await this.conn.run(`SET threads = ${mode === 'read' ? READ_THREADS : WRITE_THREADS}`);
    this.memoryMode = mode;
  }

  /**
   * Two connections take turns writing: one batch's COMMIT (DuckDB writes its WAL and
   * merges the rows, ~40 % of a write, on a libuv thread) overlaps the next batch's
   * appends on the other connection. Commits run in call order, each only after the
   * previous write succeeded: a failed write rolls back every write called before its
   * failure was known.
   */
  private writers: [DuckDBConnection, DuckDBConnection] | null = null;
  private turn = 0;
  /** Per write connection: resolves when its last transaction has ended. */
  private writerFree: [Promise<void>, Promise<void>] = [Promise.resolve(), Promise.resolve()];
  /** The last write called: the next one commits after it, and fails if it failed. */
  private lastWrite: Promise<void> = Promise.resolve();

  write(deletes: TailDelete[], events: EventBatch[]): Promise<void> {
    // Chained at call time, so the order is the callers', whenever each write stages.
    const prev = this.lastWrite;
    const written: Promise<void> = this.exclusive(async () => {
      await this.memoryFor('write');
      this.texts ??= await this.chooseTexts();
      this.writers ??= [await this.instance.connect(), await this.instance.connect()];
      const i = this.turn++ % 2;
      await this.writerFree[i];
      this.writerFree[i] = written.catch(() => undefined);
      // Deletions must see every row written before them, committed: the rare write
      // that deletes (a file read again) waits for the commit before it.
      if (deletes.length) await prev.catch(() => undefined);
      const c = this.writers[i]!;
      await this.stage(c, deletes, events);
      // Wrapped, not awaited here: the next write may stage while this one commits.
      const committed = prev.then(
        () => c.run('COMMIT').then(() => undefined),
        async (e: unknown) => {
          await c.run('ROLLBACK').catch(() => undefined);
          throw e;
        },
      );
      return { committed };
    }).then((s) => s.committed);
    this.lastWrite = written;
    written.catch(() => {
      if (this.lastWrite === written) this.lastWrite = Promise.resolve();
    });
    return written;
  }

  /** How text columns are appended, chosen before the first write (duckdb.append-check.ts). */
  private texts: TextAppend | null = null;
  private async chooseTexts(): Promise<TextAppend> {
    const choice = await chooseTextAppend(this.conn, this.appendMode);
    if (choice.warning) process.stderr.write(`zbs-timeline: warning: ${choice.warning}\n`);
    return choice.texts;
  }

  /** Begins a transaction with the batch's deletions and appends; rolls back if any fails. */
  private async stage(c: DuckDBConnection, deletes: TailDelete[], events: EventBatch[]): Promise<void> {
    await c.run('BEGIN TRANSACTION');
    try {
      for (const d of deletes) {
        await c.run('DELETE FROM events WHERE source = $1 AND line >= $2', [d.source, d.fromLine]);
        await c.run('DELETE FROM key_events WHERE source = $1 AND line >= $2', [d.source, d.fromLine]);
        await c.run('DELETE FROM key_repeats WHERE source = $1 AND line >= $2', [d.source, d.fromLine]);
      }
      // Every event is written once: key kinds to `key_events` (repeats to `key_repeats`), the rest to `events`.
      if (events.some((b) => b.count > 0)) await appendDirect(c, events, this.texts ?? 'plain');
    } catch (e) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  storedSources(): Promise<string[]> {
    return this.exclusive(async () => {
      const r = await this.conn.runAndReadAll(
        'SELECT DISTINCT source FROM events UNION SELECT DISTINCT source FROM key_events UNION SELECT DISTINCT source FROM key_repeats ORDER BY source',
      );
      return r.getRowObjectsJS().map((row) => String(row.source));
    });
  }

  ping(): Promise<void> {
    return this.exclusive(async () => void (await this.conn.run('SELECT 1')));
  }

  queryEvents(q: EventQuery): Promise<TimelineEvent[]> {
    return this.exclusive(async () => {
      await this.memoryFor(q.paged ? 'page' : 'read');
      return this.queryEventsNow(q);
    });
  }

  private async queryEventsNow(q: EventQuery): Promise<TimelineEvent[]> {
    const where: string[] = [];
    const params: DuckDBValue[] = [];
    const p = (v: DuckDBValue): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.fromUs !== undefined) where.push(`ts >= ${p(usToTs(q.fromUs))}`);
    if (q.toUs !== undefined) where.push(`ts < ${p(usToTs(q.toUs))}`);
    if (q.cluster !== undefined) where.push(`cluster = ${p(q.cluster)}`);
    if (q.node !== undefined) where.push(`node = ${p(q.node)}`);
    if (q.kinds?.length) where.push(`kind IN (${q.kinds.map((k) => p(k)).join(', ')})`);
    // `ts >= t` first, alone: row groups wholly before the key are skipped on their min/max.
    if (q.after) where.push(`ts >= ${p(usToTs(q.after.tsUs))}`);
    if (q.after) where.push(afterCursorSql(q.after, (f, v) => p(f === 'tsUs' ? usToTs(v as number) : v)));
    // Answers read only key kinds: their own small table serves them, repeats left out.
    const keyRows = `SELECT * EXCLUDE (is_repeat) FROM key_events${q.dropRepeats ? '' : ' UNION ALL SELECT * EXCLUDE (is_repeat) FROM key_repeats'}`;
    const table =
      q.kinds?.length && q.kinds.every((k) => KEY_KINDS.has(k))
        ? `(${keyRows})`
        : q.kinds?.length && q.kinds.every((k) => !KEY_KINDS.has(k))
          ? 'events'
          : `(SELECT * FROM events UNION ALL ${keyRows})`;
    const cond = where.length ? where.join(' AND ') : 'TRUE';
    const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
    const ordered = ` ORDER BY ${ORDER_BY_SQL}${limit}`;
    const rows = (cols: string, order: string, also = ''): string => `SELECT ${cols} FROM ${table} WHERE ${cond}${also}${order}`;
    const textCols = `ts, line, kind, ${ROW_GROUP_COLUMNS}`;
    const whereParams = params.length;
    // Sorted in JS, after decoding; in SQL only to apply a limit. A result too big for one
    // string (a dump of millions of events) fails here and is read value by value below,
    // which also reports any error the query itself has.
    let fast: TimelineEvent[] | null;
    if (!limit && q.fromUs !== undefined && q.toUs !== undefined && q.toUs - q.fromUs >= PARALLEL_READ_MIN_US) {
      // A long range as two half-range queries, each on its own connection: DuckDB answers
      // one query on one thread when the rows are one row group, so two use both cores.
      const mid = p(usToTs(Math.floor((q.fromUs + q.toUs) / 2)));
      this.readConn ??= await this.instance.connect();
      const [early, late] = await Promise.all([
        this.readAsText(this.conn, aggregateRowsSql(rows(textCols, '', ` AND ts < ${mid}`)), params).catch(() => null),
        this.readAsText(this.readConn, aggregateRowsSql(rows(textCols, '', ` AND ts >= ${mid}`)), params).catch(() => null),
      ]);
      fast = early && late ? early.concat(late) : null;
    } else {
      fast = await this.readAsText(this.conn, aggregateRowsSql(rows(textCols, limit ? ordered : '')), params).catch(() => null);
    }
    if (fast) return sortEvents(fast);
    // A value held the separator (or an unexpected NULL): read the same rows value by value.
    return this.readColumnwise(rows(ROW_COLUMNS, ordered), params.slice(0, whereParams));
  }

  /** A second connection, for reads that run as two queries at once. */
  private readConn: DuckDBConnection | null = null;

  private async readAsText(conn: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<TimelineEvent[] | null> {
    const r = await conn.runAndReadAll(sql, params);
    return decodeRowGroups(r.getRowObjectsJson() as unknown as RowGroup[]);
  }

  private async readColumnwise(sql: string, params: DuckDBValue[]): Promise<TimelineEvent[]> {
    const r = await this.conn.runAndReadAll(sql, params);
    // Column-wise JSON conversion: several times faster than JS values (BIGINTs come as text).
    const c = r.getColumnsObjectJson();
    const n = c.ts_us?.length ?? 0;
    const out: TimelineEvent[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const pid = c.pid![i];
      const peer = c.peer![i];
      out[i] = {
        tsUs: Number(c.ts_us![i]),
        cluster: String(c.cluster![i]),
        node: String(c.node![i]),
        service: String(c.service![i]),
        pid: pid === null ? null : Number(pid),
        kind: String(c.kind![i]) as EventKind,
        level: String(c.level![i]) as Level,
        source: String(c.source![i]),
        line: Number(c.line![i]),
        message: String(c.message![i]),
        peer: peer === null ? null : String(peer),
        fields: JSON.parse(String(c.fields![i])) as EventFields,
      };
    }
    return out;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.lastWrite.catch(() => undefined);
    for (const w of this.writers ?? []) w.closeSync();
    this.readConn?.closeSync();
    // Closing checkpoints what was written; after an ingest its scan workers are done.
    if (this.memoryMode === 'write') await this.conn.run(`SET threads = ${READ_THREADS}`);
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

const ROW_COLUMNS = 'ts, epoch_us(ts) AS ts_us, cluster, node, service, pid, kind, level, source, line, message, peer, fields';
function usToTs(us: number | null): DuckDBTimestampValue | null {
  return us === null ? null : new DuckDBTimestampValue(BigInt(Math.round(us)));
}

/** A file that is there but holds no DuckDB database: the wrong --store, not a bug. */
function notDuckDb(file: string, e: unknown): StoreConfigError | null {
  if (!/is not a valid DuckDB database file/.test((e as Error)?.message ?? '')) return null;
  return new StoreConfigError(`the store ${file} is not a DuckDB database file: name the right one with --store duckdb:FILE`);
}

/**
 * DuckDB's file lock, held by another process (a `serve` or `worker` on the same store), as
 * a store that is unavailable, with who holds it. DuckDB says so only in words.
 */
function lockedBy(file: string, e: unknown): StoreUnavailableError | null {
  const m = /Could not set lock on file .*?Conflicting lock is held in (?<program>.*?) \(PID (?<pid>\d+)\)/s.exec(
    (e as Error)?.message ?? '',
  );
  if (!m?.groups) return null;
  return new StoreUnavailableError(
    `the store ${file} is in use by another process (PID ${m.groups.pid}, ${m.groups.program}: a serve or worker?); stop it, or ask it (serve's API), or use another store`,
    'locked',
  );
}
