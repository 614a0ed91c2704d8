/**
 * How deep a request's JSON nests, measured without recursion. JSON.parse reads any depth,
 * but every walk after it (canonicalJson, Apollo, graphql-js) recurses: a body of 400 000
 * nested `[` overflowed the stack there (HTTP 500) until the handler refused it first.
 */

/** Deepest nesting accepted in a request's variables and extensions; real requests use a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/** The request fields named in a refusal, in the order they are checked. */
const FIELDS = ['variables', 'extensions', 'operationName', 'query'] as const;

/**
 * Whether `v` nests arrays and objects more than `max` levels deep: a scalar is 0 levels,
 * `[]` and `{"a":1}` are 1, `{"a":[1]}` is 2. Stops at the first container past `max`.
 */
export function jsonDeeperThan(v: unknown, max: number): boolean {
  const values: unknown[] = [v];
  const depths: number[] = [0];
  while (values.length) {
    const x = values.pop();
    const d = depths.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d + 1 > max) return true;
    for (const c of Array.isArray(x) ? x : Object.values(x)) {
      if (c !== null && typeof c === 'object') {
        values.push(c);
        depths.push(d + 1);
      }
    }
  }
  return false;
}

/**
 * Why a parsed request body nests too deeply (`variables nested deeper than 64 levels`), or
 * null when it does not. The body's own object is one level more than its fields.
 */
export function tooDeep(body: unknown, max = MAX_JSON_DEPTH): string | null {
  if (!jsonDeeperThan(body, max + 1)) return null;
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const field = FIELDS.find((f) => jsonDeeperThan(fields[f], max)) ?? 'the request body';
  return `${field} nested deeper than ${max} levels`;
}
