/** Shared helpers for the integration tier: real files, a real DuckDB file, the real CLI. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import request from 'supertest';
import { startApiServer, type ApiServer } from '../src/api/http-server.js';
import { ingest, type IngestOptions } from '../src/ingest/ingest.js';
import { openStore } from '../src/store/store-factory.js';
import { catalogConfigFor } from '../src/catalog/catalog-config.js';
import { openCatalog } from '../src/catalog/catalog-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { formatUtcUs } from '../src/time/zone.js';
import type { TimelineEvent } from '../src/model/event.js';

/** The repository root (tests run from dist/test). */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');
export const SEED_BUNDLE = join(FIXTURES, 'seed-incident');

// Tests pick every catalog themselves (PostgreSQL ones from TEST_DATABASE_URL): a DATABASE_URL
// exported in the shell must not send their CLI runs to a real deployment's catalog.
delete process.env.DATABASE_URL;

export function tmpDir(prefix = 'zbs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function withStore<T>(fn: (store: EventStore, dir: string) => Promise<T>): Promise<T> {
  const dir = tmpDir();
  const store = await openStore(`duckdb:${join(dir, 'store.duckdb')}`);
  try {
    return await fn(store, dir);
  } finally {
    await store.close();
  }
}

export function runIngest(store: EventStore, paths: string[], extra: Partial<IngestOptions> = {}) {
  return ingest({ paths, store, jobs: 2, ...extra });
}

export function brief(e: TimelineEvent): string {
  return `${formatUtcUs(e.tsUs)} ${e.node} ${e.service} ${e.kind} ${e.peer ?? '-'} L${e.line}`;
}

export function cli(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/zbs-timeline'), ...args], { input, cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `serve` on a free port, as a real process: its base URL, its log so far, and a stop that waits for its exit. */
export async function startServe(
  store: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<{ url: string; pid: number; log: () => string; stop: () => Promise<number | null> }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(ROOT, 'bin/zbs-timeline'), 'serve', '--port', '0', '--store', store, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let log = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "listening" log: ${log}`)), 20_000);
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      const m = /"msg":"listening","url":"(http:\/\/[^"]+)\/graphql"/.exec(log);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  return { url, pid: child.pid!, log: () => log, stop: () => (child.kill('SIGTERM'), exit) };
}

/** What another process's ingest does to the catalog beside a DuckDB store file: bumps its data version. */
export async function bumpFromAnotherProcess(storeFile: string): Promise<void> {
  const catalog = await openCatalog(catalogConfigFor(storeFile));
  try {
    await catalog.bumpDataVersion();
  } finally {
    await catalog.close();
  }
}

/**
 * For one test file: a served store holding the seed bundle, started before its tests and
 * closed after; `gql` posts to its /graphql with `defaults` as the variables unless given.
 */
export function seedApi(defaults: Record<string, unknown>) {
  const held = {} as { api: ApiServer; store: EventStore };
  before(async () => {
    held.store = await openStore(`duckdb:${join(tmpDir(), 's.duckdb')}`);
    await runIngest(held.store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    held.api = await startApiServer({ store: held.store, port: 0, host: '127.0.0.1', log: () => undefined });
  });
  after(async () => {
    await held.api.close();
    await held.store.close();
  });
  const gql = (query: string, variables: Record<string, unknown> = defaults) =>
    request(held.api.server).post('/graphql').set('content-type', 'application/json').send({ query, variables });
  return { held, gql };
}
