/**
 * Events in QuestDB: written with the official client (ILP over HTTP), read over the
 * REST API. The table deduplicates on (ts, source, line, kind), so re-sending a batch
 * or re-reading a file never doubles an event; a re-read tail is first marked
 * `deleted` (QuestDB has no DELETE), and rows sent again are upserted back to live.
 * The events the answers read live in a key table of their own (keyTableOf), kept the same way.
 */
import { availableParallelism } from 'node:os';
import { KEY_EVENT_KINDS, type EventFields, type EventKind, type Level, type TimelineEvent } from '../../model/event.js';
import type { EventBatch } from '../../model/event-batch.js';
import type { EventQuery } from '../event-store.js';
import { PARALLEL_READ_MIN_US, type SettlingTable, type TailDelete } from '../event-table.js';
import { parseQuestDbConfig, withSettings, type QuestDbConfig } from './questdb.config.js';
import { exec, lit, questDbGet, REST_TIMEOUT_MS, tsLit } from './questdb.rest.js';
import { DEFAULT_STORE_TIMEOUT_MS, StoreRetry, StoreUnavailableError, type StoreRetryOptions } from '../store-unavailable.js';
import { decodeRowGroups } from '../row-groups.js';
import { compareEvents, sortEvents } from '../../model/event-order.js';
import { afterCursorSql, ORDER_BY_SQL } from '../event-order.sql.js';
import { QUESTDB_ROW_SEP, rowGroupsSql, toRowGroups } from './questdb.row-text.js';
import type { RowTables } from './ilp-rows.js';
import { MAX_SENDER_THREADS, SenderPool } from './sender-pool.js';
import { parseIsoToUs } from '../../time/zone.js';

const KEY_KINDS: ReadonlySet<string> = new Set(KEY_EVENT_KINDS);
/** undici's code for a connection closed in the middle of an answer. */
const CLOSED_MID_ANSWER = 'UND_ERR_SOCKET';

export const DEFAULT_EVENTS_TABLE = 'zbs_events';

const createTable = (table: string): string => `CREATE TABLE IF NOT EXISTS ${table} (
  ts TIMESTAMP,
  cluster SYMBOL,
  node SYMBOL,
  service SYMBOL,
  pid LONG,
  kind SYMBOL INDEX,
  level SYMBOL,
  source SYMBOL CAPACITY 65536,
  line LONG,
  message STRING,
  peer STRING,
  fields STRING,
  deleted BOOLEAN,
  is_repeat BOOLEAN
) TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, source, line, kind)`;

/** How long `settle` waits for QuestDB to apply written WAL transactions. */
export const SETTLE_TIMEOUT_MS = 60_000;
export const SETTLE_POLL_MS = 50;
/** ILP buffers: one write (≤ WRITE_BATCH_EVENTS rows) fits without growing far. */
export const ILP_INIT_BUF_BYTES = 1024 * 1024;
export const ILP_MAX_BUF_BYTES = 64 * 1024 * 1024;
/** Per ILP request at most (a shorter --store-timeout shortens it). */
export const ILP_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The key table: the rows of KEY_EVENT_KINDS not marked as repeats, written there instead
 * of the events table (ilp-rows.ts; each event is in one table, as in the DuckDB store)
 * and marked deleted with it. The answers read only these, a few in a thousand events:
 * from the events table, QuestDB looked at every key row of the range (repeats included)
 * to pick them, which took most of an answer.
 */
export function keyTableOf(table: string): string {
  return `${table}_keys`;
}

/** Every table a store named `table` keeps (to drop them all). */
export function tablesOf(table: string): string[] {
  return [table, keyTableOf(table)];
}

const KEY_KINDS_SQL = KEY_EVENT_KINDS.map(lit).join(', ');
const COLUMNS = 'ts, cluster, node, service, pid, kind, level, source, line, message, peer, fields, deleted, is_repeat';

const OWED_TO_KEYS = `kind IN (${KEY_KINDS_SQL}) AND is_repeat = false AND deleted = false`;

/**
 * Moves the events table's live key rows to its key table: copied (deduplicated, so
 * copying twice changes nothing), then marked deleted where they were. Rows written
 * there before the key table existed, by an older version.
 */
