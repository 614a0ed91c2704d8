/** `serve`'s access and cache flags, turned into the HTTP server's options (apart from the flag parser). */
import type { ApiServerOptions } from '../../api/http-server.js';
import { AuthConfigError, loadTokenFile } from '../../api/http/auth.js';
import { CorsConfigError, parseOrigin } from '../../api/http/cors.js';
import { DEFAULT_RESPONSE_CACHE_BYTES } from '../../api/http/response-cache.js';
import { UsageError } from '../usage-error.js';

export const SERVE_ACCESS_USAGE = `  --auth-token-file FILE  require a bearer token listed in FILE (YAML or JSON, see README)
  --cors-origin ORIGIN    let browsers on ORIGIN call the API (repeatable; * for any)
  --allowed-host NAME     Host headers served (repeatable; *.example.com for a domain);
                          default on loopback: the bind address, localhost, 127.0.0.1, ::1
  --no-introspection      refuse schema introspection     --no-playground  no /playground
  --production            both of the above
  --response-cache-mb N   memory for cached answers (default ${DEFAULT_RESPONSE_CACHE_BYTES / 1024 / 1024}; 0: none)`;

/** parseArgs option definitions for the flags above. */
export const SERVE_ACCESS_FLAGS = {
  'auth-token-file': { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  'no-introspection': { type: 'boolean', default: false },
  'no-playground': { type: 'boolean', default: false },
  production: { type: 'boolean', default: false },
  'response-cache-mb': { type: 'string' },
} as const;

export interface ServeAccessValues {
  'auth-token-file'?: string;
  'cors-origin'?: string[];
  'allowed-host'?: string[];
  'no-introspection'?: boolean;
  'no-playground'?: boolean;
  production?: boolean;
  'response-cache-mb'?: string;
}

export function serveAccessOptions(v: ServeAccessValues): Partial<ApiServerOptions> {
  const mb = v['response-cache-mb'] === undefined ? DEFAULT_RESPONSE_CACHE_BYTES / 1024 / 1024 : Number(v['response-cache-mb']);
  if (!Number.isFinite(mb) || mb < 0) throw new UsageError(`--response-cache-mb must be a number of MiB, 0 or more, got "${v['response-cache-mb']}"`);
  try {
    return {
      tokens: v['auth-token-file'] ? loadTokenFile(v['auth-token-file']) : undefined,
      corsOrigins: (v['cors-origin'] ?? []).map(parseOrigin),
      ...(v['allowed-host']?.length ? { allowedHosts: v['allowed-host'] } : {}),
      introspection: !(v.production || v['no-introspection']),
      playground: !(v.production || v['no-playground']),
      responseCacheBytes: Math.floor(mb * 1024 * 1024),
    };
  } catch (e) {
    if (e instanceof AuthConfigError || e instanceof CorsConfigError) throw new UsageError(e.message);
    throw e;
  }
}
