/** QuestDB's REST API (`/exec`): DDL, UPDATE and reads, with the client config's address and credentials. */
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import type { QuestDbConfig } from './questdb.config.js';

/** The REST side honours the client config's TLS options (a private CA, verification off). */
const agents = new WeakMap<QuestDbConfig, Agent>();
function agentFor(cfg: QuestDbConfig): Agent | undefined {
  if (cfg.tlsVerify && !cfg.tlsCa) return undefined;
  let a = agents.get(cfg);
  if (!a) agents.set(cfg, (a = new Agent({ connect: { ca: cfg.tlsCa ? readFileSync(cfg.tlsCa) : undefined, rejectUnauthorized: cfg.tlsVerify } })));
  return a;
}

/** fetch with the config's credentials and TLS options. */
export async function questDbFetch(cfg: QuestDbConfig, path: string, timeoutMs: number): Promise<{ ok: boolean; status: number; text(): Promise<string> }> {
  return undiciFetch(`${cfg.httpBase}${path}`, {
    headers: cfg.authorization ? { Authorization: cfg.authorization } : {},
    signal: AbortSignal.timeout(timeoutMs),
    dispatcher: agentFor(cfg),
  });
}

/** A store that cannot be reached (as opposed to one that refused a statement): callers may retry. */
export class StoreUnavailableError extends Error {}

export interface ExecResult {
  columns: { name: string; type: string }[];
  dataset: unknown[][];
  count: number;
}

/** Per request: QuestDB answers window queries in milliseconds; this only catches a hung server. */
export const REST_TIMEOUT_MS = 60_000;

export async function exec(cfg: QuestDbConfig, sql: string): Promise<ExecResult> {
  let res: Awaited<ReturnType<typeof questDbFetch>>;
  try {
    res = await questDbFetch(cfg, `/exec?query=${encodeURIComponent(sql)}`, REST_TIMEOUT_MS);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new StoreUnavailableError(`QuestDB at ${cfg.httpBase} unreachable: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
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

/** A string literal for QuestDB SQL: single quotes doubled (REST takes no bind parameters). */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A timestamp literal from UTC µs: QuestDB reads a bare number as µs since the epoch. */
export function tsLit(us: number): string {
  return `CAST(${Math.round(us)} AS TIMESTAMP)`;
}
