/**
 * How a command finds the `serve` that holds its embedded store: serve writes
 * `STORE.serve.json` beside the DuckDB file (owner-only: it holds a secret) with its pid,
 * a loopback URL and a random secret, and removes it when it stops. DuckDB lets one
 * process open a file for writing, so while serve runs, ingest, events and query on that
 * store go through it (see docs/shared-store.md).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { parseStoreUrl } from '../../store/store-url.js';

export interface ServeFile {
  pid: number;
  /** Where the internal endpoints answer, over loopback. */
  url: string;
  /** Sent back in SERVE_SECRET_HEADER: only a process that can read this file may use them. */
  secret: string;
}

export const SERVE_SECRET_HEADER = 'x-zbs-serve-secret';

/** The serve file of a store URL; null when the store is no local file (QuestDB, in memory). */
export function serveFilePath(storeUrl: string): string | null {
  let cfg;
  try {
    cfg = parseStoreUrl(storeUrl);
  } catch {
    return null;
  }
  if (cfg.kind !== 'duckdb' || cfg.file === ':memory:') return null;
  return canonical(cfg.file).replace(/\.duckdb$/, '') + '.serve.json';
}

/** The file's real path, so that a symlink or another relative path to the same store finds its serve. */
function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file; // not there (yet): no serve holds it
  }
}

export function newServeSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the file (mode 0600); returns a function that removes it, or null for a store with no file. */
export function writeServeFile(storeUrl: string, url: string, secret: string): (() => void) | null {
  const path = serveFilePath(storeUrl);
  if (!path) return null;
  const file: ServeFile = { pid: process.pid, url, secret };
  rmSync(path, { force: true }); // a stale file's mode must not carry over
  writeFileSync(path, JSON.stringify(file) + '\n', { mode: 0o600 });
  return () => rmSync(path, { force: true });
}

/** The serve that holds the store, if its file is there and its process alive; else null. */
export function liveServeFile(storeUrl: string): ServeFile | null {
  const path = serveFilePath(storeUrl);
  if (!path) return null;
  let f: Partial<ServeFile>;
  try {
    f = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServeFile>;
  } catch {
    return null;
  }
  if (typeof f.pid !== 'number' || typeof f.url !== 'string' || typeof f.secret !== 'string') return null;
  return processAlive(f.pid) ? (f as ServeFile) : null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
