/**
 * The store URL and its parsing, apart from the store implementations: the CLI reads
 * it (and classifies its errors) before it loads a database driver.
 */
import { QUESTDB_SECRET_KEYS, redactUrl } from '../catalog/redact-url.js';

export { QUESTDB_SECRET_KEYS, redactUrl };

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
      if (!/^(https?|tcps?)::/.test(rest))
        throw new StoreConfigError(
          `questdb: needs a client config string, e.g. questdb:http::addr=127.0.0.1:9000 (got "${redactUrl(rest)}")`,
        );
      return { kind: 'questdb', config: rest };
    default:
      throw new StoreConfigError(`unknown store "${redactUrl(url)}": use duckdb:FILE or questdb:http::addr=HOST:PORT`);
  }
}
