/**
 * Picks and opens the catalog: `DATABASE_URL` when set (`postgresql://…` or `file:PATH`),
 * otherwise a SQLite file next to the embedded store. Migrations run on open.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import type { Catalog } from './catalog.js';
import { migratePostgres, migrateSqlite } from './migrator.js';
import { DATA_VERSION_SQL, PrismaCatalog } from './prisma.catalog.js';
import { catalogOpenError, redact, type CatalogConfig } from './catalog-config.js';

export {
  CatalogConfigError,
  CatalogUnavailableError,
  DEFAULT_CATALOG_FILE,
  catalogConfigFor,
  type CatalogConfig,
} from './catalog-config.js';

export async function openCatalog(cfg: CatalogConfig): Promise<Catalog> {
  if (cfg.kind === 'postgresql') {
    // Loaded only here: the embedded default never pays for the PostgreSQL driver and client.
    const [{ default: pg }, { PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([
      import('pg'),
      import('@prisma/adapter-pg'),
      import('./generated/postgresql/client.js'),
    ]);
    let client: InstanceType<typeof pg.Client> | undefined;
    try {
      client = new pg.Client({ connectionString: cfg.url }); // parses the URL: "Invalid URL" is the user's, not a bug
      await client.connect();
      await migratePostgres(client);
    } catch (e) {
      throw catalogOpenError(cfg.url, e);
    } finally {
      await client?.end().catch(() => undefined);
    }
    const db = new PostgresClient({ adapter: new PrismaPg({ connectionString: cfg.url }) });
    // One connection of the driver itself for the data version (see VersionReader).
    const versionPool = new pg.Pool({ connectionString: cfg.url, max: 1 });
    versionPool.on('error', () => undefined); // an idle connection that drops is replaced on the next read
    const readVersion = async (): Promise<string> =>
      String((await versionPool.query<{ version: string }>(DATA_VERSION_SQL)).rows[0]?.version ?? 0);
    return new PrismaCatalog(redact(cfg.url), db as unknown as SqliteClient, () => versionPool.end(), readVersion);
  }
  // The migrator and Prisma use separate connections, so "in memory" is a temporary file.
  let file = cfg.file;
  let cleanup = async (): Promise<void> => undefined;
  if (file === ':memory:') {
    const dir = mkdtempSync(join(tmpdir(), 'zbs-catalog-'));
    file = join(dir, 'catalog.db');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    mkdirSync(dirname(file), { recursive: true });
  }
  const raw = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    raw.pragma('journal_mode = WAL'); // readers (the API) do not block the writer (a worker)
    migrateSqlite(raw);
  } catch (e) {
    raw.close();
    throw e;
  }
  // The migrator's connection stays open for the data version (see VersionReader): each
  // statement sees what was committed before it, by any connection or process.
  const version = raw.prepare(DATA_VERSION_SQL).pluck();
  const readVersion = (): string => String((version.get() as number | bigint | undefined) ?? 0);
  const db = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  const close = async (): Promise<void> => {
    raw.close();
    await cleanup();
  };
  return new PrismaCatalog(`sqlite:${cfg.file}`, db, close, readVersion);
}

/** How long a SQLite writer waits for another process's lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;
