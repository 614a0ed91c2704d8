/** `serve`'s access and cache flags, turned into the HTTP server's options (apart from the flag parser). */
import type { ApiServerOptions } from '../../api/http-server.js';
import { AuthConfigError, loadTokenFile } from '../../api/http/auth.js';
import { CorsConfigError, parseOrigin } from '../../api/http/cors.js';
import { DEFAULT_RESPONSE_CACHE_BYTES } from '../../api/http/response-cache.js';
import type { ApiLimits } from '../../api/limits/api-limits.config.js';
import { UsageError } from '../usage-error.js';

export interface ServeOptions extends Partial<Record<keyof ApiLimits, string>> {
  port: string;
  host: string;
  store: string;
  watch?: string[];
  tz?: string;
  interval?: string;
  authTokenFile?: string;
  corsOrigin?: string[];
  allowedHost?: string[];
  /** false with --no-introspection */
  introspection: boolean;
  /** false with --no-playground */
  playground: boolean;
  production?: boolean;
  responseCacheMb?: string;
}

export type ServeAccessValues = Pick<
  ServeOptions,
  'authTokenFile' | 'corsOrigin' | 'allowedHost' | 'introspection' | 'playground' | 'production' | 'responseCacheMb'
>;

export function serveAccessOptions(v: ServeAccessValues): Partial<ApiServerOptions> {
  const mb = v.responseCacheMb === undefined ? DEFAULT_RESPONSE_CACHE_BYTES / 1024 / 1024 : Number(v.responseCacheMb);
  if (!Number.isFinite(mb) || mb < 0)
    throw new UsageError(`--response-cache-mb must be a number of MiB, 0 or more, got "${v.responseCacheMb}"`);
  try {
    return {
      tokens: v.authTokenFile ? loadTokenFile(v.authTokenFile) : undefined,
      corsOrigins: (v.corsOrigin ?? []).map(parseOrigin),
      ...(v.allowedHost?.length ? { allowedHosts: v.allowedHost } : {}),
      introspection: !v.production && v.introspection,
      playground: !v.production && v.playground,
      responseCacheBytes: Math.floor(mb * 1024 * 1024),
    };
  } catch (e) {
    if (e instanceof AuthConfigError || e instanceof CorsConfigError) throw new UsageError(e.message);
    throw e;
  }
}