export function moveKeyRowsSql(table: string): string[] {
  return [
    `INSERT INTO ${keyTableOf(table)} (${COLUMNS}) SELECT ${COLUMNS} FROM ${table} WHERE ${OWED_TO_KEYS}`,
    `UPDATE ${table} SET deleted = true WHERE ${OWED_TO_KEYS}`,
  ];
}

/**
 * Creates the key table if needed; true when the events table has key rows to move
 * there (a store written before the key table; an open that stopped half-way).
 */
async function openKeyTable(sql: (q: string) => Promise<{ dataset: unknown[][] }>, table: string): Promise<boolean> {
  await sql(createTable(keyTableOf(table)));
  return (await sql(`SELECT ts FROM ${table} WHERE ${OWED_TO_KEYS} LIMIT 1`)).dataset.length > 0;
}

export class QuestDbEventTable implements SettlingTable {
  private constructor(
    readonly url: string,
    private readonly cfg: QuestDbConfig,
    private readonly senders: SenderPool,
    private readonly table: string,
    /** Writes (and the waits for them) retry an unreachable server for a bounded time. */
    private readonly retry: StoreRetry,
  ) {}

  /** Per REST request: no longer than the outage a writer may wait out. */
  private get restTimeoutMs(): number {
    return Math.min(REST_TIMEOUT_MS, this.retry.timeoutMs);
  }

  /**
   * Opening does not retry: a server unreachable at start-up fails the command at once
   * (StoreUnavailableError), within `retry.timeoutMs` at most.
   */
  static async open(
    clientConfig: string,
    table = DEFAULT_EVENTS_TABLE,
    retry: Partial<StoreRetryOptions> = {},
  ): Promise<QuestDbEventTable> {
    if (!/^[a-z_][a-z0-9_]*$/i.test(table)) throw new Error(`bad QuestDB table name "${table}"`);
    const cfg = parseQuestDbConfig(clientConfig);
    const timeoutMs = retry.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    const sql = (q: string): ReturnType<typeof exec> => exec(cfg, q, Math.min(REST_TIMEOUT_MS, timeoutMs));
    await sql(createTable(table));
    // Tables from before repeat marks (repeat-marks.ts) get the column; their rows read as
    // false, so they are all kept: correct (the derivations ignore repeats), only slower.
    // (8.x has no ADD COLUMN IF NOT EXISTS.)
    const marked = await sql(`SELECT "column" FROM table_columns(${lit(table)}) WHERE "column" = 'is_repeat'`);
    if (!marked.dataset.length) await sql(`ALTER TABLE ${table} ADD COLUMN is_repeat BOOLEAN`);
    const owed = await openKeyTable(sql, table);
    const threads = Math.max(1, Math.min(MAX_SENDER_THREADS, availableParallelism()));
    const senders = await SenderPool.start(await senderConfig(cfg, timeoutMs), threads);
    const url = `questdb:${cfg.display}`;
    const opened = new QuestDbEventTable(url, cfg, senders, table, new StoreRetry(`QuestDB at ${cfg.httpBase}`, { ...retry, timeoutMs }));
    if (owed) {
      // The copy reads only applied rows, and the mark that follows applies to all:
      // every written row is applied first. Reads must then see what was moved.
      try {
        await opened.settle();
        for (const step of moveKeyRowsSql(table)) await sql(step);
        await opened.settle();
      } catch (e) {
        await opened.close();
        throw e;
      }
    }
    return opened;
  }

  private queue: Promise<unknown> = Promise.resolve();

  private get tables(): RowTables {
    return { events: this.table, keys: keyTableOf(this.table) };
  }

