/** `zbs-timeline serve`: GraphQL over HTTP and WebSocket, the playground, /healthz, /metrics. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonLog, startApiServer } from '../../api/http-server.js';
import { internalRoutes } from '../../api/internal/internal-routes.js';
import { newServeSecret, writeServeFile } from '../../api/internal/serve-file.js';
import { isLoopback } from '../../api/http/hosts.js';
import { LIMIT_FLAGS, limitsFromFlags } from '../../api/limits/api-limits.config.js';
import { analysisCacheBytes } from '../../api/services/analysis-cache.js';
import { openStore } from '../../store/store-factory.js';
import type { EventStore } from '../../store/event-store.js';
import { assertTimeZone } from '../../time/zone.js';
import { LogWorker } from '../../worker/log-worker.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import type { ServeOptions } from './serve.options.js';
import { serveAccessOptions } from './serve.options.js';
import { checkWatchDirs, parseIntervalMs } from './worker.command.js';

export async function serveCommand(values: ServeOptions): Promise<number> {
  const { limits, error } = limitsFromFlags(Object.fromEntries(LIMIT_FLAGS.map(({ key, flag }) => [flag, values[key]])));
  if (error) throw new UsageError(error);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
  const access = serveAccessOptions(values); // before the store opens: a bad token file costs nothing
  const dirs = values.watch ?? [];
  if (!dirs.length && (values.tz !== undefined || values.interval !== undefined))
    throw new UsageError('--tz and --interval go with --watch DIR');
  checkWatchDirs(dirs);
  if (values.tz) assertTimeZone(values.tz);
  const intervalMs = parseIntervalMs(values.interval ?? '1000');
  // Read now, not at the first query: a bad value is a usage error before anything opens.
  withUsageError(analysisCacheBytes);
  const store = await openStore(values.store);
  const secret = newServeSecret();
  let notify = (): void => undefined;
  const internal = internalRoutes({ store, secret, log: jsonLog, onStored: () => notify() });
  const api = await startApiServer({ store, port, host: values.host, ...access, limits, internal }).catch(
    async (e: NodeJS.ErrnoException) => {
      await store.close();
      if (e.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${values.host} is in use; choose another with --port`);
      if (e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${values.host}:${port} (${e.code})`);
      throw e;
    },
  );
  notify = () => api.live.notify();
  // Other commands on this store find serve here and go through it (docs/shared-store.md).
  const removeServeFile = writeServeFile(values.store, loopbackUrl(api.server, values.host, api.url), secret);
  jsonLog('info', 'listening', {
    url: `${api.url}/graphql`,
    ...(access.playground ? { playground: `${api.url}/playground` } : {}),
    store: store.url,
    auth: access.tokens ? `${access.tokens.length} token(s)` : 'off',
    ...(access.corsOrigins?.length ? { corsOrigins: access.corsOrigins } : {}),
  });
  if (access.allowedHosts === undefined && !isLoopback(values.host)) {
    jsonLog('warn', 'any Host header is served: name the ones clients use with --allowed-host (DNS rebinding)', { host: values.host });
  }
  const stopWorker = new AbortController();
  const following = dirs.length
    ? followInProcess(store, { dirs, tz: values.tz, intervalMs, onStored: () => api.live.notify() }, stopWorker.signal)
    : null;
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      jsonLog('info', 'shutting down', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  stopWorker.abort();
  await following;
  removeServeFile?.();
  await api.close();
  await store.close();
  jsonLog('info', 'stopped');
  return EXIT_OK;
}

/**
 * Where a command on this machine reaches serve: the address it is bound to when that is
 * a loopback one (`::1` is not `127.0.0.1`; `localhost` is whichever it resolved to), a
 * loopback address of the family for a wildcard bind, else the URL it logs.
 */
function loopbackUrl(server: Server, host: string, url: string): string {
  const addr = server.address() as AddressInfo;
  if (host === '0.0.0.0') return `http://127.0.0.1:${addr.port}`;
  if (host === '::') return `http://[::1]:${addr.port}`;
  if (!isLoopback(host)) return url;
  return `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
}

/** A worker sharing serve's open store (and its data version, so cached answers see its writes at once). */
function followInProcess(
  store: EventStore,
  o: { dirs: string[]; tz?: string; intervalMs: number; onStored: () => void },
  signal: AbortSignal,
): Promise<void> {
  const worker = new LogWorker({
    ...o,
    openStore: async () => store,
    releaseStoreBetweenPolls: false,
    sharedStore: true,
    jobs: 1,
    log: jsonLog,
  });
  jsonLog('info', 'following', { dirs: o.dirs, intervalMs: o.intervalMs });
  return worker.run(signal);
}

function withUsageError<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
