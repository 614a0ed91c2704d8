/**
 * Chooses how a DuckDB store appends its text columns: raw string structs
 * (duckdb.raw-string-structs.ts) only after known strings have gone in that way and come
 * back exactly, so that a DuckDB whose string layout differs falls back to the plain
 * appender instead of writing through wrong pointers.
 *
 * `ZBS_DUCKDB_APPEND=plain` forces the plain appender; `auto` (or unset) checks first.
 */
import { EventBatchBuilder, type EventBatch } from '../../model/event-batch.js';
import type { EventKind, Level } from '../../model/event.js';
import { StoreConfigError } from '../store-url.js';
import type { DuckDBConnection } from './duckdb-api.js';
import { appendDirect, type AppendTables, type TextAppend } from './duckdb.direct-append.js';

export const APPEND_MODES = ['auto', 'plain'] as const;
export type AppendMode = (typeof APPEND_MODES)[number];

/** The environment's choice; an unknown value is a configuration error, not a guess. */
export function appendModeFrom(env: NodeJS.ProcessEnv = process.env): AppendMode {
  const v = env.ZBS_DUCKDB_APPEND ?? 'auto';
  if ((APPEND_MODES as readonly string[]).includes(v)) return v as AppendMode;
  throw new StoreConfigError(`ZBS_DUCKDB_APPEND=${v} is not one of ${APPEND_MODES.join(', ')}`);
}

/**
 * Every length class of `duckdb_string_t` (empty, inline up to 12 bytes, pointer beyond),
 * multi-byte UTF-8 on both sides of the 12-byte edge, and a value past 64 KiB.
 */
export const CHECK_TEXTS: readonly string[] = [
  '',
  'a',
  'abcdefghijkl',
  'abcdefghijklm',
  'é'.repeat(6),
  'é'.repeat(7),
  '日本語のログ行',
  '🙂 emoji after twelve bytes',
  'x'.repeat(70_000),
];
/** A kind kept in `events` and one in `key_events`, so that all three tables' appenders run. */
const CHECK_KINDS: readonly [EventKind, Level][] = [
  ['chunk.status_change', 'I'],
  ['peer.link_down', 'W'],
];

export interface AppendChoice {
  texts: TextAppend;
  /** Why the raw path is not used, when the check was run and failed. */
  warning?: string;
}

/** `plain` when forced, else `raw` if the round trip reads back exactly, else `plain` with a warning. */
export async function chooseTextAppend(conn: DuckDBConnection, mode: AppendMode): Promise<AppendChoice> {
  if (mode === 'plain') return { texts: 'plain' };
  const problem = await rawRoundTrip(conn).catch((e: unknown) => `the check failed: ${e instanceof Error ? e.message : String(e)}`);
  if (problem === null) return { texts: 'raw' };
  return { texts: 'plain', warning: `DuckDB raw string append disabled (${problem}); using the plain appender` };
}

/** Appends CHECK_TEXTS through the raw path into temporary tables; null if each value reads back as written. */
export async function rawRoundTrip(conn: DuckDBConnection): Promise<string | null> {
  const tables: AppendTables = { events: 'zbs_check_events', key: 'zbs_check_key_events', repeats: 'zbs_check_key_repeats' };
  const create = [`CREATE OR REPLACE TEMP TABLE ${tables.events} AS SELECT * FROM events LIMIT 0`];
  create.push(`CREATE OR REPLACE TEMP TABLE ${tables.key} AS SELECT * FROM key_events LIMIT 0`);
  create.push(`CREATE OR REPLACE TEMP TABLE ${tables.repeats} AS SELECT * FROM key_repeats LIMIT 0`);
  try {
    for (const sql of create) await conn.run(sql);
    const { batch, want } = checkBatch();
    await appendDirect(conn, [batch], 'raw', tables);
    const union = `SELECT line, message, peer, fields FROM ${tables.events} UNION ALL SELECT line, message, peer, fields FROM ${tables.key}`;
    const r = await conn.runAndReadAll(`${union} UNION ALL SELECT line, message, peer, fields FROM ${tables.repeats} ORDER BY line`);
    const got = r.getRowsJS().map(([, message, peer, fields]) => [message, peer, fields]);
    return firstDifference(want, got);
  } finally {
    for (const t of Object.values(tables)) await conn.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
  }
}

/** One batch: every check text as message, peer (and a NULL peer) and inside the fields, at both kinds. */
function checkBatch(): { batch: EventBatch; want: unknown[][] } {
  const b = new EventBatchBuilder({ cluster: 'check', node: 'n', service: 's', pid: 1, source: 'append-check' });
  const want: unknown[][] = [];
  let line = 0;
  for (const [kind, level] of CHECK_KINDS) {
    CHECK_TEXTS.forEach((text, i) => {
      const peer = i % 2 ? null : CHECK_TEXTS[CHECK_TEXTS.length - 1 - i]!;
      const fields = { note: text };
      b.add(1_000_000 + line, ++line, kind, level, text, peer, fields);
      want.push([text, peer, JSON.stringify(fields)]);
    });
  }
  return { batch: b.take(), want };
}

/** The first row that differs, described without its (possibly huge) values; null if none. */
export function firstDifference(want: readonly unknown[][], got: readonly unknown[][]): string | null {
  if (got.length !== want.length) return `${got.length} rows read back of ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const col = want[i]!.findIndex((v, c) => v !== got[i]![c]);
    if (col >= 0) return `row ${i + 1} column ${['message', 'peer', 'fields'][col]} read back differently`;
  }
  return null;
}
