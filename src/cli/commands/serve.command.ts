/** `zbs-timeline serve`: GraphQL over HTTP, the self-hosted playground, /healthz. */
import { jsonLog, startApiServer } from '../../api/http-server.js';
import { openStore } from '../../store/store-factory.js';
import type { ServeOptions } from './serve.args.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export async function serveCommand(values: ServeOptions): Promise<number> {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
  const store = await openStore(values.store);
  const api = await startApiServer({ store, port, host: values.host }).catch(async (e: NodeJS.ErrnoException) => {
    await store.close();
    if (e.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${values.host} is in use; choose another with --port`);
    if (e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${values.host}:${port} (${e.code})`);
    throw e;
  });
  jsonLog('info', 'listening', { url: `${api.url}/graphql`, playground: `${api.url}/playground`, store: store.url });
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
