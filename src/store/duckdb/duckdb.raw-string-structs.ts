/**
 * The one place that writes DuckDB's `duckdb_string_t` C structs from JavaScript,
 * 64-bit heap pointers included.
 *
 * Why: three N-API calls per event for the text columns cost the main thread about a
 * quarter of a CPU-second per GiB of logs. Instead a chunk's span of the batch's text
 * goes to DuckDB once and each value is a struct pointing into that copy. The layout is
 * DuckDB's, not ours: `@duckdb/node-api` is pinned exactly in package.json, and
 * duckdb.append-check.ts reads known strings back through this path before the first
 * write, falling back to the plain appender if they do not come back as written.
 */
import type { EventBatch } from '../../model/event-batch.js';
import { bindings } from './duckdb-api.js';
import type { Vector } from '@duckdb/node-bindings';

/**
 * `duckdb_string_t` of DuckDB's C API (duckdb.h): 16 bytes per value, its length as
 * uint32 and then either the value itself (12 bytes or fewer, zero-padded) or its first
 * 4 bytes and a pointer to the rest.
 */
const STRING_T_BYTES = 16;
const INLINE_MAX = 12;
const TWO_32 = 4294967296;

/** A column's `duckdb_string_t`s, as bytes and as uint32 words over the same buffer. */
interface StringStructs {
  u8: Uint8Array<ArrayBuffer>;
  u32: Uint32Array<ArrayBuffer>;
}

/** Struct buffers for the three text columns, reused from chunk to chunk. */
export interface RawTextScratch {
  msg: StringStructs;
  peers: StringStructs;
  flds: StringStructs;
}

/** The text vectors of a chunk. */
export interface TextVectors {
  message: Vector;
  peer: Vector;
  fields: Vector;
}

export function rawTextScratch(rows: number): RawTextScratch {
  return { msg: stringStructs(rows), peers: stringStructs(rows), flds: stringStructs(rows) };
}

function stringStructs(rows: number): StringStructs {
  const buf = new ArrayBuffer(rows * STRING_T_BYTES);
  return { u8: new Uint8Array(buf), u32: new Uint32Array(buf) };
}

/**
 * Message, peer (a zeroed struct where the event has none; the caller sets the validity
 * mask) and fields of rows `rows[from .. from + n)`, all in batch order.
 */
export function putTextsRaw(
  v: TextVectors,
  b: EventBatch,
  rows: readonly number[],
  from: number,
  n: number,
  scratch: RawTextScratch,
): void {
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
    bindings.vector_assign_string_element_len(v.message, 0, text.subarray(spanStart, spanEnd));
    const head = bindings.vector_get_data(v.message, STRING_T_BYTES);
    baseLo = readUint32(head, 8);
    baseHi = readUint32(head, 12);
  }
  const { msg, peers, flds } = scratch;
  for (let r = 0; r < n; r++) {
    const i = rows[from + r]!;
    const start = i === 0 ? 0 : ends[3 * i - 1]!;
    writeStringT(msg, r, text, start, ends[3 * i]!, spanStart, baseLo, baseHi);
    if (noPeer[i]) writeNull(peers, r);
    else writeStringT(peers, r, text, ends[3 * i]!, ends[3 * i + 1]!, spanStart, baseLo, baseHi);
    writeStringT(flds, r, text, ends[3 * i + 1]!, ends[3 * i + 2]!, spanStart, baseLo, baseHi);
  }
  bindings.copy_data_to_vector(v.message, 0, msg.u8.buffer, 0, n * STRING_T_BYTES);
  bindings.copy_data_to_vector(v.peer, 0, peers.u8.buffer, 0, n * STRING_T_BYTES);
  bindings.copy_data_to_vector(v.fields, 0, flds.u8.buffer, 0, n * STRING_T_BYTES);
}

/** Value `text[s, e)` as row `r`: inline if short, else a pointer to the same bytes in the span's copy at `base`. */
function writeStringT(
  out: StringStructs,
  r: number,
  text: Uint8Array,
  s: number,
  e: number,
  spanStart: number,
  baseLo: number,
  baseHi: number,
): void {
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
