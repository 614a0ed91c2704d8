/**
 * /graphql: the request read and parsed, answered from the response cache or executed by
 * Apollo (its documented integration API), with ETag / If-None-Match revalidation.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { EventStore } from '../../store/event-store.js';
import { apiContext, type ApiContext } from '../api-context.js';
import { timedOut, tooComplex } from '../errors.js';
import type { ApiLimits } from '../limits/api-limits.config.js';
import { tooDeep } from './json-depth.js';
import { CacheResult, type ApiMetrics } from './metrics.js';
import { readBody, MAX_BODY_BYTES } from './request-body.js';
import {
  answerOf,
  cacheKey,
  notModified,
  textCacheKey,
  type Answer,
  type GraphQLRequestFields,
  type ResponseCache,
} from './response-cache.js';
import type { VersionClock } from './version-clock.js';
import type { RequestTarget } from './request-target.js';
import { sendJson } from './send.js';

export interface GraphQLHandlerDeps {
  apollo: ApolloServer<ApiContext>;
  store: EventStore;
  cache: ResponseCache;
  clock: VersionClock;
  metrics: ApiMetrics;
  limits: ApiLimits;
}

/** What the request log and the metrics learn about a GraphQL request. */
export interface GraphQLRequestInfo {
  operation?: string;
  cache?: string;
}

/** Headers that make a GET safe from CSRF for Apollo; a GET without one is refused by Apollo, never served from the cache. */
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
/** Content types a browser sends cross-origin without a preflight (Apollo's CSRF rule). */
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function preflighted(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type']?.split(';')[0]!.trim().toLowerCase();
  return (!!type && !SIMPLE_TYPES.includes(type)) || PREFLIGHT_HEADERS.some((h) => headers[h] !== undefined);
}

/** Built only for an execution: a cached answer needs none. */
function headerMap(headers: IncomingHttpHeaders): HeaderMap {
  const m = new HeaderMap();
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) m.set(k, Array.isArray(v) ? v.join(', ') : v);
  return m;
}
/** Answers may depend on the token (its scopes) and differ by origin: no shared cache keeps them, browsers revalidate. */
const CACHE_CONTROL = 'private, no-cache';

