/** `zbs-timeline serve`: GraphQL over HTTP, the self-hosted playground, /healthz, /metrics. */
import { parseArgs } from 'node:util';
import { jsonLog, startApiServer } from '../../api/http-server.js';
import { isLoopback } from '../../api/http/hosts.js';
import { DEFAULT_LIMITS, LIMIT_FLAGS, limitsFromFlags } from '../../api/limits/api-limits.config.js';
import { openStore, DEFAULT_STORE_URL } from '../../store/store-factory.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { SERVE_ACCESS_FLAGS, SERVE_ACCESS_USAGE, serveAccessOptions } from './serve.options.js';

export const SERVE_USAGE = `usage: zbs-timeline serve [--port 4000] [--host 127.0.0.1] [--store URL] [access flags] [limit flags]
  /graphql (GET and POST), /playground (GraphiQL, no CDN), /healthz, /metrics (Prometheus).
  Logs are JSON lines on stderr. SIGTERM or SIGINT: finish requests in flight, close the store, exit 0.
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
    },
  });
  const { limits, error } = limitsFromFlags(values as unknown as Record<string, string | undefined>);
  if (error) throw new UsageError(error);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
  const access = serveAccessOptions(values); // before the store opens: a bad token file costs nothing
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
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      jsonLog('info', 'shutting down', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await api.close();
  await store.close();
  jsonLog('info', 'stopped');
  return EXIT_OK;
}
