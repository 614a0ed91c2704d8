/**
 * One config string picks the store: `duckdb:FILE` (the embedded default) or
 * `questdb:<client config>` (deployments, e.g. `questdb:http::addr=127.0.0.1:9000`).
 */
import type { EventStore } from './event-store.js';
import { DuckDbEventTable } from './duckdb/duckdb.events-table.js';
import { catalogConfigFor, openCatalog, type CatalogConfig } from '../catalog/catalog-factory.js';
import { TimelineStore } from './timeline-store.js';
import type { EventTable } from './event-table.js';

export const DEFAULT_STORE_URL = 'duckdb:./data/zbs-timeline.duckdb';

export class StoreConfigError extends Error {}

export type StoreConfig = { kind: 'duckdb'; file: string } | { kind: 'questdb'; config: string };

export function parseStoreUrl(url: string): StoreConfig {
  const i = url.indexOf(':');
  const scheme = i < 0 ? '' : url.slice(0, i);
  const rest = i < 0 ? url : url.slice(i + 1);
  switch (scheme) {
    case 'duckdb':
      if (!rest) throw new StoreConfigError('duckdb: needs a file, e.g. duckdb:./data/zbs-timeline.duckdb (or duckdb::memory:)');
      return { kind: 'duckdb', file: rest };
    case 'questdb':
      if (!/^(https?|tcps?)::/.test(rest)) throw new StoreConfigError(`questdb: needs a client config string, e.g. questdb:http::addr=127.0.0.1:9000 (got "${rest}")`);
      return { kind: 'questdb', config: rest };
    default:
      throw new StoreConfigError(`unknown store "${url}": use duckdb:FILE or questdb:http::addr=HOST:PORT`);
  }
}

export interface OpenStoreOptions {
  /** Where the catalog lives; default: `DATABASE_URL`, else beside the DuckDB file. */
  catalog?: CatalogConfig;
  /** QuestDB table name (default zbs_events, or ZBS_QUESTDB_TABLE): tests and benchmarks keep their data apart with it. */
  questdbTable?: string;
}

export async function openStore(url: string = DEFAULT_STORE_URL, opts: OpenStoreOptions = {}): Promise<EventStore> {
  const cfg = parseStoreUrl(url);
  const catalogCfg = opts.catalog ?? catalogConfigFor(cfg.kind === 'duckdb' ? cfg.file : null);
  const table: EventTable = cfg.kind === 'duckdb' ? await DuckDbEventTable.open(cfg.file) : await openQuestDb(cfg.config, opts.questdbTable ?? process.env.ZBS_QUESTDB_TABLE);
  try {
    const catalog = await openCatalog(catalogCfg);
    return await TimelineStore.open(url, table, catalog);
  } catch (e) {
    await table.close();
    throw e;
  }
}

async function openQuestDb(config: string, table?: string): Promise<EventTable> {
  const { QuestDbEventTable } = await import('./questdb/questdb.events-table.js');
  return QuestDbEventTable.open(config, table);
}
