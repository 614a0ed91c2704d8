/**
 * The CLI's side of a store held by a running `serve`: DuckDB lets one process open the
 * file, so a command that finds it locked by a live serve (its serve file beside the
 * store) sends its work there instead, over loopback with the file's secret. Without a
 * live serve, the lock stays what it was: exit 3, one line.
 */
import { SERVE_SECRET_HEADER, liveServeFile, type ServeFile } from '../api/internal/serve-file.js';
import type { InternalErrorKind } from '../api/internal/internal-errors.js';
import type { EventStore } from '../store/event-store.js';
import { StoreUnavailableError } from '../store/store-unavailable.js';
import { UsageError } from './usage-error.js';

/** The store opened, or the live serve that holds its lock; any other failure to open is thrown. */
export async function openOrServe(
  storeUrl: string,
  open: () => Promise<EventStore>,
): Promise<{ store: EventStore; serve?: undefined } | { store?: undefined; serve: ServeFile }> {
  try {
    return { store: await open() };
  } catch (e) {
    const serve = serveHolding(storeUrl, e);
    if (!serve) throw e;
    return { serve };
  }
}

/** The serve to go through, when `e` (from opening the store) is its lock; else null. */
function serveHolding(storeUrl: string, e: unknown): ServeFile | null {
  if (!(e instanceof StoreUnavailableError) || e.reason !== 'locked') return null;
  return liveServeFile(storeUrl);
}

/** POSTs `body` to an internal endpoint; a refusal becomes the error the command would have thrown itself. */
export async function callServe(serve: ServeFile, path: string, body: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(serve.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVE_SECRET_HEADER]: serve.secret },
      body: JSON.stringify(body),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new StoreUnavailableError(
      `the store is held by serve (PID ${serve.pid}), which does not answer at ${serve.url} (${cause})`,
      'locked',
    );
  }
  if (res.ok) return res;
  const err = ((await res.json().catch(() => null)) as { error?: { kind?: InternalErrorKind; message?: string } } | null)?.error;
  const message = err?.message ?? `HTTP ${res.status}`;
  if (err?.kind === 'usage') throw new UsageError(message);
  if (err?.kind === 'store' || err?.kind === 'forbidden') throw new StoreUnavailableError(`serve (PID ${serve.pid}): ${message}`, 'locked');
  throw new Error(`serve (PID ${serve.pid}): ${message}`);
}

/** Tells the user, on stderr, where the work is done. */
export function sayViaServe(serve: ServeFile): void {
  process.stderr.write(`zbs-timeline: the store is held by serve (PID ${serve.pid}): going through it\n`);
}
