/**
 * The whole store config — the events table's URL and where its catalog lives — parsed
 * and checked before anything is opened: a bad --store or DATABASE_URL, or a read of a
 * store that does not exist, must fail without creating a file.
 */
import { statSync } from 'node:fs';
import { catalogConfigFor, type CatalogConfig } from '../catalog/catalog-config.js';
import { parseStoreUrl, StoreConfigError, type StoreConfig } from './store-url.js';
import { parseQuestDbConfig } from './questdb/questdb.config.js';

/** `write` (ingest, serve, worker) creates a missing store; `read` (events, query, report, check --store) refuses it. */
export type StoreAccess = 'read' | 'write';

export interface StoreSpec {
  url: string;
  table: StoreConfig;
  catalog: CatalogConfig;
  access: StoreAccess;
}

/** A read command pointed at a store that is not there: nothing to read, and nothing is created for it. */
export class StoreMissingError extends StoreConfigError {}

export function resolveStoreSpec(url: string, opts: { catalog?: CatalogConfig; access?: StoreAccess } = {}): StoreSpec {
  const table = parseStoreUrl(url);
  const catalog = opts.catalog ?? catalogConfigFor(table.kind === 'duckdb' ? table.file : null);
  const access = opts.access ?? 'write';
  if (table.kind === 'questdb') parseQuestDbConfig(table.config); // the whole client config, not just its scheme
  if (table.kind === 'duckdb' && table.file !== ':memory:') {
    const kind = fileKind(table.file);
    if (kind === 'other') throw new StoreConfigError(`the store ${table.file} is not a file (a directory?): give duckdb:FILE`);
    if (kind === 'none' && access === 'read')
      throw new StoreMissingError(`no store at ${table.file}: ingest logs into it first, or name another with --store`);
  }
  if (catalog.kind === 'sqlite' && catalog.file !== ':memory:' && fileKind(catalog.file) === 'other') {
    throw new StoreConfigError(`the catalog ${catalog.file} is not a file (a directory?)`);
  }
  return { url, table, catalog, access };
}

/** Whether a catalog file is there yet: an open that fails removes the one it created. */
export function catalogFileExists(catalog: CatalogConfig): boolean {
  return catalog.kind !== 'sqlite' || catalog.file === ':memory:' || fileKind(catalog.file) !== 'none';
}

function fileKind(path: string): 'none' | 'file' | 'other' {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined ? 'none' : st.isFile() ? 'file' : 'other';
}
