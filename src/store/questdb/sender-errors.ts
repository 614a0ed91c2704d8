/**
 * Which failures of an ILP write mean "the server is away" (send the rows again later)
 * rather than "the server refused them". The statuses are those the official client
 * itself treats as transient, plus 502 from a proxy in front of a stopped server.
 */
const AWAY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const AWAY_STATUSES = new Set([500, 502, 503, 504, 507, 509, 523, 524, 529, 599]);

/** The client's messages for a request that got no answer, and for a status it did get. */
const NO_ANSWER = /^HTTP request timeout|socket hang up/;
const STATUS = /^HTTP request failed, statusCode=(?<status>\d{3})/;

/** A short reason (`ECONNREFUSED`, `HTTP 503`, `no answer`) when `e` means the server is away; null when it refused the write. */
export function awayReason(e: unknown): string | null {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : null;
  if (code && AWAY_CODES.has(code)) return code;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (NO_ANSWER.test(message)) return 'no answer';
  const status = STATUS.exec(message)?.groups?.status;
  if (status && AWAY_STATUSES.has(Number(status))) return `HTTP ${status}`;
  return null;
}
