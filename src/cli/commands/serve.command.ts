/** `zbs-timeline serve`: GraphQL over HTTP and WebSocket, the playground, /healthz, /metrics. */
import { parseArgs } from 'node:util';
import { jsonLog, startApiServer } from '../../api/http-server.js';
import { isLoopback } from '../../api/http/hosts.js';
import { DEFAULT_LIMITS, LIMIT_FLAGS, limitsFromFlags } from '../../api/limits/api-limits.config.js';
import { openStore, DEFAULT_STORE_URL } from '../../store/store-factory.js';
import type { EventStore } from '../../store/event-store.js';
import { assertTimeZone } from '../../time/zone.js';
import { LogWorker } from '../../worker/log-worker.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { SERVE_ACCESS_FLAGS, SERVE_ACCESS_USAGE, serveAccessOptions } from './serve.options.js';
import { checkWatchDirs, parseIntervalMs } from './worker.command.js';

export const SERVE_USAGE = `usage: zbs-timeline serve [--port 4000] [--host 127.0.0.1] [--store URL]
                          [--watch DIR]... [--tz ZONE] [--interval MS] [access flags] [limit flags]
  /graphql (GET and POST; subscriptions over WebSocket, graphql-ws protocol), /playground
  (GraphiQL, no CDN), /timeline, /healthz, /metrics (Prometheus). Logs are JSON lines on stderr.
  --watch      also follow a live log directory, as \`worker --watch\` does, in this process;
               subscribers hear of what it stores at once
  --tz         IANA zone of the watched logs' local times (default: the cluster's remembered zone)
  --interval   poll interval of --watch in ms (default 1000)
  SIGTERM or SIGINT: finish requests in flight and the poll in progress, close the store, exit 0.
${SERVE_ACCESS_USAGE}
  Limits (one client must not take the server down; defaults in brackets):
${LIMIT_FLAGS.map(({ key, flag }) => `    --${flag} [${DEFAULT_LIMITS[key]}]`).join('\n')}`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      store: { type: 'string', default: DEFAULT_STORE_URL },
      ...SERVE_ACCESS_FLAGS,
      ...Object.fromEntries(LIMIT_FLAGS.map(({ flag }) => [flag, { type: 'string' as const }])),
      watch: { type: 'string', multiple: true },
      tz: { type: 'string' },
      interval: { type: 'string' },
    },
  });
  const { limits, error } = limitsFromFlags(values as unknown as Record<string, string | undefined>);
  if (error) throw new UsageError(error);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
  const access = serveAccessOptions(values); // before the store opens: a bad token file costs nothing
  const dirs = values.watch ?? [];
  if (!dirs.length && (values.tz !== undefined || values.interval !== undefined)) throw new UsageError('--tz and --interval go with --watch DIR');
  checkWatchDirs(dirs);
  if (values.tz) assertTimeZone(values.tz);
  const intervalMs = parseIntervalMs(values.interval ?? '1000');
  const store = await openStore(values.store);
  const api = await startApiServer({ store, port, host: values.host, ...access, limits });
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
  const following = dirs.length ? followInProcess(store, { dirs, tz: values.tz, intervalMs, onStored: () => api.live.notify() }, stopWorker.signal) : null;
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
  await api.close();
  await store.close();
  jsonLog('info', 'stopped');
  return EXIT_OK;
}

/** A worker sharing serve's open store (and its data version, so cached answers see its writes at once). */
function followInProcess(store: EventStore, o: { dirs: string[]; tz?: string; intervalMs: number; onStored: () => void }, signal: AbortSignal): Promise<void> {
  const worker = new LogWorker({ ...o, openStore: async () => store, releaseStoreBetweenPolls: false, sharedStore: true, jobs: 1, log: jsonLog });
  jsonLog('info', 'following', { dirs: o.dirs, intervalMs: o.intervalMs });
  return worker.run(signal);
}
