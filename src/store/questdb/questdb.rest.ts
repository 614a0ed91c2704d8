/** QuestDB's REST API (`/exec`): DDL, UPDATE and reads, with the client config's address and credentials. */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { QuestDbConfig } from './questdb.config.js';
import { StoreUnavailableError } from '../store-unavailable.js';

/** The REST side honours the client config's TLS options (a private CA, verification off). */
const agents = new WeakMap<QuestDbConfig, Agent>();
function agentFor(cfg: QuestDbConfig): Agent | undefined {
  if (cfg.tlsVerify && !cfg.tlsCa) return undefined;
  let a = agents.get(cfg);
  if (!a)
    agents.set(
      cfg,
      (a = new Agent({ connect: { ca: cfg.tlsCa ? readFileSync(cfg.tlsCa) : undefined, rejectUnauthorized: cfg.tlsVerify } })),
    );
  return a;
}

/**
 * A GET with the config's credentials and TLS options, its body read whole; a server that
 * cannot be reached, or does not answer within `timeoutMs`, is a StoreUnavailableError.
 * (undici's `request`, not `fetch`: fetch refuses the ports the Fetch standard calls
 * unsafe without trying them, and would call a server on one of them unreachable.)
 */
export async function questDbGet(
  cfg: QuestDbConfig,
  path: string,
  timeoutMs: number,
): Promise<{ ok: boolean; status: number; text: string }> {
  try {
    const res = await request(`${cfg.httpBase}${path}`, {
      headers: cfg.authorization ? { Authorization: cfg.authorization } : {},
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: agentFor(cfg),
    });
    return { ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode, text: await res.body.text() };
  } catch (e) {
    throw unreachable(cfg, e, timeoutMs);
  }
}

export interface ExecResult {
  columns: { name: string; type: string }[];
  dataset: unknown[][];
  count: number;
}

/** Per request: QuestDB answers window queries in milliseconds; this only catches a hung server. */
export const REST_TIMEOUT_MS = 60_000;

/** Statuses a proxy or a server starting up answers with: the server is away, not refusing the statement. */
const AWAY_STATUSES = new Set([502, 503, 504]);

export async function exec(cfg: QuestDbConfig, sql: string, timeoutMs = REST_TIMEOUT_MS): Promise<ExecResult> {
  const res = await questDbGet(cfg, `/exec?query=${encodeURIComponent(sql)}`, timeoutMs);
  const text = res.text;
  if (AWAY_STATUSES.has(res.status))
    throw new StoreUnavailableError(`QuestDB at ${cfg.httpBase} answered HTTP ${res.status}`, `HTTP ${res.status}`);
  let body: { error?: string; columns?: ExecResult['columns']; dataset?: unknown[][]; count?: number; ddl?: string };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`QuestDB at ${cfg.httpBase} answered ${res.status} with no JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok || body.error) {
    if (res.status === 401 || res.status === 403) throw new Error(`QuestDB at ${cfg.httpBase} refused the credentials (${res.status})`);
    throw new Error(`QuestDB: ${body.error ?? res.status} — in: ${sql.slice(0, 300)}`);
  }
  return { columns: body.columns ?? [], dataset: body.dataset ?? [], count: body.count ?? 0 };
}

/** A failed request as a StoreUnavailableError naming the failure briefly (`ECONNREFUSED`, `no answer within 5 s`). */
function unreachable(cfg: QuestDbConfig, e: unknown, timeoutMs: number): StoreUnavailableError {
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError' || err.code === 'UND_ERR_ABORTED';
  const reason = timedOut ? `no answer within ${timeoutMs / 1000} s` : (err.code ?? err.cause?.code ?? err.cause?.message ?? err.message);
  return new StoreUnavailableError(`QuestDB at ${cfg.httpBase} unreachable: ${reason}`, reason);
}

/** A string literal for QuestDB SQL: single quotes doubled (REST takes no bind parameters). */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A timestamp literal from UTC µs: QuestDB reads a bare number as µs since the epoch. */
export function tsLit(us: number): string {
  return `CAST(${Math.round(us)} AS TIMESTAMP)`;
}
