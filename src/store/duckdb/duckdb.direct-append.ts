/**
 * Appends event batches straight into `events` / `key_events` / `key_repeats` with DuckDB's appender,
 * one data chunk per run of events that share a kind and level.
 *
 * Why: every value handed to DuckDB from JS is a call across N-API, and a staging table
 * plus an INSERT … SELECT costs DuckDB a second copy of every row. Here the columns
 * that are the same for a whole chunk (cluster, node, service, pid, source, kind,
 * level) are constant vectors and the numbers go in as whole vectors. The three text
 * columns go in as raw string structs (duckdb.raw-string-structs.ts) once
 * duckdb.append-check.ts has seen them read back exactly, else one call per value.
 */
import { EVENT_KINDS, KEY_EVENT_KINDS } from '../../model/event.js';
import { LEVELS, type EventBatch } from '../../model/event-batch.js';
import {
  BIGINT,
  bindings,
  BOOLEAN,
  DuckDBDataChunk,
  TIMESTAMP,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
} from './duckdb-api.js';
import { putTextsRaw, rawTextScratch, type RawTextScratch, type TextVectors } from './duckdb.raw-string-structs.js';
import type { DataChunk, Value, Vector } from '@duckdb/node-bindings';

/** How the text columns reach DuckDB: raw string structs, or DuckDB's call per value. */
export type TextAppend = 'raw' | 'plain';

/** The tables a write appends to; the self-check appends to temporary ones. */
export interface AppendTables {
  events: string;
  key: string;
  repeats: string;
}
export const EVENT_TABLES: AppendTables = { events: 'events', key: 'key_events', repeats: 'key_repeats' };

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
/** The columns of `events` and `key_events`, in order. */
const EVENT_TYPES = [TIMESTAMP, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR];
/** `key_events` adds the repeat mark (see repeat-marks.ts): the answers' reads skip repeats. */
const KEY_EVENT_TYPES = [...EVENT_TYPES, BOOLEAN];
const COL = {
  ts: 0,
  cluster: 1,
  node: 2,
  service: 3,
  pid: 4,
  kind: 5,
  level: 6,
  source: 7,
  line: 8,
  message: 9,
  peer: 10,
  fields: 11,
  isRepeat: 12,
} as const;
const KEY_CODES = new Set(KEY_EVENT_KINDS.map((k) => EVENT_KINDS.indexOf(k)));
const TWO_32 = 4294967296;

/** Every event once: key kinds to `key_events` (their repeats to `key_repeats`), the rest to `events`. Runs inside the caller's transaction. */
export async function appendDirect(
  conn: DuckDBConnection,
  batches: readonly EventBatch[],
  texts: TextAppend,
  tables = EVENT_TABLES,
): Promise<void> {
  const appenders = {
    events: await conn.createAppender(tables.events),
    key: await conn.createAppender(tables.key),
    repeats: await conn.createAppender(tables.repeats),
  };
  // One chunk per table, reset before each fill: the appender has copied the previous
  // contents, and a reset frees its string heap now rather than when GC collects it.
  const chunks = { events: DuckDBDataChunk.create(EVENT_TYPES), key: DuckDBDataChunk.create(KEY_EVENT_TYPES) };
  const raw = texts === 'raw' ? rawTextScratch(CHUNK_ROWS) : null;
  const scratch: Scratch = {
    int64: new Int32Array(CHUNK_ROWS * 2),
    validity: new Uint8Array(CHUNK_ROWS / 8),
    repeats: new Uint8Array(CHUNK_ROWS),
    raw,
  };
  for (const b of batches) {
    runsByKindAndLevel(b).forEach((rows, code) => {
      if (!KEY_CODES.has(code >> 2)) return appendRows(appenders.events, chunks.events, b, code, rows, scratch);
      const [fresh, repeats] = splitRepeats(rows, b.repeat);
      appendRows(appenders.key, chunks.key, b, code, fresh, scratch);
      appendRows(appenders.repeats, chunks.key, b, code, repeats, scratch);
    });
  }
  appenders.events.closeSync();
  appenders.key.closeSync();
  appenders.repeats.closeSync();
}

/*
 * The helpers below are small module-level functions on purpose: written as closures
 * inside one big loop, this code cost TurboFan ~100 ms per (re)compile on a background
 * thread, four compiles per ingest, more CPU than the loop itself saved.
 */

/** Buffers reused from chunk to chunk. */
interface Scratch {
  int64: Int32Array<ArrayBuffer>;
  /** The peer column's validity mask: a bit per row, 1 = not NULL. */
  validity: Uint8Array<ArrayBuffer>;
  /** The repeat marks of a key chunk's rows, as BOOLEAN bytes. */
  repeats: Uint8Array<ArrayBuffer>;
  /** The raw path's string structs; null on the plain path. */
  raw: RawTextScratch | null;
}

function appendRows(
  to: DuckDBAppender,
  chunk: DuckDBDataChunk,
  b: EventBatch,
  code: number,
  rows: readonly number[],
  scratch: Scratch,
): void {
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
    fillChunk(chunk, b, code, rows, from, Math.min(CHUNK_ROWS, rows.length - from), scratch);
    to.appendDataChunk(chunk);
  }
}

/** A key run's rows as those that are no repeat (for `key_events`) and the repeats (for `key_repeats`), each in order. */
function splitRepeats(rows: readonly number[], repeat: Uint8Array): [number[], number[]] {
  const fresh: number[] = [];
  const repeats: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    (repeat[i] ? repeats : fresh).push(i);
  }
  return [fresh, repeats];
}

