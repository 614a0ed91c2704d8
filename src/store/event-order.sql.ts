/**
 * The event order of model/event-order.ts in SQL: the ORDER BY and the keyset cursor's
 * predicate, for every SQL store. Columns: ts, source, line, kind (EVENT_ORDER_FIELDS).
 */
import type { EventKey } from '../model/event-order.js';

export const ORDER_BY_SQL = 'ts, source, line, kind';

/**
 * Rows strictly after the cursor. `value` turns each key field into the store's SQL
 * (a parameter placeholder or a literal); each is asked for once, in key order.
 */
export function afterCursorSql(cursor: EventKey, value: (field: keyof EventKey, v: string | number) => string): string {
  const [t, s, l, k] = [value('tsUs', cursor.tsUs), value('source', cursor.source), value('line', cursor.line), value('kind', cursor.kind)];
  return `(ts > ${t} OR (ts = ${t} AND (source > ${s} OR (source = ${s} AND (line > ${l} OR (line = ${l} AND kind > ${k}))))))`;
}
