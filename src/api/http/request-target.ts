/** A request's path and query string, as `new URL` reads them. */

export type RequestTarget = Pick<URL, 'pathname' | 'search' | 'searchParams'>;

/** Shared by every plain path: nothing here writes to it. */
const NO_PARAMS = new URLSearchParams();
/** `/`, `/graphql`, `/metrics`: a path `new URL` leaves exactly as it is (no dot, escape, slash or query to normalize). */
const PLAIN_PATH = /^\/[a-z]*$/;

/** `new URL` costs about a microsecond a request: the API's own routes, asked without a query, skip it. */
export function requestTarget(raw = '/'): RequestTarget {
  return PLAIN_PATH.test(raw) ? { pathname: raw, search: '', searchParams: NO_PARAMS } : new URL(raw, 'http://localhost');
}
