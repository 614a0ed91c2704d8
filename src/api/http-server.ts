/**
 * GraphQL over HTTP on node:http (no framework): routing, the access checks (Host, CORS,
 * bearer tokens), /graphql, the playground, the /timeline page, /healthz, /metrics, JSON
 * logs, graceful shutdown, each in ./http/; subscriptions over WebSocket at /graphql (./live/).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { EventStore } from '../store/event-store.js';
import { redactUrl } from '../store/store-url.js';
import type { ApiContext } from './api-context.js';
import { DEFAULT_LIMITS, type ApiLimits } from './limits/api-limits.config.js';
import { createApollo, type LogFn } from './apollo.js';
import { LiveFeed } from './live/live-feed.service.js';
import { attachLiveServer, type LiveAuthorizer, type UpgradeCheck } from './live/live-server.js';
import { playgroundAsset, playgroundHtml } from './playground/playground.js';
import { BearerAuth, Scope, type Token } from './http/auth.js';
import { CorsPolicy } from './http/cors.js';
import { handleGraphQL, type GraphQLHandlerDeps, type GraphQLRequestInfo } from './http/graphql-handler.js';
import { HealthProbe } from './http/health.js';
import { defaultAllowedHosts, HostGuard } from './http/hosts.js';
import { ApiMetrics, Route } from './http/metrics.js';
import { jsonLog } from './http/json-log.js';
import { ResponseCache } from './http/response-cache.js';
import { MAX_BODY_BYTES } from './http/request-body.js';
import { requestTarget } from './http/request-target.js';
import { send, sendJson } from './http/send.js';
import { answerClientErrorsInTurns } from './http/client-errors.js';
import { VersionClock } from './http/version-clock.js';
import { timelineAsset, timelinePageHtml } from './timeline/timeline-page.js';
import type { InternalHandler } from './internal/internal-routes.js';

export interface ApiServer {
  server: Server;
  apollo: ApolloServer<ApiContext>;
  /** What subscribers are told; `notify()` it after writing in this process. */
  live: LiveFeed;
  url: string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  store: EventStore;
  port: number;
  host: string;
  log?: LogFn;
  /** Bearer tokens; none or empty: no authentication. */
  tokens?: readonly Token[];
  /** Origins whose browsers may call the API (CORS); `*` for any. */
  corsOrigins?: readonly string[];
  /** Host headers served; default `defaultAllowedHosts(host)`; null: any. */
  allowedHosts?: readonly string[] | null;
  introspection?: boolean;
  playground?: boolean;
  /** Bytes of answers kept (0: none kept, identical concurrent requests still share one execution). */
  responseCacheBytes?: number;
  /** How long a read of the data version is trusted for other processes' writes. */
  versionPollMs?: number;
  /** Query cost, depth, aliases, response size, deadlines, connection cap. */
  limits?: ApiLimits;
  live?: LiveOptions;
  /** serve's endpoints for the CLI on the same store (./internal/), checked by their own secret. */
  internal?: InternalHandler;
}

interface RequestInfo extends GraphQLRequestInfo {
  route: Route;
  token?: string;
}

export { jsonLog };

export interface LiveOptions {
  /** How often the data version is read while anyone subscribes (default 1 s). */
  pollMs?: number;
  authorize?: LiveAuthorizer;
}

const ROUTES: Record<string, Route> = {
  '/graphql': Route.GraphQL,
  '/healthz': Route.Health,
  '/metrics': Route.Metrics,
  '/': Route.Playground,
  '/playground': Route.Playground,
  '/timeline': Route.Timeline,
};

/**
 * The request log's fields: the info gathered on the way, less the route (the token's
 * name, never the token). Copied key by key: a rest-spread of `info` took three times
 * as long (0.33 against 0.10 µs a line).
 */
