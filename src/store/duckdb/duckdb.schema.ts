/**
 * DuckDB tables. `CREATE ... IF NOT EXISTS` keeps opening an existing store cheap and safe.
 * Sources, checkpoints and clusters are in the catalog (src/catalog) since schema 4.
 */
export const SCHEMA_VERSION = 4;

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
`;