/** Rows `rows[from .. from + n)` of a batch (all of one kind and level) into `chunk`, which has the columns of their table. */
function fillChunk(
  chunk: DuckDBDataChunk,
  b: EventBatch,
  code: number,
  rows: readonly number[],
  from: number,
  n: number,
  scratch: Scratch,
): void {
  const key = KEY_CODES.has(code >> 2);
  chunk.reset();
  chunk.rowCount = n;
  const c = chunk.chunk;
  setConstant(c, COL.cluster, bindings.create_varchar(b.cluster));
  setConstant(c, COL.node, bindings.create_varchar(b.node));
  setConstant(c, COL.service, bindings.create_varchar(b.service));
  setConstant(c, COL.pid, b.pid === null ? bindings.create_null_value() : bindings.create_int64(BigInt(b.pid)));
  setConstant(c, COL.source, bindings.create_varchar(b.source));
  setConstant(c, COL.kind, bindings.create_varchar(EVENT_KINDS[code >> 2]!));
  setConstant(c, COL.level, bindings.create_varchar(LEVELS[code & 3]!));
  putInt64(bindings.data_chunk_get_vector(c, COL.ts), b.tsUs, rows, from, n, scratch.int64);
  putInt64(bindings.data_chunk_get_vector(c, COL.line), b.line, rows, from, n, scratch.int64);
  putTexts(c, b, rows, from, n, scratch);
  if (key) putRepeats(bindings.data_chunk_get_vector(c, COL.isRepeat), b.repeat, rows, from, n, scratch.repeats);
}

function putRepeats(
  vec: Vector,
  repeat: Uint8Array,
  rows: readonly number[],
  from: number,
  n: number,
  bytes: Uint8Array<ArrayBuffer>,
): void {
  for (let r = 0; r < n; r++) bytes[r] = repeat[rows[from + r]!]!;
  bindings.copy_data_to_vector(vec, 0, bytes.buffer, 0, n);
}

function setConstant(chunk: DataChunk, col: number, v: Value): void {
  bindings.vector_reference_value(bindings.data_chunk_get_vector(chunk, col), v);
}

/** Whole-number microseconds and line numbers as little-endian int64, without a BigInt per value. */
function putInt64(vec: Vector, col: Float64Array, rows: readonly number[], from: number, n: number, int64: Int32Array<ArrayBuffer>): void {
  for (let r = 0; r < n; r++) {
    const x = col[rows[from + r]!]!;
    const hi = Math.floor(x / TWO_32);
    int64[2 * r] = x - hi * TWO_32;
    int64[2 * r + 1] = hi;
  }
  bindings.copy_data_to_vector(vec, 0, int64.buffer, 0, n * 8);
}

/**
 * Message, peer (NULL where the event has none) and fields of a chunk's rows: as raw
 * structs (duckdb.raw-string-structs.ts) or, on the plain path, one DuckDB call per value.
 */
function putTexts(chunk: DataChunk, b: EventBatch, rows: readonly number[], from: number, n: number, scratch: Scratch): void {
  const v: TextVectors = {
    message: bindings.data_chunk_get_vector(chunk, COL.message),
    peer: bindings.data_chunk_get_vector(chunk, COL.peer),
    fields: bindings.data_chunk_get_vector(chunk, COL.fields),
  };
  if (scratch.raw) putTextsRaw(v, b, rows, from, n, scratch.raw);
  else putTextsPlain(v, b, rows, from, n);
  const { validity } = scratch;
  let nulls = false;
  validity.fill(0xff);
  for (let r = 0; r < n; r++) {
    if (!b.noPeer[rows[from + r]!]) continue;
    validity[r >> 3]! &= ~(1 << (r & 7));
    nulls = true;
  }
  if (nulls) {
    bindings.vector_ensure_validity_writable(v.peer);
    bindings.copy_data_to_vector_validity(v.peer, 0, validity.buffer, 0, validity.byteLength);
  }
}

const EMPTY = new Uint8Array(0);

/** Each value through DuckDB's own string assignment: no struct layout assumed. */
function putTextsPlain(v: TextVectors, b: EventBatch, rows: readonly number[], from: number, n: number): void {
  const { ends, text, noPeer } = b;
  for (let r = 0; r < n; r++) {
    const i = rows[from + r]!;
    const start = i === 0 ? 0 : ends[3 * i - 1]!;
    bindings.vector_assign_string_element_len(v.message, r, text.subarray(start, ends[3 * i]!));
    // An empty value under a NULL peer: the slot never holds a previous chunk's string.
    bindings.vector_assign_string_element_len(v.peer, r, noPeer[i] ? EMPTY : text.subarray(ends[3 * i]!, ends[3 * i + 1]!));
    bindings.vector_assign_string_element_len(v.fields, r, text.subarray(ends[3 * i + 1]!, ends[3 * i + 2]!));
  }
}

/** A batch's event indices grouped by (kind code << 2 | level code), in order within each group. */
export function runsByKindAndLevel(b: EventBatch): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (let i = 0; i < b.count; i++) {
    const code = (b.kind[i]! << 2) | b.level[i]!;
    let list = runs.get(code);
    if (!list) runs.set(code, (list = []));
    list.push(i);
  }
  return runs;
}
