/**
 * CORS for `serve --cors-origin`: a portal on another origin may call the API from a
 * browser; any other origin gets no CORS headers, so the browser keeps the answer from it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class CorsConfigError extends Error {}

/** What a portal's fetch sends besides simple headers: tokens, JSON, Apollo's CSRF header, revalidation. */
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, if-none-match';
const PREFLIGHT_MAX_AGE_S = '600';

/** `https://portal.example.com[:port]` as browsers send it in `Origin`, or `*` for any. */
export function parseOrigin(o: string): string {
  if (o === '*') return o;
  let url: URL;
  try {
    url = new URL(o);
  } catch {
    throw new CorsConfigError(`--cors-origin "${o}" is not an origin like https://portal.example.com`);
  }
  const origin = url.origin;
  if (!/^https?:$/.test(url.protocol) || origin !== o.replace(/\/$/, '').toLowerCase()) {
    throw new CorsConfigError(`--cors-origin "${o}" is not an origin (scheme://host[:port], no path): did you mean ${origin}?`);
  }
  return origin;
}

export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins.map(parseOrigin));
  }

  get enabled(): boolean {
    return this.origins.size > 0;
  }

  private allows(origin: string | undefined): origin is string {
    return !!origin && (this.origins.has('*') || this.origins.has(origin.toLowerCase()));
  }

  /**
   * May a WebSocket upgrade from `origin` proceed? Browsers apply no CORS to WebSockets
   * (any page may open one to a loopback server), so the server decides: no Origin (not
   * a browser), the server's own pages (the Origin's host is the Host), or the allow-list.
   */
  allowsUpgrade(origin: string | undefined, host: string | undefined): boolean {
    return origin === undefined || this.allows(origin) || sameHost(origin, host);
  }

  /**
   * Sets the CORS headers an allowed origin gets; answers a preflight (OPTIONS with
   * Access-Control-Request-Method) itself and then returns true.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (this.enabled) res.setHeader('vary', 'Origin'); // answers differ by origin: caches must not mix them
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!this.allows(origin)) {
      if (preflight) res.writeHead(403).end();
      return preflight;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', 'etag');
    if (!preflight) return false;
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE_S,
    });
    res.end();
    return true;
  }
}

/** The Origin's host and port are the Host header's (default ports by the Origin's scheme). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const o = new URL(origin);
    return o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false; // `null` and other origins that are no URL
  }
}