  write(deletes: TailDelete[], events: EventBatch[]): Promise<void> {
    // One write at a time: each sender has one buffer, and tail deletions must land first.
    const run = this.queue.then(() => this.writeNow(deletes, events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Each step is retried on its own while the server is away: the UPDATE is idempotent
   * (it marks only live rows) and rows sent again are deduplicated, so nothing doubles.
   */
  private async writeNow(deletes: TailDelete[], events: EventBatch[]): Promise<void> {
    for (const d of deletes) {
      // WAL transactions apply in order: this UPDATE lands before the rows sent next.
      for (const table of [this.table, this.tables.keys]) {
        const update = `UPDATE ${table} SET deleted = true WHERE source = ${lit(d.source)} AND line >= ${d.fromLine} AND deleted = false`;
        await this.retry.run((ms) => exec(this.cfg, update, Math.min(REST_TIMEOUT_MS, ms)));
      }
    }
    if (events.some((b) => b.count > 0)) await this.retry.run((ms) => this.senders.write(this.tables, events, ms));
  }

  async ping(): Promise<void> {
    await exec(this.cfg, `SELECT count() FROM ${this.table} WHERE ts > now()`, this.restTimeoutMs);
  }

  /** Waits until QuestDB has applied every WAL transaction written so far: then reads see them. */
  async settle(): Promise<void> {
    await this.queue;
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    const progress = `SELECT name, writerTxn, sequencerTxn, suspended FROM wal_tables() WHERE name IN (${lit(this.table)}, ${lit(this.tables.keys)})`;
    for (;;) {
      const r = await this.retry.run((ms) => exec(this.cfg, progress, Math.min(REST_TIMEOUT_MS, ms)));
      const behind = r.dataset.filter((row) => Number(row[1]) < Number(row[2]));
      if (!behind.length) return;
      const stuck = behind.find((row) => row[3] === true);
      if (stuck) throw new Error(`QuestDB suspended WAL apply on ${String(stuck[0])}; see the server log`);
      if (Date.now() > deadline) throw new Error(`QuestDB did not apply written events within ${SETTLE_TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
    }
  }

  async queryEvents(q: EventQuery): Promise<TimelineEvent[]> {
    const cond = (table: string): string => whereSql(q, table === this.tables.keys);
    const keyKinds = q.kinds?.length && q.kinds.every((k) => KEY_KINDS.has(k));
    // Without repeats, key kinds are all in the key table; other kinds never are.
    const tables =
      keyKinds && q.dropRepeats
        ? [this.tables.keys]
        : q.kinds?.length && !q.kinds.some((k) => KEY_KINDS.has(k))
          ? [this.table]
          : [this.table, this.tables.keys];
    // What the answers read (key kinds, no limit) comes grouped. Other reads (dumps,
    // pages) are row by row: their groups could outgrow QuestDB's send buffer, and pages
    // need the server's order and limit.
    if (q.limit === undefined && keyKinds) {
      const grouped = await this.readGrouped(tables, q, cond);
      if (grouped) return grouped;
    }
    const cols = 'ts, cluster, node, service, pid, kind, level, source, line, message, peer, fields';
    const rows = tables.map((t) => `SELECT ${cols} FROM ${t} WHERE ${cond(t)}`).join(' UNION ALL ');
    const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
    const r = await exec(this.cfg, `SELECT ${cols} FROM (${rows}) ORDER BY ${ORDER_BY_SQL}${limit}`, this.restTimeoutMs);
    // QuestDB orders strings as UTF-16: a whole read is put in the one event order here;
    // pages keep the server's order, which differs only beyond U+FFFF against U+E000–U+FFFF.
    return limit ? r.dataset.map(toEvent) : r.dataset.map(toEvent).sort(compareEvents);
  }

  /**
   * The rows as one text per source, kind and level (row-groups.ts), sorted here: the
   * REST answer is a fraction of the rows' JSON, and decoding it makes no string per
   * value. A long range is read as two halves at once, so the server's work on one
   * overlaps decoding the other; each half is sorted as it arrives, and the halves,
   * apart in time, follow each other. null when some value held the separator, or the
   * server refused the statement or cut its answer (a group larger than its send
   * buffer): the caller then reads row by row.
   */
  private async readGrouped(tables: string[], q: EventQuery, cond: (table: string) => string): Promise<TimelineEvent[] | null> {
    const halves =
      q.fromUs !== undefined && q.toUs !== undefined && q.toUs - q.fromUs >= PARALLEL_READ_MIN_US
        ? splitAt(Math.floor((q.fromUs + q.toUs) / 2))
        : [''];
    const read = (table: string, extra: string): Promise<TimelineEvent[] | null> =>
      exec(this.cfg, rowGroupsSql(table, cond(table) + extra), this.restTimeoutMs).then(
        (r) => decodeRowGroups(toRowGroups(r.dataset), QUESTDB_ROW_SEP),
        (e: unknown) => {
          // QuestDB closes the connection on a value over its send buffer: not a server away.
          if (e instanceof StoreUnavailableError && e.reason !== CLOSED_MID_ANSWER) throw e;
          return null;
        },
      );
    const readHalf = async (extra: string): Promise<TimelineEvent[] | null> => {
      const parts = await Promise.all(tables.map((t) => read(t, extra)));
      return parts.some((p) => p === null) ? null : sortEvents((parts as TimelineEvent[][]).flat());
    };
    const sorted = await Promise.all(halves.map(readHalf));
    return sorted.some((p) => p === null) ? null : (sorted as TimelineEvent[][]).flat();
  }

  async close(): Promise<void> {
    await this.queue;
    await this.senders.close();
  }
}

/**
 * The client's default `protocol_version=auto` asks `/settings` for the server's
 * line-protocol versions; servers before 9.0 do not publish them (8.x answers without a
 * `config` object) and the client then fails. Ask first: where the server names no
 * versions, use version 1, which every server reads.
 *
 * The client's own retries are off (`retry_timeout=0`) and its Node http transport is
 * used (`stdlib_http=on`): its default undici transport retries a refused connection
 * forever and never returns (seen with client 4.2.0), so a write to a server that went
 * away hung ingest. A failed request now fails at once, and the table retries it for
 * a bounded time (StoreRetry).
 */
export async function senderConfig(cfg: QuestDbConfig, timeoutMs = DEFAULT_STORE_TIMEOUT_MS): Promise<string> {
  const requestMs = Math.max(1000, Math.min(ILP_REQUEST_TIMEOUT_MS, timeoutMs));
  const base = {
    init_buf_size: ILP_INIT_BUF_BYTES,
    max_buf_size: ILP_MAX_BUF_BYTES,
    auto_flush: false,
    request_timeout: requestMs,
    retry_timeout: 0,
    stdlib_http: true,
  };
  if (cfg.settings.has('protocol_version')) return withSettings(cfg, base);
  const res = await questDbGet(cfg, '/settings', requestMs);
  let settings: { config?: Record<string, unknown> } = {};
  try {
    settings = JSON.parse(res.text) as typeof settings;
  } catch {
    // no JSON: a server that names no versions
  }
  const versions = settings.config?.['line.proto.support.versions'];
  return withSettings(cfg, Array.isArray(versions) && versions.length ? base : { ...base, protocol_version: '1' });
}

/**
 * The condition of a query's rows (live ones only). On the key table, which holds only
 * key kinds and no marked repeats, a filter asking for all of them is left out: QuestDB
 * then reads the kind and repeat columns of no row.
 */
function whereSql(q: EventQuery, keyTable = false): string {
  const where = ['deleted = false'];
  if (q.fromUs !== undefined) where.push(`ts >= ${tsLit(q.fromUs)}`);
  if (q.toUs !== undefined) where.push(`ts < ${tsLit(q.toUs)}`);
  if (q.cluster !== undefined) where.push(`cluster = ${lit(q.cluster)}`);
  if (q.node !== undefined) where.push(`node = ${lit(q.node)}`);
  const allKeyKinds = keyTable && !!q.kinds && KEY_EVENT_KINDS.every((k) => q.kinds!.includes(k));
  if (q.kinds?.length && !allKeyKinds) where.push(`kind IN (${q.kinds.map(lit).join(', ')})`);
  // The marks written at ingest leave repeats out, as in the DuckDB store; the few they
  // miss (a partition's first event in a batch, rows written before marks) are kept.
  if (q.dropRepeats && !keyTable) where.push('is_repeat = false');
  if (q.after)
    where.push(afterCursorSql(q.after, (f, v) => (f === 'tsUs' ? tsLit(v as number) : f === 'line' ? String(v) : lit(String(v)))));
  return where.join(' AND ');
}

/** The two halves of a range, as conditions added to its own. */
function splitAt(midUs: number): [string, string] {
  return [` AND ts < ${tsLit(midUs)}`, ` AND ts >= ${tsLit(midUs)}`];
}

function toEvent(row: unknown[]): TimelineEvent {
  const [ts, cluster, node, service, pid, kind, level, source, line, message, peer, fields] = row;
  return {
    tsUs: parseIsoToUs(String(ts)), // QuestDB's ISO text keeps microseconds
    cluster: String(cluster),
    node: String(node),
    service: String(service),
    pid: pid === null ? null : Number(pid),
    kind: String(kind) as EventKind,
    level: String(level) as Level,
    source: String(source),
    line: Number(line),
    message: String(message ?? ''),
    peer: peer === null || peer === undefined ? null : String(peer),
    fields: JSON.parse(String(fields ?? '{}')) as EventFields,
  };
}
