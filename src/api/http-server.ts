/**
 * GraphQL over HTTP on node:http (Apollo's documented integration API, no framework):
 * /graphql, the self-hosted playground, /healthz, JSON logs, graceful shutdown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { EventStore } from '../store/event-store.js';
import { apiContext, type ApiContext } from './api-context.js';
import { createApollo, type LogFn } from './apollo.js';
import { DEFAULT_LIMITS, type ApiLimits } from './limits/api-limits.config.js';
import { playgroundAsset, playgroundHtml } from './playground/playground.js';

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

export async function startApiServer(opts: { store: EventStore; port: number; host: string; log?: LogFn; limits?: ApiLimits }): Promise<ApiServer> {
  const log = opts.log ?? jsonLog;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const apollo = await createApollo(log, limits);
  // Node checks headersTimeout/requestTimeout on this interval (30 s by default): a quarter of the shortest keeps them close.
  const server = createServer({ connectionsCheckingInterval: Math.max(100, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4) }, (req, res) => {
    const t0 = performance.now();
    res.on('finish', () => log('info', 'request', { method: req.method, path: req.url, status: res.statusCode, ms: Math.round(performance.now() - t0) }));
    handle(req, res).catch((e: unknown) => {
      log('error', 'request failed', { error: String((e as Error)?.stack ?? e) });
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      else res.end();
    });
  });

  // Explicit, not Node's defaults (a 300 s request timeout, no connection cap): slow or idle clients are cut off.
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;

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
    const asset = playgroundAsset(url.pathname);
    if (asset) return send(res, 200, asset.type, asset.body, { 'cache-control': 'public, max-age=3600' });
    if (url.pathname !== '/graphql') return send(res, 404, 'application/json', JSON.stringify({ error: `no route ${url.pathname}` }));

    const read = await readBody(req, limits.bodyTimeoutMs);
    if ('refused' in read) {
      const error = read.refused === 413 ? `request body over ${MAX_BODY_BYTES} bytes` : `request body not received within ${limits.bodyTimeoutMs} ms`;
      return send(res, read.refused, 'application/json', JSON.stringify({ error }), { connection: 'close' });
    }
    const body = read.body;
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
      context: async () => apiContext(opts.store, limits),
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

/** The body, unless it is over MAX_BODY_BYTES or still arriving after `deadlineMs` (a slow client must not hold a request open). */
type BodyRead = { body: string } | { refused: 413 | 408 };

function readBody(req: IncomingMessage, deadlineMs: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    const finish = (r: BodyRead): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if ('refused' in r) req.pause();
      resolve(r);
    };
    const onData = (c: Buffer): void => {
      n += c.length;
      if (n > MAX_BODY_BYTES) finish({ refused: 413 });
      else parts.push(c);
    };
    const onEnd = (): void => finish({ body: Buffer.concat(parts).toString('utf8') });
    const onError = (e: Error): void => (clearTimeout(timer), reject(e));
    const timer = setTimeout(() => finish({ refused: 408 }), deadlineMs);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
