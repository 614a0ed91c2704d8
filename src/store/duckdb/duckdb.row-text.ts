/**
 * Events leave DuckDB as ONE string instead of twelve values per row: creating a JS
 * string per value (N-API, UTF-8 decoding) cost more than the query itself. Fields are
 * joined with a control character that log text does not contain; if some value does
 * contain it, the piece count gives it away and the caller reads the rows column-wise.
 */
import { EVENT_KINDS, type EventFields, type EventKind, type Level, type TimelineEvent } from '../../model/event.js';

/** Separates every value of every row. */
export const ROW_TEXT_SEP = '\u0001';
const SEP_SQL = 'chr(1)';
/** Values per row, in this order. */
const ROW_VALUES = 12;

/**
 * One row as text. `concat_ws` builds it in one go (a chain of `||` makes a string per
 * step) and skips a NULL with its separator, so a NULL where none is expected shows as
 * a count mismatch. Nullable pid and peer are encoded: pid '' is NULL; peer '' is NULL
 * and '=x' is x.
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

/** The events of `n` rows encoded by ROW_TEXT_SQL; null when the text does not split into exactly that many rows. */
export function decodeRowText(text: string | null, n: number): TimelineEvent[] | null {
  if (n === 0) return text === null || text === '' ? [] : null;
  if (text === null) return null;
  const p = text.split(ROW_TEXT_SEP);
  if (p.length !== n * ROW_VALUES) return null;
  // Names repeat across rows: one string each, so that the derivations' comparisons and
  // map lookups meet the same string (kinds: the program's own constants) instead of
  // comparing fresh copies character by character.
  const seen = new Map<string, string>(KINDS);
  const intern = (v: string): string => {
    const have = seen.get(v);
    if (have !== undefined) return have;
    seen.set(v, v);
    return v;
  };
  const out: TimelineEvent[] = new Array<TimelineEvent>(n);
  for (let i = 0, j = 0; i < n; i++, j += ROW_VALUES) {
    const pid = p[j + 1]!;
    const peer = p[j + 10]!;
    out[i] = {
      tsUs: Number(p[j]),
      cluster: intern(p[j + 2]!),
      node: intern(p[j + 3]!),
      service: intern(p[j + 4]!),
      pid: pid === '' ? null : Number(pid),
      kind: intern(p[j + 5]!) as EventKind,
      level: intern(p[j + 6]!) as Level,
      source: intern(p[j + 7]!),
      line: Number(p[j + 8]),
      message: p[j + 9]!,
      peer: peer === '' ? null : intern(peer.slice(1)),
      fields: JSON.parse(p[j + 11]!) as EventFields,
    };
  }
  return out;
}

const KINDS: ReadonlyMap<string, string> = new Map(EVENT_KINDS.map((k) => [k, k]));
