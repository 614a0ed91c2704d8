/**
 * DuckDB tables. `CREATE ... IF NOT EXISTS` keeps opening an existing store cheap and safe.
 * Sources, checkpoints and clusters are in the catalog (src/catalog) since schema 4.
 */
import { REPEAT_BUCKET_US, REPEAT_LINK_KINDS, REPEAT_META_KINDS } from '../../model/repeat-rule.js';

const quoted = (kinds: readonly string[]): string => kinds.map((k) => `'${k}'`).join(', ');
const LINKS = quoted(REPEAT_LINK_KINDS);
const METAS = quoted(REPEAT_META_KINDS);

export const SCHEMA_VERSION = 6;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS events (
  ts TIMESTAMP NOT NULL,      -- UTC, microseconds
  cluster VARCHAR NOT NULL,
  node VARCHAR NOT NULL,
  service VARCHAR NOT NULL,
  pid BIGINT,
  kind VARCHAR NOT NULL,
  level VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  line BIGINT NOT NULL,
  message VARCHAR NOT NULL,
  peer VARCHAR,
  fields VARCHAR NOT NULL     -- JSON object
);
-- The events the answers read (KEY_EVENT_KINDS) live here, all others in 'events':
-- answering a query never scans the bulk of background events. Each event is in one table.
CREATE TABLE IF NOT EXISTS key_events AS SELECT * FROM events WHERE false;
-- Schema 5: true where a key event repeats its source's previous state (model/repeat-rule.ts).
ALTER TABLE key_events ADD COLUMN IF NOT EXISTS is_repeat BOOLEAN DEFAULT false;
-- Schema 6: the repeats (is_repeat true) live here, the rest of the key events in key_events:
-- the answers read only key_events, and scanning the repeats to skip them was about half
-- of DuckDB's part of a 7-day answer (a repeated link failure is most key events).
CREATE TABLE IF NOT EXISTS key_repeats AS SELECT * FROM key_events WHERE false;
`;

/**
 * After MARK_REPEATS_SQL: the marked rows move to key_repeats (schema 6), and the rest of
 * key_events is copied to a new table rather than deleted from in place: deleted rows
 * stay in DuckDB's row groups, and every later scan would step over them.
 */
export const MOVE_REPEATS_SQL = `
BEGIN TRANSACTION;
INSERT INTO key_repeats SELECT * FROM key_events WHERE is_repeat;
CREATE TABLE key_events_kept AS SELECT * FROM key_events WHERE is_repeat IS NOT TRUE ORDER BY ts;
DROP TABLE key_events;
ALTER TABLE key_events_kept RENAME TO key_events;
ALTER TABLE key_events ALTER COLUMN is_repeat SET DEFAULT false;
COMMIT;`;

/**
 * The repeat rule (model/repeat-rule.ts) in SQL, for rows written without marks (stores
 * from before schema 5, the query benchmark's generated rows): per source rather than
 * per batch, so at least as many marks. Leader reports are a partition of their own
 * (family), apart from any link's host, the empty host of a port-only peer included.
 */
export const MARK_REPEATS_SQL = `
UPDATE key_events SET is_repeat = marks.rep FROM (
  SELECT rid, coalesce(state = lag(state) OVER w AND bucket = lag(bucket) OVER w, false) AS rep
  FROM (
    SELECT rowid AS rid, source, ts, line, floor(epoch_us(ts) / ${REPEAT_BUCKET_US}) AS bucket,
      kind IN (${LINKS}) AS family,
      CASE WHEN kind IN (${LINKS}) THEN regexp_replace(peer, ':[0-9]+$', '') ELSE '' END AS part,
      CASE WHEN kind IN (${LINKS}) THEN kind ELSE concat_ws(chr(0), kind, coalesce(peer, ''), fields) END AS state
    FROM key_events
    WHERE (kind IN (${LINKS}) AND peer IS NOT NULL) OR kind IN (${METAS}))
  WINDOW w AS (PARTITION BY source, family, part ORDER BY ts, line)) marks
WHERE key_events.rowid = marks.rid`;
