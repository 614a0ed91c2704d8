/** A throw-away PostgreSQL database per test, on the machine's real server. */
import pg from 'pg';

/** Where test databases are created; override with TEST_DATABASE_URL. */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = `zbs_test_${process.pid}_${Date.now().toString(36)}_${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL for the catalog tests is not reachable at ${PG_ADMIN_URL} (set TEST_DATABASE_URL): ${(e as Error).message}`, { cause: e });
  }
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}
