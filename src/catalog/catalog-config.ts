/**
 * Where the catalog is: `DATABASE_URL` when set (`postgresql://…` or `file:PATH`),
 * otherwise a SQLite file next to the embedded store. Apart from catalog-factory.ts so
 * that choosing it does not load Prisma: the store opens DuckDB meanwhile.
 */
import { redactUrl as redact } from './redact-url.js';

export { redact };
export const DEFAULT_CATALOG_FILE = './data/zbs-timeline.catalog.db';

export class CatalogConfigError extends Error {}

/** The catalog's database server cannot be reached (as opposed to refusing this configuration): the CLI's exit 3, as for a store. */
export class CatalogUnavailableError extends Error {}

/** Errors of a connection that never got an answer: the server is away, the configuration may be right. */
const UNREACHED = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

/** Why the catalog database `url` cannot be used, as the error the CLI reports: unreachable (3) or unusable (2). */
export function catalogOpenError(url: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  const text = `catalog database ${redact(url)}`;
  if (err?.code && UNREACHED.has(err.code)) return new CatalogUnavailableError(`${text} unreachable: ${err.message}`);
  return new CatalogConfigError(`${text} unusable: ${err?.message ?? String(e)}`);
}

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

/** A URL without its password, for messages and logs. */
