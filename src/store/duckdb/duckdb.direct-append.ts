/**
 * Appends event batches straight into `events` / `key_events` with DuckDB's appender,
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
import { BIGINT, bindings, BOOLEAN, DuckDBDataChunk, TIMESTAMP, VARCHAR, type DuckDBConnection } from './duckdb-api.js';

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
/** The columns of `events` and `key_events`, in order. */
const EVENT_TYPES = [TIMESTAMP, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR];
/** `key_events` adds the repeat mark (see repeat-marks.ts): the answers' reads skip repeats. */
const KEY_EVENT_TYPES = [...EVENT_TYPES, BOOLEAN];
const COL = { ts: 0, cluster: 1, node: 2, service: 3, pid: 4, kind: 5, level: 6, source: 7, line: 8, message: 9, peer: 10, fields: 11, isRepeat: 12 } as const;
const KEY_CODES = new Set(KEY_EVENT_KINDS.map((k) => EVENT_KINDS.indexOf(k)));
const TWO_32 = 4294967296;

/** Every event once: key kinds to `key_events`, the rest to `events`. Runs inside the caller's transaction. */
export async function appendDirect(conn: DuckDBConnection, batches: readonly EventBatch[]): Promise<void> {
  const appenders = { events: await conn.createAppender('events'), key: await conn.createAppender('key_events') };
  const int64 = new Int32Array(CHUNK_ROWS * 2);
  // The peer column's validity mask: a bit per row, 1 = not NULL.
  const validity = new Uint8Array(CHUNK_ROWS / 8);
  const repeats = new Uint8Array(CHUNK_ROWS);
  for (const b of batches) {
    for (const [code, rows] of runsByKindAndLevel(b)) {
      const kind = EVENT_KINDS[code >> 2]!;
      const level = LEVELS[code & 3]!;
      const key = KEY_CODES.has(code >> 2);
      const to = key ? appenders.key : appenders.events;
      for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows.length - from);
        const chunk = DuckDBDataChunk.create(key ? KEY_EVENT_TYPES : EVENT_TYPES, n);
        const vec = (c: number) => bindings.data_chunk_get_vector(chunk.chunk, c);
        const constant = (c: number, v: string | number | null): void =>
          bindings.vector_reference_value(vec(c), v === null ? bindings.create_null_value() : typeof v === 'number' ? bindings.create_int64(BigInt(v)) : bindings.create_varchar(v));
        constant(COL.cluster, b.cluster);
        constant(COL.node, b.node);
        constant(COL.service, b.service);
        constant(COL.pid, b.pid);
        constant(COL.source, b.source);
        constant(COL.kind, kind);
        constant(COL.level, level);
        // Whole-number microseconds and line numbers as little-endian int64, without a BigInt per value.
        const put64 = (c: number, col: Float64Array): void => {
          for (let r = 0; r < n; r++) {
            const x = col[rows[from + r]!]!;
            const hi = Math.floor(x / TWO_32);
            int64[2 * r] = x - hi * TWO_32;
            int64[2 * r + 1] = hi;
          }
          bindings.copy_data_to_vector(vec(c), 0, int64.buffer, 0, n * 8);
        };
        put64(COL.ts, b.tsUs);
        put64(COL.line, b.line);
        const [message, peer, fields] = [vec(COL.message), vec(COL.peer), vec(COL.fields)];
        let nulls = false;
        validity.fill(0xff);
        const ends = b.ends;
        for (let r = 0; r < n; r++) {
          const i = rows[from + r]!;
          const start = i === 0 ? 0 : ends[3 * i - 1]!;
          bindings.vector_assign_string_element_len(message, r, b.text.subarray(start, ends[3 * i]!));
          if (b.noPeer[i]) {
            validity[r >> 3]! &= ~(1 << (r & 7));
            nulls = true;
          } else {
            bindings.vector_assign_string_element_len(peer, r, b.text.subarray(ends[3 * i]!, ends[3 * i + 1]!));
          }
          bindings.vector_assign_string_element_len(fields, r, b.text.subarray(ends[3 * i + 1]!, ends[3 * i + 2]!));
        }
        if (key) {
          for (let r = 0; r < n; r++) repeats[r] = b.repeat[rows[from + r]!]!;
          bindings.copy_data_to_vector(vec(COL.isRepeat), 0, repeats.buffer, 0, n);
        }
        if (nulls) {
          bindings.vector_ensure_validity_writable(peer);
          bindings.copy_data_to_vector_validity(peer, 0, validity.buffer, 0, validity.byteLength);
        }
        to.appendDataChunk(chunk);
      }
    }
  }
  appenders.events.closeSync();
  appenders.key.closeSync();
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
