/** DuckDB tables. `CREATE ... IF NOT EXISTS` keeps opening an existing store cheap and safe. */
export const SCHEMA_VERSION = 3;

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
CREATE TABLE IF NOT EXISTS sources (
  source VARCHAR PRIMARY KEY,
  status VARCHAR NOT NULL,    -- ingesting | done
  cluster VARCHAR NOT NULL,
  node VARCHAR NOT NULL,
  service VARCHAR NOT NULL,
  pid BIGINT,
  aliases VARCHAR NOT NULL,   -- JSON array
  format VARCHAR NOT NULL,
  year_source VARCHAR,
  name_start_ts TIMESTAMP,
  first_ts TIMESTAMP,
  last_ts TIMESTAMP,
  first_line BIGINT,
  last_line BIGINT,
  end_kind VARCHAR NOT NULL,
  lines BIGINT NOT NULL,
  records BIGINT NOT NULL,
  bytes BIGINT NOT NULL,
  fingerprint VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  resume_offset BIGINT NOT NULL,
  resume_line BIGINT NOT NULL,
  state VARCHAR NOT NULL,     -- JSON scanner state at the resume point
  reserved VARCHAR,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (name VARCHAR PRIMARY KEY, time_zone VARCHAR);
`;
