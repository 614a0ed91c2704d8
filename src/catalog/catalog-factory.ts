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
import { PrismaCatalog } from './prisma.catalog.js';

export const DEFAULT_CATALOG_FILE = './data/zbs-timeline.catalog.db';

export class CatalogConfigError extends Error {}

export type CatalogConfig = { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string };

/**
 * `databaseUrl` wins; else the catalog sits beside the store file (`x.duckdb` →
 * `x.catalog.db`); an in-memory store gets a throw-away catalog.
 */
export function catalogConfigFor(storeFile: string | null, databaseUrl: string | undefined = process.env.DATABASE_URL): CatalogConfig {
  if (databaseUrl) {
    if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { kind: 'postgresql', url: databaseUrl };
    if (databaseUrl.startsWith('file:')) return { kind: 'sqlite', file: databaseUrl.slice('file:'.length) };
    throw new CatalogConfigError(`DATABASE_URL must be postgresql://… or file:PATH (got "${redact(databaseUrl)}")`);
  }
  if (storeFile === ':memory:') return { kind: 'sqlite', file: ':memory:' };
  if (storeFile === null) return { kind: 'sqlite', file: DEFAULT_CATALOG_FILE };
  return { kind: 'sqlite', file: storeFile.replace(/\.duckdb$/, '') + '.catalog.db' };
}

export async function openCatalog(cfg: CatalogConfig): Promise<Catalog> {
  if (cfg.kind === 'postgresql') {
    // Loaded only here: the embedded default never pays for the PostgreSQL driver and client.
    const [{ default: pg }, { PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([
      import('pg'),
      import('@prisma/adapter-pg'),
      import('./generated/postgresql/client.js'),
    ]);
    const client = new pg.Client({ connectionString: cfg.url });
    try {
      await client.connect();
      await migratePostgres(client);
    } catch (e) {
      throw new CatalogConfigError(`catalog database ${redact(cfg.url)} unusable: ${(e as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    const db = new PostgresClient({ adapter: new PrismaPg({ connectionString: cfg.url }) });
    return new PrismaCatalog(redact(cfg.url), db as unknown as SqliteClient);
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
  const raw = new Database(file);
  try {
    raw.pragma('journal_mode = WAL'); // readers (the API) do not block the writer (a worker)
    migrateSqlite(raw);
  } finally {
    raw.close();
  }
  const db = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  return new PrismaCatalog(`sqlite:${cfg.file}`, db, cleanup);
}

/** How long a SQLite writer waits for another process's lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
