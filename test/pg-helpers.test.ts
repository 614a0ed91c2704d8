/** The catalog tests' own PostgreSQL, used when TEST_DATABASE_URL is unset: tested here on every run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { startEmbeddedPostgres } from './pg-helpers.js';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

test('an embedded PostgreSQL: its own port and files, a real server, nothing left after stop', async () => {
  const server = await startEmbeddedPostgres();
  const port = Number(new URL(server.url).port);
  assert.notEqual(port, 5432, 'never the standard port a machine server may hold');
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  const dataDir = (await c.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  await c.query('CREATE DATABASE zbs_embedded_probe');
  const dbs = (await c.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname')).rows.map((r) => r.datname);
  await c.end();
  assert.ok(dbs.includes('zbs_embedded_probe'), dbs.join(','));
  assert.ok(existsSync(dataDir), dataDir);

  await server.stop();
  assert.equal(existsSync(dataDir), false, `${dataDir} removed`);
  assert.equal(await accepts(port), false, `port ${port} closed`);
});
