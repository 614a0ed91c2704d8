/**
 * One config string picks the store: `duckdb:FILE` (the embedded default) or
 * `questdb:<client config>` (deployments, e.g. `questdb:http::addr=127.0.0.1:9000`).
 */
import { rmSync } from 'node:fs';
import type { EventStore } from './event-store.js';
import { DuckDbEventTable } from './duckdb/duckdb.events-table.js';
import type { CatalogConfig } from '../catalog/catalog-config.js';
import type { Catalog } from '../catalog/catalog.js';
import { TimelineStore } from './timeline-store.js';
import type { OpenTable } from './event-table.js';
import { DEFAULT_STORE_URL, redactUrl, type StoreConfig } from './store-url.js';
import type { StoreRetryOptions } from './store-unavailable.js';
import { catalogFileExists, resolveStoreSpec, type StoreAccess } from './store-spec.js';

export { DEFAULT_STORE_URL, StoreConfigError, parseStoreUrl, type StoreConfig } from './store-url.js';
export { StoreMissingError, type StoreAccess } from './store-spec.js';

export interface OpenStoreOptions {
  /** Where the catalog lives; default: `DATABASE_URL`, else beside the DuckDB file. */
  catalog?: CatalogConfig;
  /** QuestDB table name (default zbs_events, or ZBS_QUESTDB_TABLE): tests and benchmarks keep their data apart with it. */
  questdbTable?: string;
  /**
   * A store server (QuestDB) that goes away while written to is retried this long, with
   * `onStoreWait` told of the wait; then writes fail with StoreUnavailableError. The
   * embedded store is a local file and never waits.
   */
  storeRetry?: Partial<StoreRetryOptions>;
  /** `read`: a DuckDB file that is not there is refused (StoreMissingError), not created. Default `write`. */
  access?: StoreAccess;
}

export async function openStore(url: string = DEFAULT_STORE_URL, opts: OpenStoreOptions = {}): Promise<EventStore> {
  // Everything checked before anything is opened: a bad config creates no file.
  const spec = resolveStoreSpec(url, { catalog: opts.catalog, access: opts.access });
  const cfg = spec.table;
  const catalogCfg = spec.catalog;
  const catalogWasThere = catalogFileExists(catalogCfg);
  // Both at once: DuckDB opens its file on a libuv thread while this thread loads the
  // catalog's client and compiles its query compiler (a first query), instead of one
  // after the other (~30 ms of every command's start-up, measured on an empty ingest).
  const tableOpen = openTable(cfg, opts);
  const catalogOpen = openWarmCatalog(catalogCfg);
  const [t, c] = await Promise.allSettled([tableOpen, catalogOpen]);
  if (t.status === 'rejected') {
    if (c.status === 'fulfilled') await c.value.close();
    // A store that would not open (not a DuckDB file, say) leaves no new catalog beside it.
    if (!catalogWasThere && catalogCfg.kind === 'sqlite') removeSqliteFiles(catalogCfg.file);
    throw t.reason;
  }
  const opened = t.value;
  try {
    if (c.status === 'rejected') throw c.reason;
    return await TimelineStore.open(redactUrl(url), opened, c.value).catch(async (e: unknown) => {
      await c.value.close();
      throw e;
    });
  } catch (e) {
    await opened.table.close();
    throw e;
  }
}

/**
 * The catalog, open and past its first query through Prisma (which compiles Prisma's
 * query compiler; the data version is read past Prisma on SQLite, so it would not warm it).
 * Its module is imported here, not above: loading it is part of what overlaps.
 */
async function openWarmCatalog(cfg: CatalogConfig): Promise<Catalog> {
  const { openCatalog } = await import('../catalog/catalog-factory.js');
  const catalog = await openCatalog(cfg);
  try {
    await catalog.countSources();
    return catalog;
  } catch (e) {
    await catalog.close();
    throw e;
  }
}

/** Every kind of store config opens its table, with the capabilities that kind has: a new kind fails to compile here. */
async function openTable(cfg: StoreConfig, opts: OpenStoreOptions): Promise<OpenTable> {
  switch (cfg.kind) {
    case 'duckdb': {
      const table = await DuckDbEventTable.open(cfg.file);
      return { table, settling: null, file: table };
    }
    case 'questdb': {
      const { QuestDbEventTable } = await import('./questdb/questdb.events-table.js');
      const table = await QuestDbEventTable.open(cfg.config, opts.questdbTable ?? process.env.ZBS_QUESTDB_TABLE, opts.storeRetry);
      return { table, settling: table, file: null };
    }
    default:
      return unknownKind(cfg);
  }
}

function unknownKind(cfg: never): never {
  throw new Error(`no table for store config ${JSON.stringify(cfg)}`);
}

function removeSqliteFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}
