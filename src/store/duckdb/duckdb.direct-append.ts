/**
 * Appends event batches straight into `events` / `key_events` / `key_repeats` with DuckDB's appender,
 * one data chunk per run of events that share a kind and level.
 *
 * Why: every value handed to DuckDB from JS is a call across N-API, and a staging table
 * plus an INSERT … SELECT costs DuckDB a second copy of every row. Here the columns
 * that are the same for a whole chunk (cluster, node, service, pid, source, kind,
 * level) are constant vectors, the numbers go in as whole vectors, and the three text
 * columns take the batch's UTF-8 bytes as they are; no JS string is made per value.
 */
import { EVENT_KINDS, KEY_EVENT_KINDS } from '../../model/event.js';
import { LEVELS, type EventBatch } from '../../model/event-batch.js';
import { BIGINT, bindings, BOOLEAN, DuckDBDataChunk, TIMESTAMP, VARCHAR, type DuckDBAppender, type DuckDBConnection } from './duckdb-api.js';
import type { DataChunk, Value, Vector } from '@duckdb/node-bindings';

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
/** The columns of `events` and `key_events`, in order. */
const EVENT_TYPES = [TIMESTAMP, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR];
/** `key_events` adds the repeat mark (see repeat-marks.ts): the answers' reads skip repeats. */
const KEY_EVENT_TYPES = [...EVENT_TYPES, BOOLEAN];
const COL = { ts: 0, cluster: 1, node: 2, service: 3, pid: 4, kind: 5, level: 6, source: 7, line: 8, message: 9, peer: 10, fields: 11, isRepeat: 12 } as const;
const KEY_CODES = new Set(KEY_EVENT_KINDS.map((k) => EVENT_KINDS.indexOf(k)));
const TWO_32 = 4294967296;

/** Every event once: key kinds to `key_events` (their repeats to `key_repeats`), the rest to `events`. Runs inside the caller's transaction. */
export async function appendDirect(conn: DuckDBConnection, batches: readonly EventBatch[]): Promise<void> {
  const appenders = { events: await conn.createAppender('events'), key: await conn.createAppender('key_events'), repeats: await conn.createAppender('key_repeats') };
  // One chunk per table, reset before each fill: the appender has copied the previous
  // contents, and a reset frees its string heap now rather than when GC collects it.
  const chunks = { events: DuckDBDataChunk.create(EVENT_TYPES), key: DuckDBDataChunk.create(KEY_EVENT_TYPES) };
  const scratch: Scratch = { int64: new Int32Array(CHUNK_ROWS * 2), validity: new Uint8Array(CHUNK_ROWS / 8), repeats: new Uint8Array(CHUNK_ROWS), msg: stringStructs(), peers: stringStructs(), flds: stringStructs() };
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
  /** The text columns' values as `duckdb_string_t`. */
  msg: StringStructs;
  peers: StringStructs;
  flds: StringStructs;
}

