/**
 * Every limit that keeps one client from taking the server down, with its default, in
 * one place: `serve` flags override them; tests and the load bench read them.
 */
export interface ApiLimits {
  /** Estimated cost of one operation (fields × the list sizes their `first` allows). */
  maxCost: number;
  /** Tokens of one document: the parser stops past it, before any other check reads the document. */
  maxTokens: number;
  /** Nesting of selection sets, fragments followed. */
  maxDepth: number;
  /** Aliased fields in one document: each alias is another execution of its field. */
  maxAliases: number;
  /** Bytes of the `data` of one response, counted before it is serialised. */
  maxResponseBytes: number;
  /** Wall time of one operation; past it the answer is a TIMEOUT error. */
  timeoutMs: number;
  /** node:http: whole request head received within this. */
  headersTimeoutMs: number;
  /** node:http: whole request (head and body) received within this. */
  requestTimeoutMs: number;
  /** Our own deadline for reading a /graphql body, answered with 408. */
  bodyTimeoutMs: number;
  /** node:http: an idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections at once; more are closed on accept. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: Readonly<ApiLimits> = Object.freeze({
  maxCost: 100_000,
  maxTokens: 5_000,
  maxDepth: 8,
  maxAliases: 10,
  maxResponseBytes: 16 * 1024 * 1024,
  timeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 4_096,
});

/** Page sizes of bounded lists: what `first` is when omitted, and the most it may be. */
export const LIST_PAGE = Object.freeze({ default: 100, max: 1000 });
export const EVIDENCE_PAGE = Object.freeze({ default: 20, max: 1000 });

/** The flag that sets each limit on `serve` (kebab-case of the field). */
export const LIMIT_FLAGS = Object.keys(DEFAULT_LIMITS).map((k) => ({
  key: k as keyof ApiLimits,
  flag: k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
}));

/** Limits from `serve` flag values (strings); a value that is not a positive integer is refused. */
export function limitsFromFlags(values: Record<string, string | undefined>): { limits: ApiLimits; error?: string } {
  const limits: ApiLimits = { ...DEFAULT_LIMITS };
  for (const { key, flag } of LIMIT_FLAGS) {
    const v = values[flag];
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) return { limits, error: `--${flag} must be a positive integer, got "${v}"` };
    limits[key] = n;
  }
  return { limits };
}
