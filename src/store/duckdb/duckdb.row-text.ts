/**
 * Events leave DuckDB as ONE string instead of twelve values per row: creating a JS
 * string per value (N-API, UTF-8 decoding) cost more than the query itself. Values are
 * joined with a control character that log text does not contain; if some value does
 * contain it, the values do not add up to the rows and the caller reads them column-wise.
 */
import type { EventFields, EventKind, Level, TimelineEvent } from '../../model/event.js';
import { RowReader } from './duckdb.row-reader.js';

/** Separates every value of every row. */
export const ROW_TEXT_SEP = '\u0001';
const SEP_SQL = 'chr(1)';

/**
 * One row as text: twelve values, in the order decodeRowText reads them. `concat_ws`
 * builds it in one go (a chain of `||` makes a string per step) and skips a NULL with
 * its separator, so a NULL where none is expected shows as a count mismatch. Nullable
 * pid and peer are encoded: pid '' is NULL; peer '' is NULL and '=x' is x.
 */
export const ROW_TEXT_SQL = `concat_ws(${SEP_SQL}, ${[
  'epoch_us(ts)',
  `coalesce(pid::VARCHAR, '')`,
  'cluster',
  'node',
  'service',
  'kind',
  'level',
  'source',
  'line',
  'message',
  `coalesce('=' || peer, '')`,
  'fields',
].join(', ')})`;

/** `SELECT` of the row count and the rows' texts joined in no particular order (the caller sorts), over `rows` (which has `row_text`; sort keys beside it are ignored). */
export function aggregateRowsSql(rows: string): string {
  return `SELECT count(*)::DOUBLE AS n, string_agg(row_text, ${SEP_SQL}) AS s FROM (${rows})`;
}

/** The events of `n` rows encoded by ROW_TEXT_SQL; null when the text does not hold exactly that many rows. */
export function decodeRowText(text: string | null, n: number): TimelineEvent[] | null {
  if (n === 0) return text === null || text === '' ? [] : null;
  if (text === null) return null;
  const r = new RowReader(text, ROW_TEXT_SEP);
  const out: TimelineEvent[] = new Array<TimelineEvent>(n);
  // Few distinct field texts ('{}', '{"times":3}' …) among many rows: each is parsed once,
  // and its frozen object shared by the rows that have it.
  const parsed = new Map<string, EventFields>();
  for (let i = 0; i < n; i++) {
    const tsUs = r.number();
    const pid = r.number();
    const cluster = r.name(2);
    const node = r.name(3);
    const service = r.name(4);
    const kind = r.name(5) as EventKind;
    const level = r.name(6) as Level;
    const source = r.name(7);
    const line = r.number();
    const message = r.string();
    const peer = r.markedName(10);
    const fields = r.string();
    if (r.overran || tsUs === null || line === null) return null;
    // A separator inside a value shifts the rest: it shows as fields that do not parse, or at the end.
    let f = parsed.get(fields);
    if (f === undefined) {
      f = parseFields(fields);
      if (f === undefined) return null;
      parsed.set(fields, Object.freeze(f));
    }
    out[i] = { tsUs, cluster, node, service, pid, kind, level, source, line, message, peer, fields: f };
  }
  return r.done ? out : null;
}

/** undefined (which JSON never is) when the text does not parse. */
function parseFields(text: string): EventFields | undefined {
  try {
    return JSON.parse(text) as EventFields;
  } catch {
    return undefined;
  }
}
