/** A request's path and query string, as `new URL` reads them joined to an origin. */

export type RequestTarget = Pick<URL, 'pathname' | 'search' | 'searchParams'>;

/** Shared by every plain path: nothing here writes to it. */
const NO_PARAMS = new URLSearchParams();
/** `/`, `/graphql`, `/metrics`: a path `new URL` leaves exactly as it is (no dot, escape, slash or query to normalize). */
const PLAIN_PATH = /^\/[a-z]*$/;

/**
 * `new URL` costs about a microsecond a request: the API's own routes, asked without a
 * query, skip it. A path is joined to the origin, not resolved against it: `//graphql`
 * is that path (404), not a URL whose host is `graphql` and whose path is `/`.
 */
export function requestTarget(raw = '/'): RequestTarget {
  if (PLAIN_PATH.test(raw)) return { pathname: raw, search: '', searchParams: NO_PARAMS };
  return raw.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw, 'http://localhost');
}
