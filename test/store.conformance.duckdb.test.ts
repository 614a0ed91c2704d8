/** The store conformance suite on the embedded default: DuckDB events + SQLite catalog. */
import { join } from 'node:path';
import { openStore } from '../src/store/store-factory.js';
import { tmpDir } from './helpers.js';
import { storeConformance } from './store-conformance.js';
import { createTestDatabase } from './pg-helpers.js';

storeConformance('duckdb', async () => {
  const store = await openStore(`duckdb:${join(tmpDir(), 'c.duckdb')}`, {
    catalog: { kind: 'sqlite', file: join(tmpDir(), 'c.catalog.db') },
  });
  return { store, drop: async () => undefined };
});

// The same suite with the catalog on the machine's real PostgreSQL (a deployment's layout).
storeConformance('duckdb + postgresql catalog', async (name) => {
  const db = await createTestDatabase(name);
  const store = await openStore(`duckdb:${join(tmpDir(), 'c.duckdb')}`, { catalog: { kind: 'postgresql', url: db.url } });
  return { store, drop: db.drop };
});
