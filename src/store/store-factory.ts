/**
 * One config string picks the store: `duckdb:FILE` (the embedded default) or
 * `questdb:<client config>` (deployments, e.g. `questdb:http::addr=127.0.0.1:9000`).
 */
import type { EventStore } from './event-store.js';
import { DuckDbEventTable } from './duckdb/duckdb.events-table.js';
import { catalogConfigFor, openCatalog, type CatalogConfig } from '../catalog/catalog-factory.js';
import { TimelineStore } from './timeline-store.js';
import type { EventTable } from './event-table.js';
import { DEFAULT_STORE_URL, parseStoreUrl } from './store-url.js';

export { DEFAULT_STORE_URL, StoreConfigError, parseStoreUrl, type StoreConfig } from './store-url.js';

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