function requestLine(req: IncomingMessage, status: number, ms: number, info: RequestInfo): Record<string, unknown> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const line: Record<string, unknown> = { method: req.method, path: q < 0 ? url : url.slice(0, q), status, ms: Math.round(ms) };
  for (const k in info) if (k !== 'route') line[k] = info[k as keyof RequestInfo];
  return line;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** `/healthz`: 200 when the store's last ping (events table and catalog) answered, else 503. */
async function health(res: ServerResponse, probe: HealthProbe): Promise<void> {
  if (await probe.healthy()) sendJson(res, 200, { status: 'ok' });
  else sendJson(res, 503, { status: 'unavailable' });
}

/** What a request's route needs: built once per server. */
interface Router {
  opts: ApiServerOptions;
  probe: HealthProbe;
  deps: GraphQLHandlerDeps;
  hosts: HostGuard;
  cors: CorsPolicy;
  auth: BearerAuth | null;
  playground: boolean;
  metrics: ApiMetrics;
}

/** The caller's scopes as a cache key part, or null when the answer (401/403) is sent. */
function authorize(auth: BearerAuth | null, req: IncomingMessage, res: ServerResponse, scope: Scope, info: RequestInfo): string | null {
  if (!auth) return '*';
  const r = auth.check(req.headers.authorization, scope);
  if (r.ok || r.name) info.token = r.name;
  if (r.ok) return [...r.scopes].sort().join(',');
  sendJson(res, r.status, { errors: [{ message: r.message, extensions: { code: r.code } }] }, { 'www-authenticate': r.challenge });
  return null;
}