function appendRows(to: DuckDBAppender, chunk: DuckDBDataChunk, b: EventBatch, code: number, rows: readonly number[], scratch: Scratch): void {
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
function fillChunk(chunk: DuckDBDataChunk, b: EventBatch, code: number, rows: readonly number[], from: number, n: number, scratch: Scratch): void {
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

function putRepeats(vec: Vector, repeat: Uint8Array, rows: readonly number[], from: number, n: number, bytes: Uint8Array<ArrayBuffer>): void {
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
 * `duckdb_string_t` of DuckDB's C API (duckdb.h): 16 bytes per value, its length as
 * uint32 and then either the value itself (12 bytes or fewer, zero-padded) or its first
 * 4 bytes and a pointer to the rest.
 */
const STRING_T_BYTES = 16;
const INLINE_MAX = 12;

/**
 * Message, peer (NULL where the event has none) and fields of a chunk's rows.
 *
 * Why not a call per value: three N-API calls and three subarrays per event cost the
 * main thread ~0.25 CPU-s per 1 GiB bundle (perf). Instead the chunk's span of the batch's text goes
 * to DuckDB once (it copies it into the message vector's string heap, which lives as
 * long as the chunk), and each value is a `duckdb_string_t` pointing into that copy,
 * written with one copy per column.
 */
function putTexts(chunk: DataChunk, b: EventBatch, rows: readonly number[], from: number, n: number, scratch: Scratch): void {
  const message = bindings.data_chunk_get_vector(chunk, COL.message);
  const peer = bindings.data_chunk_get_vector(chunk, COL.peer);
  const fields = bindings.data_chunk_get_vector(chunk, COL.fields);
  const { ends, text, noPeer } = b;
  // Rows are in batch order, and a batch's values are stored in that order: the span from
  // the first row's message to the last row's fields holds every value of the chunk.
  const first = rows[from]!;
  const spanStart = first === 0 ? 0 : ends[3 * first - 1]!;
  const spanEnd = ends[3 * rows[from + n - 1]! + 2]!;
  let baseLo = 0;
  let baseHi = 0;
  if (spanEnd - spanStart > INLINE_MAX) {
    // Row 0 holds the span until the structs below overwrite it; the heap keeps the copy.
    bindings.vector_assign_string_element_len(message, 0, text.subarray(spanStart, spanEnd));
    const head = bindings.vector_get_data(message, STRING_T_BYTES);
    baseLo = readUint32(head, 8);
    baseHi = readUint32(head, 12);
  }
  const { msg, peers, flds, validity } = scratch;
  let nulls = false;
  validity.fill(0xff);
  for (let r = 0; r < n; r++) {
    const i = rows[from + r]!;
    const start = i === 0 ? 0 : ends[3 * i - 1]!;
    writeStringT(msg, r, text, start, ends[3 * i]!, spanStart, baseLo, baseHi);
    if (noPeer[i]) {
      validity[r >> 3]! &= ~(1 << (r & 7));
      nulls = true;
      writeNull(peers, r);
    } else {
      writeStringT(peers, r, text, ends[3 * i]!, ends[3 * i + 1]!, spanStart, baseLo, baseHi);
    }
    writeStringT(flds, r, text, ends[3 * i + 1]!, ends[3 * i + 2]!, spanStart, baseLo, baseHi);
  }
  bindings.copy_data_to_vector(message, 0, msg.u8.buffer, 0, n * STRING_T_BYTES);
  bindings.copy_data_to_vector(peer, 0, peers.u8.buffer, 0, n * STRING_T_BYTES);
  bindings.copy_data_to_vector(fields, 0, flds.u8.buffer, 0, n * STRING_T_BYTES);
  if (nulls) {
    bindings.vector_ensure_validity_writable(peer);
    bindings.copy_data_to_vector_validity(peer, 0, validity.buffer, 0, validity.byteLength);
  }
}

/** A column's `duckdb_string_t`s, as bytes and as uint32 words over the same buffer. */
interface StringStructs {
  u8: Uint8Array<ArrayBuffer>;
  u32: Uint32Array<ArrayBuffer>;
}

function stringStructs(): StringStructs {
  const buf = new ArrayBuffer(CHUNK_ROWS * STRING_T_BYTES);
  return { u8: new Uint8Array(buf), u32: new Uint32Array(buf) };
}

/** Value `text[s, e)` as row `r`: inline if short, else a pointer to the same bytes in the span's copy at `base`. */
function writeStringT(out: StringStructs, r: number, text: Uint8Array, s: number, e: number, spanStart: number, baseLo: number, baseHi: number): void {
  const len = e - s;
  const w = 4 * r;
  const o = STRING_T_BYTES * r;
  out.u32[w] = len;
  if (len <= INLINE_MAX) {
    out.u32[w + 1] = 0;
    out.u32[w + 2] = 0;
    out.u32[w + 3] = 0;
    for (let k = 0; k < len; k++) out.u8[o + 4 + k] = text[s + k]!;
    return;
  }
  out.u8[o + 4] = text[s]!;
  out.u8[o + 5] = text[s + 1]!;
  out.u8[o + 6] = text[s + 2]!;
  out.u8[o + 7] = text[s + 3]!;
  // A 64-bit address as two uint32 words, little-endian; the low word wraps (ToUint32) and carries.
  const lo = baseLo + (s - spanStart);
  out.u32[w + 2] = lo;
  out.u32[w + 3] = lo >= TWO_32 ? baseHi + 1 : baseHi;
}

function writeNull(out: StringStructs, r: number): void {
  out.u32.fill(0, 4 * r, 4 * r + 4);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
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
