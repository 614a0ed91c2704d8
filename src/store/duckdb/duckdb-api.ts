/**
 * The DuckDB client, loaded with `require`. Imported from ESM, this CommonJS package
 * makes Node lex each of its ~100 files for export names first: about a third of a
 * second on every start of the CLI, more than the rest of opening the store.
 */
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';
import type * as Bindings from '@duckdb/node-bindings';

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/node-api') as typeof DuckDB;
/** The C API underneath, for what the client has no fast path for (strings given as UTF-8 bytes). */
export const bindings = require('@duckdb/node-bindings') as typeof Bindings;

export const { DuckDBInstance, DuckDBTimestampValue, DuckDBDataChunk, BIGINT, BOOLEAN, TIMESTAMP, VARCHAR } = duckdb;
export type DuckDBInstance = DuckDB.DuckDBInstance;
export type DuckDBDataChunk = DuckDB.DuckDBDataChunk;
export type DuckDBTimestampValue = DuckDB.DuckDBTimestampValue;
export type { DuckDBAppender, DuckDBConnection, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
