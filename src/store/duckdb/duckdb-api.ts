/**
 * The DuckDB client, loaded with `require`. Imported from ESM, this CommonJS package
 * makes Node lex each of its ~100 files for export names first: about a third of a
 * second on every start of the CLI, more than the rest of opening the store.
 */
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;

export const { DuckDBInstance, DuckDBTimestampValue, DuckDBDataChunk, DOUBLE, INTEGER, UTINYINT, VARCHAR } = duckdb;
export type DuckDBInstance = DuckDB.DuckDBInstance;
export type DuckDBTimestampValue = DuckDB.DuckDBTimestampValue;
export type { DuckDBConnection, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
