/**
 * The embedded default store: one DuckDB file, columnar, no server. Events go in
 * through DuckDB's appender; batches are transactions, so a crash mid-ingest leaves
 * either a whole batch or none of it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { KEY_EVENT_KINDS, type EventFields, type EventKind, type Level, type TimelineEvent } from '../../model/event.js';
import type { EventBatch } from '../../model/event-batch.js';
import type { EndKind, LogFormat, SourceInfo, YearSource } from '../../model/source-info.js';
import type { EventQuery, EventStore, SourceQuery, StoredCheckpoint, WriteBatch } from '../event-store.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './duckdb.schema.js';

const KEY_KINDS: ReadonlySet<string> = new Set(KEY_EVENT_KINDS);
const KEY_KINDS_SQL = KEY_EVENT_KINDS.map((k) => `'${k}'`).join(', ');

/** DuckDB's buffer limit while ingesting (bounded RSS) and while answering queries. */
export const WRITE_MEMORY_LIMIT = '64MB';
export const READ_MEMORY_LIMIT = '1GB';
/** Fewer, larger checkpoints while ingesting: each one compresses and rewrites row groups. */
export const CHECKPOINT_THRESHOLD = '256MB';

export class DuckDbStore implements EventStore {
  private constructor(
    readonly url: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(file: string): Promise<DuckDbStore> {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    // A modest memory cap keeps ingest within its RSS budget; DuckDB spills if needed.
    const instance = await DuckDBInstance.create(file, { memory_limit: WRITE_MEMORY_LIMIT, threads: '2', checkpoint_threshold: CHECKPOINT_THRESHOLD });
    const conn = await instance.connect();
    const store = new DuckDbStore(`duckdb:${file}`, instance, conn);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const had = await this.conn.runAndReadAll(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'key_events'`);
    const hadKeyTable = Number(had.getRowObjectsJS()[0]?.n ?? 0) > 0;
    await this.conn.run(SCHEMA_SQL);
    const v = await this.conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`);
    const version = Number(v.getRowObjectsJS()[0]?.value ?? SCHEMA_VERSION);
    if (version < 3) {
      // Schema 1 kept every event in `events`, schema 2 copied the key kinds to `key_events`:
      // from 3 on each event lives in exactly one of the two. Rewriting a big table needs room.
      await this.conn.run(`SET memory_limit = '${READ_MEMORY_LIMIT}'`);
      this.memoryMode = 'read';
      if (!hadKeyTable) await this.conn.run(`INSERT INTO key_events SELECT * FROM events WHERE kind IN (${KEY_KINDS_SQL})`);
      await this.conn.run(`DELETE FROM events WHERE kind IN (${KEY_KINDS_SQL})`);
    }
    await this.conn.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
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
   * Writing keeps DuckDB's memory small (ingest has an RSS budget); analytical reads
   * (window functions, sorts over days of events) get more room.
   */
  private memoryMode: 'write' | 'read' | null = null;
  private async memoryFor(mode: 'write' | 'read'): Promise<void> {
    if (this.memoryMode === mode) return;
    await this.conn.run(`SET memory_limit = '${mode === 'write' ? WRITE_MEMORY_LIMIT : READ_MEMORY_LIMIT}'`);
    this.memoryMode = mode;
  }

  writeBatch(batch: WriteBatch): Promise<void> {
    return this.exclusive(async () => {
      await this.memoryFor('write'); return this.writeBatchNow(batch);
    });
  }

  loadCheckpoints(): Promise<Map<string, StoredCheckpoint>> {
    return this.exclusive(async () => {
      return this.loadCheckpointsNow();
    });
  }

  refreshInstanceStarts(): Promise<void> {
    return this.exclusive(async () => {
      await this.memoryFor('write'); return this.refreshInstanceStartsNow();
    });
  }

  queryEvents(q: EventQuery): Promise<TimelineEvent[]> {
    return this.exclusive(async () => {
      await this.memoryFor('read'); return this.queryEventsNow(q);
    });
  }

  listSources(q: SourceQuery): Promise<SourceInfo[]> {
    return this.exclusive(async () => {
      return this.listSourcesNow(q);
    });
  }

  getClusterTimeZone(cluster: string): Promise<string | null> {
    return this.exclusive(async () => {
      return this.getClusterTimeZoneNow(cluster);
    });
  }

  setClusterTimeZone(cluster: string, tz: string): Promise<void> {
    return this.exclusive(async () => {
      return this.setClusterTimeZoneNow(cluster, tz);
    });
  }

  listClusters(): Promise<{ name: string; timeZone: string | null }[]> {
    return this.exclusive(async () => {
      return this.listClustersNow();
    });
  }

  private async writeBatchNow(batch: WriteBatch): Promise<void> {
    const c = this.conn;
    await c.run('BEGIN TRANSACTION');
    try {
      for (const d of batch.deletes) {
        await c.run('DELETE FROM events WHERE source = $1 AND line >= $2', [d.source, d.fromLine]);
        await c.run('DELETE FROM key_events WHERE source = $1 AND line >= $2', [d.source, d.fromLine]);
      }
      for (const source of batch.marks) {
        await c.run(
          `INSERT INTO sources VALUES ($1, 'ingesting', '', '', '', NULL, '[]', '', NULL, NULL, NULL, NULL, NULL, NULL, 'none', 0, 0, 0, '', 0, 0, 1, '{}', NULL, now())
           ON CONFLICT (source) DO UPDATE SET status = 'ingesting', updated_at = now()`,
          [source],
        );
      }
      if (batch.events.some((b) => b.count > 0)) await this.appendEvents(batch.events);
      for (const s of batch.sources) await this.upsertSource(s.info, s.checkpoint, s.status);
      await c.run('COMMIT');
    } catch (e) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Every event is written once: key kinds to `key_events`, the rest to `events`. */
  private async appendEvents(batches: EventBatch[]): Promise<void> {
    await this.appendTo('events', batches, false);
    await this.appendTo('key_events', batches, true);
  }

  private async appendTo(table: string, batches: EventBatch[], key: boolean): Promise<void> {
    // One appender per batch keeps its buffers short-lived.
    const a = await this.conn.createAppender(table);
    for (const b of batches) {
      const pid = b.pid === null ? null : BigInt(b.pid);
      for (let i = 0; i < b.count; i++) {
        if (KEY_KINDS.has(b.kind[i]!) !== key) continue;
        a.appendTimestamp(new DuckDBTimestampValue(BigInt(b.tsUs[i]!)));
        a.appendVarchar(b.cluster);
        a.appendVarchar(b.node);
        a.appendVarchar(b.service);
        if (pid === null) a.appendNull();
        else a.appendBigInt(pid);
        a.appendVarchar(b.kind[i]!);
        a.appendVarchar(b.level[i]!);
        a.appendVarchar(b.source);
        a.appendBigInt(BigInt(b.line[i]!));
        a.appendVarchar(b.message[i]!);
        const peer = b.peer[i];
        if (peer === null || peer === undefined) a.appendNull();
        else a.appendVarchar(peer);
        a.appendVarchar(b.fields[i]!);
        a.endRow();
      }
    }
    a.closeSync();
  }

  private async upsertSource(info: SourceInfo, cp: StoredCheckpoint | Omit<StoredCheckpoint, 'status'>, status: string): Promise<void> {
    await this.conn.run(
      `INSERT OR REPLACE INTO sources VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24, now())`,
      [
        info.source,
        status,
        info.cluster,
        info.node,
        info.service,
        info.pid,
        JSON.stringify(info.aliases),
        info.format,
        info.yearSource,
        usToTs(info.nameStartUs),
        usToTs(info.firstTsUs),
        usToTs(info.lastTsUs),
        info.firstLine,
        info.lastLine,
        info.endKind,
        info.lines,
        info.records,
        info.bytes,
        cp.fingerprint,
        cp.size,
        cp.offset,
        cp.line,
        cp.state,
        null,
      ] as DuckDBValue[],
    );
  }

  private async loadCheckpointsNow(): Promise<Map<string, StoredCheckpoint>> {
    const r = await this.conn.runAndReadAll(
      'SELECT source, status, fingerprint, size, resume_offset, resume_line, state FROM sources',
    );
    const out = new Map<string, StoredCheckpoint>();
    for (const row of r.getRowObjectsJS()) {
      out.set(String(row.source), {
        source: String(row.source),
        status: row.status === 'done' ? 'done' : 'ingesting',
        fingerprint: String(row.fingerprint ?? ''),
        size: Number(row.size ?? 0),
        offset: Number(row.resume_offset ?? 0),
        line: Number(row.resume_line ?? 1),
        state: String(row.state ?? '{}'),
      });
    }
    return out;
  }

  private async refreshInstanceStartsNow(): Promise<void> {
    // One process.start per glog process instance, at the first record of its earliest
    // file: rotated files of the same pid are not restarts.
    const c = this.conn;
    await c.run('BEGIN TRANSACTION');
    try {
      for (const table of ['key_events']) {
        await c.run(`DELETE FROM ${table} WHERE kind = 'process.start' AND json_extract_string(fields, '$.via') = 'new_file'`);
        await c.run(`
        INSERT INTO ${table}
        SELECT s.first_ts, s.cluster, s.node, s.service, s.pid, 'process.start', 'I', s.source, s.first_line,
               'process ' || s.service || ' pid ' || s.pid || ' started (first record of a new process instance)',
               NULL, json_object('via', 'new_file', 'rule', 'instance-start')::VARCHAR
        FROM (
          SELECT *, row_number() OVER (PARTITION BY cluster, node, service, pid ORDER BY first_ts, source) AS rn
          FROM sources WHERE format = 'glog' AND pid IS NOT NULL AND first_ts IS NOT NULL
        ) s WHERE s.rn = 1`);
      }
      await c.run('COMMIT');
    } catch (e) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
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
    if (q.after) {
      const [t, s, l, k] = [p(usToTs(q.after.tsUs)), p(q.after.source), p(q.after.line), p(q.after.kind)];
      where.push(`(ts > ${t} OR (ts = ${t} AND (source > ${s} OR (source = ${s} AND (line > ${l} OR (line = ${l} AND kind > ${k}))))))`);
    }
    const cols = 'epoch_us(ts) AS ts_us, cluster, node, service, pid, kind, level, source, line, message, peer, fields';
    // Answers read only key kinds: their own small table serves them.
    const table = q.kinds?.length && q.kinds.every((k) => KEY_KINDS.has(k))
      ? 'key_events'
      : q.kinds?.length && q.kinds.every((k) => !KEY_KINDS.has(k))
        ? 'events'
        : '(SELECT * FROM events UNION ALL SELECT * FROM key_events)';
    const cond = where.length ? where.join(' AND ') : 'TRUE';
    const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
    const sql = q.linkTransitionsOnly
      ? `WITH links AS (
           SELECT *, lag(kind) OVER (PARTITION BY cluster, node, pid, regexp_replace(peer, ':[0-9]+$', '') ORDER BY ts, line) AS prev
           FROM ${table} WHERE ${cond} AND kind IN ('peer.link_down', 'peer.link_up'))
         SELECT ${cols} FROM links
           WHERE (kind = 'peer.link_down' AND (prev IS NULL OR prev = 'peer.link_up')) OR (kind = 'peer.link_up' AND prev = 'peer.link_down')
         UNION ALL
         SELECT ${cols} FROM ${table} WHERE ${cond} AND kind NOT IN ('peer.link_down', 'peer.link_up')
         ORDER BY ts_us, source, line, kind${limit}`
      : `SELECT ${cols} FROM ${table} WHERE ${cond} ORDER BY ts, source, line, kind${limit}`;
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

  private async listSourcesNow(q: SourceQuery): Promise<SourceInfo[]> {
    const where: string[] = [`status = 'done'`];
    const params: DuckDBValue[] = [];
    if (q.cluster !== undefined) {
      params.push(q.cluster);
      where.push(`cluster = $${params.length}`);
    }
    if (q.node !== undefined) {
      params.push(q.node);
      where.push(`node = $${params.length}`);
    }
    const r = await this.conn.runAndReadAll(
      `SELECT source, cluster, node, service, pid, aliases, format, year_source,
              epoch_us(name_start_ts) AS name_start_us, epoch_us(first_ts) AS first_us, epoch_us(last_ts) AS last_us,
              first_line, last_line, end_kind, lines, records, bytes
       FROM sources WHERE ${where.join(' AND ')} ORDER BY first_ts NULLS LAST, source`,
      params,
    );
    return r.getRowObjectsJS().map((row) => ({
      source: String(row.source),
      cluster: String(row.cluster),
      node: String(row.node),
      service: String(row.service),
      pid: row.pid === null ? null : Number(row.pid),
      aliases: JSON.parse(String(row.aliases ?? '[]')) as string[],
      format: String(row.format) as LogFormat,
      yearSource: (row.year_source ?? null) as YearSource | null,
      nameStartUs: numOrNull(row.name_start_us),
      firstTsUs: numOrNull(row.first_us),
      lastTsUs: numOrNull(row.last_us),
      firstLine: numOrNull(row.first_line),
      lastLine: numOrNull(row.last_line),
      endKind: String(row.end_kind) as EndKind,
      lines: Number(row.lines),
      records: Number(row.records),
      bytes: Number(row.bytes),
    }));
  }

  private async getClusterTimeZoneNow(cluster: string): Promise<string | null> {
    const r = await this.conn.runAndReadAll('SELECT time_zone FROM clusters WHERE name = $1', [cluster]);
    const row = r.getRowObjectsJS()[0];
    return row && row.time_zone !== null ? String(row.time_zone) : null;
  }

  private async setClusterTimeZoneNow(cluster: string, tz: string): Promise<void> {
    await this.conn.run('INSERT OR REPLACE INTO clusters VALUES ($1, $2)', [cluster, tz]);
  }

  private async listClustersNow(): Promise<{ name: string; timeZone: string | null }[]> {
    const r = await this.conn.runAndReadAll(
      `SELECT name, time_zone FROM clusters UNION SELECT DISTINCT cluster, NULL FROM sources WHERE cluster NOT IN (SELECT name FROM clusters) ORDER BY 1`,
    );
    return r.getRowObjectsJS().map((row) => ({ name: String(row.name), timeZone: row.time_zone === null ? null : String(row.time_zone) }));
  }

  async close(): Promise<void> {
    await this.queue;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

function usToTs(us: number | null): DuckDBTimestampValue | null {
  return us === null ? null : new DuckDBTimestampValue(BigInt(Math.round(us)));
}

function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
