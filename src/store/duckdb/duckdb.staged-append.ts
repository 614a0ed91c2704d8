/**
 * Appends event batches to `events` / `key_events` through a temporary staging table.
 *
 * Why: every value handed to DuckDB's appender is a call across N-API, and strings cost
 * most. A batch's cluster, node, service, pid and source are the same for all its
 * events, and kind and level come from small closed sets; so only what varies per
 * event crosses — times, line numbers, kind and level codes as vectors,
 * and three strings — and one INSERT … SELECT per write fills in the rest inside DuckDB.
 */
import type * as Bindings from '@duckdb/node-bindings';
import { bindings, DOUBLE, DuckDBDataChunk, INTEGER, UTINYINT, VARCHAR, type DuckDBConnection, type DuckDBVector } from './duckdb-api.js';
import { EVENT_KINDS, KEY_EVENT_KINDS } from '../../model/event.js';
import { LEVELS, type EventBatch } from '../../model/event-batch.js';

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
const STAGING_TYPES = [INTEGER, DOUBLE, UTINYINT, UTINYINT, DOUBLE, VARCHAR, VARCHAR, VARCHAR];

const sqlList = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const KEY_CODES = KEY_EVENT_KINDS.map((k) => EVENT_KINDS.indexOf(k)).join(', ');

export const STAGING_SQL = `
CREATE TEMP TABLE IF NOT EXISTS zbs_staging (b INTEGER, ts DOUBLE, k UTINYINT, lv UTINYINT, line DOUBLE, message VARCHAR, peer VARCHAR, fields VARCHAR);
CREATE TEMP TABLE IF NOT EXISTS zbs_staging_batches (b INTEGER, cluster VARCHAR, node VARCHAR, service VARCHAR, pid BIGINT, source VARCHAR);
`;

/** The staged rows with every column of `events`, in its column order. */
const SELECT_STAGED = `
SELECT make_timestamp(CAST(s.ts AS BIGINT)), b.cluster, b.node, b.service, b.pid,
       ${sqlList(EVENT_KINDS)}[s.k + 1], ${sqlList(LEVELS)}[s.lv + 1], b.source, CAST(s.line AS BIGINT), s.message, s.peer, s.fields
FROM zbs_staging s JOIN zbs_staging_batches b USING (b)`;

/** Must run inside the caller's transaction: the staging tables are emptied at the end. */
export async function appendStaged(conn: DuckDBConnection, batches: readonly EventBatch[]): Promise<void> {
  await conn.run(STAGING_SQL);
  const ba = await conn.createAppender('zbs_staging_batches', 'main', 'temp');
  batches.forEach((b, i) => {
    ba.appendInteger(i);
    ba.appendVarchar(b.cluster);
    ba.appendVarchar(b.node);
    ba.appendVarchar(b.service);
    if (b.pid === null) ba.appendNull();
    else ba.appendBigInt(BigInt(b.pid));
    ba.appendVarchar(b.source);
    ba.endRow();
  });
  ba.closeSync();

  const a = await conn.createAppender('zbs_staging', 'main', 'temp');
  for (let bi = 0; bi < batches.length; bi++) {
    const b = batches[bi]!;
    const ends = b.ends;
    for (let from = 0; from < b.count; from += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, b.count - from);
      const chunk = DuckDBDataChunk.create(STAGING_TYPES, n);
      const col = (c: number): DuckDBVector => chunk.getColumnVector(c);
      const [vb, vts, vk, vlv, vline, vpeer] = [col(0), col(1), col(2), col(3), col(4), col(6)];
      // The text columns take the batch's UTF-8 bytes as they are: no JS string is made.
      const raw = (c: number): Bindings.Vector => bindings.data_chunk_get_vector(chunk.chunk, c);
      const [rmsg, rpeer, rfields] = [raw(5), raw(6), raw(7)];
      for (let r = 0; r < n; r++) {
        const i = from + r;
        vb.setItem(r, bi);
        vts.setItem(r, b.tsUs[i]!);
        vk.setItem(r, b.kind[i]!);
        vlv.setItem(r, b.level[i]!);
        vline.setItem(r, b.line[i]!);
        const start = i === 0 ? 0 : ends[3 * i - 1]!;
        bindings.vector_assign_string_element_len(rmsg, r, b.text.subarray(start, ends[3 * i]!));
        if (b.noPeer[i]) vpeer.setItem(r, null);
        else bindings.vector_assign_string_element_len(rpeer, r, b.text.subarray(ends[3 * i]!, ends[3 * i + 1]!));
        bindings.vector_assign_string_element_len(rfields, r, b.text.subarray(ends[3 * i + 1]!, ends[3 * i + 2]!));
      }
      for (const v of [vb, vts, vk, vlv, vline, vpeer]) v.flush();
      a.appendDataChunk(chunk);
    }
  }
  a.closeSync();
  await conn.run(`INSERT INTO events ${SELECT_STAGED} WHERE s.k NOT IN (${KEY_CODES})`);
  await conn.run(`INSERT INTO key_events ${SELECT_STAGED} WHERE s.k IN (${KEY_CODES})`);
  await conn.run('DELETE FROM zbs_staging; DELETE FROM zbs_staging_batches;');
}
