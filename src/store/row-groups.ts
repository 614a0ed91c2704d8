/**
 * Events leave a store as one string per source, kind and level instead of twelve
 * values per row: a JS string per value (N-API in DuckDB, JSON in QuestDB's REST answer)
 * cost more than the query itself. Values are joined with a control character that log
 * text does not contain; if some value does contain it, the values do not add up to
 * the rows and the caller reads them value by value. Each store builds the groups in
 * its own SQL (duckdb.row-text.ts, questdb.row-text.ts); this decodes them.
 */
import type { EventFields, EventKind, Level, TimelineEvent } from '../model/event.js';
import { EVENT_KINDS } from '../model/event.js';
import { RowReader } from './row-reader.js';

const KINDS: ReadonlyMap<string, EventKind> = new Map(EVENT_KINDS.map((k) => [k, k]));

/** The reader's column of the fields' JSON (its last value of a row). */
const FIELDS_COL = 4;

/** Separates every value of every row. */
export const ROW_TEXT_SEP = '\u0001';

/**
 * The rows of one source, kind and level: those columns once, and the rows' texts joined
 * in no particular order (the caller sorts). A row's text is five values in this order:
 * time (µs), line, message, peer, fields; nullable peer is encoded: '' is NULL, '=x' is x.
 * With `shared`, peer and fields are the group's, and a row is its first three values.
 */
export interface RowGroup {
  cluster: string;
  node: string;
  service: string;
  /** '' is NULL. */
  pid: string;
  source: string;
  kind: EventKind;
  level: Level;
  n: number;
  text: string | null;
  /**
   * Peer and fields, when the store groups by them too: then each row's text is three
   * values (time, line, message). Peers and field texts repeat from row to row, so the
   * store sends and the decoder reads each once per group.
   */
  shared?: { peer: string | null; fields: string };
}

/** The events of the groups' rows; null when a group's text does not hold exactly its rows. `sep`: the store's separator. */
export function decodeRowGroups(groups: readonly RowGroup[], sep = ROW_TEXT_SEP): TimelineEvent[] | null {
  let total = 0;
  for (const g of groups) total += g.n;
  const out: TimelineEvent[] = new Array<TimelineEvent>(total);
  let at = 0;
  // Few distinct field texts ('{}', '{"times":3}' …) among many rows: each is parsed once,
  // and its frozen object shared by the rows that have it. The reader hands back the same
  // string for a text equal to the previous row's, so most rows skip even the lookup.
  const parsed = new Map<string, EventFields>();
  let lastText: string | undefined;
  let lastFields: EventFields | undefined;
  for (const g of groups) {
    if (g.n === 0) continue;
    if (g.text === null) return null;
    const pid = g.pid === '' ? null : Number(g.pid);
    const kind = KINDS.get(g.kind) ?? g.kind; // the program's own string: equal kinds compare as the same string
    const r = new RowReader(g.text, sep);
    const shared = g.shared;
    for (let i = 0; i < g.n; i++) {
      const tsUs = r.number();
      const line = r.number();
      const message = r.string();
      const peer = shared ? shared.peer : r.markedName(3);
      const fields = shared ? shared.fields : r.name(FIELDS_COL);
      if (r.overran || tsUs === null || line === null) return null;
      // A separator inside a value shifts the rest: it shows as fields that do not parse, or at the end.
      let f = fields === lastText ? lastFields : parsed.get(fields);
      if (f === undefined) {
        f = parseFields(fields);
        if (f === undefined) return null;
        parsed.set(fields, Object.freeze(f));
      }
      lastText = fields;
      lastFields = f;
      out[at++] = {
        tsUs,
        cluster: g.cluster,
        node: g.node,
        service: g.service,
        pid,
        kind,
        level: g.level,
        source: g.source,
        line,
        message,
        peer,
        fields: f,
      };
    }
    if (!r.done) return null;
  }
  return out;
}

/** undefined (which JSON never is) when the text does not parse. */
function parseFields(text: string): EventFields | undefined {
  try {
    return JSON.parse(text) as EventFields;
  } catch {
    return undefined;
  }
}
