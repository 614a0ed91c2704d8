/** DuckDB's SQL for the row groups (RowGroup) that row-groups.ts decodes. */
const SEP_SQL = 'chr(1)';

/**
 * One row as text: five values, in the order decodeRowGroups reads them; the columns
 * that are the same for every row of a group (cluster, node, service, pid, source, kind,
 * level) come once per group, beside its rows. `concat_ws` builds the text in one go (a chain of `||`
 * makes a string per step) and skips a NULL with its separator, so a NULL where none is
 * expected shows as a count mismatch. Nullable peer is encoded: '' is NULL, '=x' is x.
 */
export const ROW_TEXT_SQL = `concat_ws(${SEP_SQL}, ${['epoch_us(ts)', 'line', 'message', `coalesce('=' || peer, '')`, 'fields'].join(', ')})`;

/** The columns `rows` must have for aggregateRowsSql: the per-group ones and `row_text` (sort keys beside them are ignored). */
export const ROW_GROUP_COLUMNS = `cluster, node, service, pid, source, kind, level, ${ROW_TEXT_SQL} AS row_text`;

/** `SELECT` of one RowGroup per source, kind and level over `rows` (which has ROW_GROUP_COLUMNS). */
export function aggregateRowsSql(rows: string): string {
  return `SELECT cluster, node, service, coalesce(pid::VARCHAR, '') AS pid, source, kind, level, count(*)::DOUBLE AS n, string_agg(row_text, ${SEP_SQL}) AS text
    FROM (${rows}) GROUP BY cluster, node, service, pid, source, kind, level`;
}
