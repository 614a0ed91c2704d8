/**
 * GraphQL over HTTP on node:http (Apollo's documented integration API, no framework):
 * /graphql, the self-hosted playground, the /timeline page, /healthz, JSON logs, graceful shutdown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { EventStore } from '../store/event-store.js';
import type { ApiContext } from './api-context.js';
import { createApollo, type LogFn } from './apollo.js';
import { playgroundAsset, playgroundHtml } from './playground/playground.js';
import { TimelineService } from './services/timeline.service.js';
import { timelineAsset, timelinePageHtml } from './timeline/timeline-page.js';

/** Largest request body accepted (a GraphQL document with variables). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiServer {
  server: Server;
  apollo: ApolloServer<ApiContext>;
  url: string;
  close(): Promise<void>;
}

export const jsonLog: LogFn = (level, msg, extra) => {
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra }) + '\n');
};

export async function startApiServer(opts: { store: EventStore; port: number; host: string; log?: LogFn }): Promise<ApiServer> {
  const log = opts.log ?? jsonLog;
  const apollo = await createApollo(log);
  const server = createServer((req, res) => {
    const t0 = performance.now();
    res.on('finish', () => log('info', 'request', { method: req.method, path: req.url, status: res.statusCode, ms: Math.round(performance.now() - t0) }));
    handle(req, res).catch((e: unknown) => {
      log('error', 'request failed', { error: String((e as Error)?.stack ?? e) });
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      try {
        await opts.store.ping(); // the events table and the catalog, not just this process
        return send(res, 200, 'application/json', JSON.stringify({ status: 'ok', store: opts.store.url }));
      } catch (e) {
        return send(res, 503, 'application/json', JSON.stringify({ status: 'unavailable', error: (e as Error).message }));
      }
    }
    if (url.pathname === '/' || url.pathname === '/playground') return send(res, 200, 'text/html; charset=utf-8', playgroundHtml('/graphql'));
    if (url.pathname === '/timeline') return send(res, 200, 'text/html; charset=utf-8', timelinePageHtml());
    const asset = playgroundAsset(url.pathname) ?? timelineAsset(url.pathname);
    if (asset) return send(res, 200, asset.type, asset.body, { 'cache-control': 'public, max-age=3600' });
    if (url.pathname !== '/graphql') return send(res, 404, 'application/json', JSON.stringify({ error: `no route ${url.pathname}` }));

    const body = await readBody(req);
    if (body === null) return send(res, 413, 'application/json', JSON.stringify({ error: `request body over ${MAX_BODY_BYTES} bytes` }));
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let parsed: unknown = body;
    if ((headers.get('content-type') ?? '').includes('application/json') && body.length) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ errors: [{ message: 'the request body is not JSON', extensions: { code: 'BAD_REQUEST' } }] }));
      }
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsed },
      // A service per request: its per-request analysis cache never outlives the request.
      context: async () => ({ timeline: new TimelineService(opts.store) }),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) out[k] = v;
    res.writeHead(result.status ?? 200, out);
    if (result.body.kind === 'complete') res.end(result.body.string);
    else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    server,
    apollo,
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, ...extra });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_BODY_BYTES) return null;
    parts.push(c);
  }
  return Buffer.concat(parts).toString('utf8');
}