export async function handleGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  url: RequestTarget,
  deps: GraphQLHandlerDeps,
  scopes: string,
  info: GraphQLRequestInfo,
): Promise<void> {
  const read = await readBody(req, deps.limits.bodyTimeoutMs);
  if ('refused' in read) {
    // Closing the connection stops the rest of an oversized or trickling body from being read at all.
    // In the GraphQL error shape with a typed code, as every other refusal of a query.
    const error =
      read.refused === 413
        ? tooComplex(`request body over ${MAX_BODY_BYTES} bytes; send a shorter query`, 'bodyBytes', MAX_BODY_BYTES, MAX_BODY_BYTES + 1)
        : timedOut(deps.limits.bodyTimeoutMs, `request body not received within ${deps.limits.bodyTimeoutMs} ms`);
    const { message, extensions } = error.toJSON();
    return sendJson(res, read.refused, { errors: [{ message, extensions: { ...extensions, http: undefined } }] }, { connection: 'close' });
  }
  const body = read.body;
  const method = (req.method ?? 'GET').toUpperCase();
  // A repeat of a POST already answered: found by its text, without parsing it.
  const textKey = (version: string | null): string | null =>
    method === 'POST' && version !== null
      ? textCacheKey(version, scopes, req.headers.accept ?? '', req.headers['content-type'] ?? '', body)
      : null;
  const fastKey = textKey(deps.clock.fresh());
  const kept = fastKey === null ? undefined : deps.cache.byText(fastKey);
  if (kept) {
    info.operation = kept.operation;
    info.cache = CacheResult.Hit;
    deps.metrics.cache.inc({ result: CacheResult.Hit });
    return sendAnswer(req, res, kept.answer);
  }
  let parsed: unknown = body;
  if ((req.headers['content-type'] ?? '').includes('application/json') && body.length) {
    try {
      parsed = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { errors: [{ message: 'the request body is not JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
    // Checked without recursion before anything walks the body (the cache key, Apollo): deep nesting overflowed the stack.
    const deep = tooDeep(parsed);
    if (deep) return sendJson(res, 400, { errors: [{ message: deep, extensions: { code: 'BAD_REQUEST' } }] });
  }
  const fields = requestFields(method, url, parsed, req.headers);
  info.operation = operationName(fields ?? {});
  const version = fields ? await deps.clock.current() : null;
  const key = fields && version !== null ? cacheKey(version, scopes, req.headers.accept ?? '', fields) : null;
  const { answer, result } = await deps.cache.answer(key, () =>
    execute(deps, { method, headers: headerMap(req.headers), search: url.search, body: parsed }),
  );
  info.cache = result;
  deps.metrics.cache.inc({ result });
  const text = textKey(version);
  if (key !== null && text !== null && answer.etag) deps.cache.rememberText(text, key, info.operation);
  sendAnswer(req, res, answer);
}

function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  if (!answer.etag) return void res.writeHead(answer.status, answer.headers).end(answer.body);
  // The content type follows Accept: a browser must not revalidate one type's copy for the other.
  const cors = res.getHeader('vary');
  const vary = cors ? `${String(cors)}, Accept` : 'Accept';
  if (notModified(req.headers['if-none-match'], answer.etag))
    return void res.writeHead(304, { etag: answer.etag, 'cache-control': CACHE_CONTROL, vary }).end();
  res.writeHead(answer.status, headersOf(answer, answer.etag, vary));
  res.end(answer.body);
}

/** A kept answer's headers, by the Vary they go out with: built once, not on every hit. */
const sentHeaders = new WeakMap<Answer, { vary: string; headers: Record<string, string> }>();

function headersOf(answer: Answer, etag: string, vary: string): Record<string, string> {
  const built = sentHeaders.get(answer);
  if (built?.vary === vary) return built.headers;
  const headers = { ...answer.headers, etag, 'cache-control': CACHE_CONTROL, vary };
  sentHeaders.set(answer, { vary, headers });
  return headers;
}

async function execute(
  deps: GraphQLHandlerDeps,
  httpGraphQLRequest: { method: string; headers: HeaderMap; search: string; body: unknown },
): Promise<Answer> {
  deps.metrics.executions.inc();
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    // A service per execution: its per-request analysis map never outlives it; it stops queued work at the deadline.
    context: async () => apiContext(deps.store, deps.limits),
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of result.headers) headers[k] = v;
  if (result.body.kind === 'complete') return answerOf(result.status ?? 200, headers, result.body.string);
  let text = '';
  for await (const chunk of result.body.asyncIterator) text += chunk;
  return { ...answerOf(result.status ?? 200, headers, text), etag: null }; // incremental delivery: not kept
}

/**
 * The fields that decide the answer, or null when the request is not one the cache may
 * answer: not a JSON POST or a GET Apollo would execute.
 */
function requestFields(method: string, url: RequestTarget, parsed: unknown, headers: IncomingHttpHeaders): GraphQLRequestFields | null {
  if (method === 'POST') return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as GraphQLRequestFields) : null;
  if (method !== 'GET' || !preflighted(headers)) return null;
  const p = url.searchParams;
  return {
    query: p.get('query') ?? undefined,
    operationName: p.get('operationName') ?? undefined,
    variables: p.get('variables') ?? undefined,
    extensions: p.get('extensions') ?? undefined,
  };
}

/** The operation's name: the one asked for, else the first named operation in the document. */
function operationName(f: GraphQLRequestFields): string | undefined {
  if (typeof f.operationName === 'string' && f.operationName) return f.operationName;
  if (typeof f.query !== 'string') return undefined;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(f.query)?.[1];
}