async function handle(r: Router, req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> {
  const url = requestTarget(req.url);
  info.route =
    ROUTES[url.pathname] ??
    (url.pathname.startsWith('/playground/') ? Route.Playground : url.pathname.startsWith('/timeline/') ? Route.Timeline : Route.Other);
  // Open to load balancers whatever Host they send; says only whether the store answers.
  if (info.route === Route.Health) return health(res, r.probe);
  if (r.opts.internal && url.pathname.startsWith('/internal/')) return r.opts.internal(req, res, url.pathname);
  if (!r.hosts.allows(req.headers.host)) return sendJson(res, 421, { error: 'this Host header is not served here (serve --allowed-host)' });
  if (r.cors.handle(req, res)) return;
  switch (info.route) {
    case Route.GraphQL: {
      const scopes = authorize(r.auth, req, res, Scope.Read, info);
      return scopes === null ? undefined : handleGraphQL(req, res, url, r.deps, scopes, info);
    }
    case Route.Metrics:
      if (authorize(r.auth, req, res, Scope.Metrics, info) === null) return;
      return send(res, 200, r.metrics.contentType, await r.metrics.render());
    case Route.Playground:
      if (r.playground) return servePlayground(url.pathname, res);
      break;
    case Route.Timeline:
      return serveTimeline(url.pathname, res);
  }
  sendJson(res, 404, { error: `no route ${url.pathname}` });
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const log = opts.log ?? jsonLog;
  const metrics = new ApiMetrics();
  const store = metrics.instrument(opts.store);
  const probe = new HealthProbe(store, (e) => log('warn', 'health check failed', { error: redactUrl((e as Error)?.message ?? String(e)) }));
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const apollo = await createApollo(log, { introspection: opts.introspection ?? true, limits });
  const deps: GraphQLHandlerDeps = {
    apollo,
    store,
    metrics,
    limits,
    cache: new ResponseCache(opts.responseCacheBytes),
    clock: new VersionClock(opts.store, opts.versionPollMs),
  };
  const hosts = new HostGuard(opts.allowedHosts === undefined ? defaultAllowedHosts(opts.host) : opts.allowedHosts);
  const cors = new CorsPolicy(opts.corsOrigins ?? []);
  const auth = opts.tokens?.length ? new BearerAuth(opts.tokens) : null;
  const router: Router = { opts, probe, deps, hosts, cors, auth, playground: opts.playground ?? true, metrics };

  const server = createServer({ connectionsCheckingInterval: connectionsCheckingMs(limits) }, (req, res) => {
    const t0 = performance.now();
    const info: RequestInfo = { route: Route.Other };
    res.on('finish', () => {
      const ms = performance.now() - t0;
      metrics.observeRequest(info.route, info.operation, res.statusCode, ms / 1000);
      log('info', 'request', requestLine(req, res.statusCode, ms, info));
    });
    handle(router, req, res, info).catch((e: unknown) => {
      log('error', 'request failed', { error: redactUrl(String((e as Error)?.stack ?? e)) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  // Explicit, not Node's defaults (a 300 s request timeout, no connection cap): slow or idle clients are cut off.
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  answerClientErrorsInTurns(server);

  const live = new LiveFeed({ store: opts.store, log, pollMs: opts.live?.pollMs });
  const liveServer = await attachLiveServer(server, {
    path: '/graphql',
    store: opts.store,
    feed: live,
    log,
    maxMessageBytes: MAX_BODY_BYTES,
    limits,
    introspection: opts.introspection ?? true,
    admit: upgradeCheck(hosts, cors),
    authorize: opts.live?.authorize ?? (auth ? liveTokenCheck(auth) : undefined),
  });
  // The store is pinged before the first request (waiting 2 s at most): else the first probe waited for a ping queued behind the first burst's reads.
  await Promise.race([probe.healthy(), delay(2_000, undefined, { ref: false })]);
  await listen(server, opts.port, opts.host);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    server,
    apollo,
    live,
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    async close() {
      await liveServer.close(); // open WebSockets would hold server.close() forever
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}

function servePlayground(path: string, res: ServerResponse): void {
  if (path === '/' || path === '/playground') return send(res, 200, 'text/html; charset=utf-8', playgroundHtml('/graphql'));
  const asset = playgroundAsset(path);
  if (asset) return send(res, 200, asset.type, asset.body, { 'cache-control': 'public, max-age=3600' });
  sendJson(res, 404, { error: `no route ${path}` });
}

/** The page holds no data (it reads /graphql like any client): served whatever --no-playground says. */
function serveTimeline(path: string, res: ServerResponse): void {
  if (path === '/timeline') return send(res, 200, 'text/html; charset=utf-8', timelinePageHtml());
  const asset = timelineAsset(path);
  if (asset) return send(res, 200, asset.type, asset.body, { 'cache-control': 'public, max-age=3600' });
  sendJson(res, 404, { error: `no route ${path}` });
}

/** A WebSocket upgrade meets the Host check of every request, and an Origin check of its own (CorsPolicy.allowsUpgrade). */
function upgradeCheck(hosts: HostGuard, cors: CorsPolicy): UpgradeCheck {
  return (req) => {
    if (!hosts.allows(req.headers.host)) return { status: 421, text: 'Misdirected Request' };
    if (!cors.allowsUpgrade(req.headers.origin, req.headers.host)) return { status: 403, text: 'Forbidden' };
    return null;
  };
}

/** Browsers cannot set headers on a WebSocket: the token comes in connection_init's `authorization`, or the upgrade request's header. */
function liveTokenCheck(auth: BearerAuth): LiveAuthorizer {
  return (params, req) => {
    const fromParams = params?.authorization ?? params?.Authorization;
    return auth.check(typeof fromParams === 'string' ? fromParams : req.headers.authorization, Scope.Read).ok;
  };
}

/**
 * How often Node looks for connections past headersTimeout/requestTimeout (30 s by
 * default): every 250 ms at most, so that those cut off together are the few that
 * connected within one such step. 1 100 idle connections opened at once and cut off by
 * one check at 2.5 s held the loop ~110 ms; checked every 250 ms, ~12 ms (with the
 * answers spread over turns, client-errors.ts; figures in docs/load.md).
 */
function connectionsCheckingMs(limits: { headersTimeoutMs: number; requestTimeoutMs: number }): number {
  return Math.max(50, Math.min(250, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4));
}
