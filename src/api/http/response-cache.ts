/**
 * Answers to GraphQL requests, kept by the bytes they take (lru-cache `maxSize`) and keyed
 * by the data version, the caller's scopes, the Accept header and the normalized request:
 * a dashboard polling the same query is answered without executing it until the data
 * changes. Identical requests that arrive while one executes wait for it (coalescing)
 * instead of running again.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { CacheResult } from './metrics.js';

export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;
/** One answer may take at most this share of the cache: one huge answer must not flush every other. */
const MAX_ENTRY_SHARE = 8;

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Set only for answers worth keeping: complete, status 200, no errors. */
  etag: string | null;
}

/** The fields of a GraphQL request that decide its answer (POST body or GET query string). */
export interface GraphQLRequestFields {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** An answer without errors (Apollo writes `errors` first when there are any) gets an ETag. */
export function answerOf(status: number, headers: Record<string, string>, body: string): Answer {
  const buf = Buffer.from(body);
  const ok = status === 200 && !body.startsWith('{"errors"');
  return { status, headers, body: buf, etag: ok ? `"${createHash('sha1').update(buf).digest('base64url')}"` : null };
}

/**
 * JSON with object keys sorted: `{"a":1,"b":2}` and `{"b":2,"a":1}` are one request.
 * Recursive: the handler refuses bodies nested deeper than MAX_JSON_DEPTH (json-depth.ts) first.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function cacheKey(version: string, scopes: string, accept: string, r: GraphQLRequestFields): string {
  return `${version}\u0000${scopes}\u0000${accept}\u0000${canonicalJson([r.query ?? null, r.operationName ?? null, r.variables ?? null, r.extensions ?? null])}`;
}

/** Whether `If-None-Match` names this answer's ETag. */
export function notModified(ifNoneMatch: string | undefined, etag: string | null): boolean {
  if (!ifNoneMatch || !etag) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * The key of a POST by its text as received: the data version, the caller's scopes, the
 * headers that decide how Apollo reads and answers it, and the body. A poller sends the
 * same bytes each time, so its repeats are found without parsing and normalizing them.
 */
export function textCacheKey(version: string, scopes: string, accept: string, contentType: string, body: string): string {
  return `${version}\u0000${scopes}\u0000${accept}\u0000${contentType}\u0000${body}`;
}

/** What a request's text leads to: the normalized key its answer is kept under, and its operation's name. */
interface TextAlias {
  key: string;
  operation: string | undefined;
}

export class ResponseCache {
  private readonly lru: LRUCache<string, Answer> | null;
  /** Request texts already answered, to their normalized keys (only ever set for answers kept). */
  private readonly texts: LRUCache<string, TextAlias> | null;
  private readonly inflight = new Map<string, Promise<Answer>>();

  /** `maxBytes` 0: nothing is kept, identical concurrent requests are still coalesced. */
  constructor(maxBytes = DEFAULT_RESPONSE_CACHE_BYTES) {
    const maxEntrySize = Math.max(1, Math.floor(maxBytes / MAX_ENTRY_SHARE));
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, Answer>({ maxSize: maxBytes, maxEntrySize, sizeCalculation: (a, k) => a.body.length + k.length * 2 + 256 })
        : null;
    this.texts =
      maxBytes > 0
        ? new LRUCache<string, TextAlias>({
            maxSize: maxEntrySize,
            maxEntrySize,
            sizeCalculation: (a, k) => (k.length + a.key.length) * 2 + 64,
          })
        : null;
  }

  /** The kept answer for a request's text (textCacheKey), if one is kept. */
  byText(textKey: string): { answer: Answer; operation: string | undefined } | undefined {
    const alias = this.texts?.get(textKey);
    const answer = alias && this.lru?.get(alias.key);
    return answer ? { answer, operation: alias.operation } : undefined;
  }

  /** After `key` was answered (and kept), its text finds it too. */
  rememberText(textKey: string, key: string, operation: string | undefined): void {
    if (this.lru?.has(key)) this.texts?.set(textKey, { key, operation });
  }

  /** The answer for `key` (null: not cacheable, always executed), and how it was found. */
  async answer(key: string | null, execute: () => Promise<Answer>): Promise<{ answer: Answer; result: CacheResult }> {
    if (key === null) return { answer: await execute(), result: CacheResult.Bypass };
    const kept = this.lru?.get(key);
    if (kept) return { answer: kept, result: CacheResult.Hit };
    const running = this.inflight.get(key);
    if (running) return { answer: await running, result: CacheResult.Coalesced };
    const p = execute()
      .then((a) => {
        if (a.etag) this.lru?.set(key, a);
        return a;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return { answer: await p, result: CacheResult.Miss };
  }

  /** Bytes the kept answers take (keys included). */
  get size(): number {
    return this.lru?.calculatedSize ?? 0;
  }
}
