/** Shared helpers for the integration tier: real files, a real DuckDB file, the real CLI. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ingest, type IngestOptions } from '../src/ingest/ingest.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { formatUtcUs } from '../src/time/zone.js';
import type { TimelineEvent } from '../src/model/event.js';

/** The repository root (tests run from dist/test). */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');
export const SEED_BUNDLE = join(FIXTURES, 'seed-incident');

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
