/**
 * The assertions `check` evaluates: a small documented file (YAML or JSON), parsed
 * once, strictly, into typed objects; defaults when none is given.
 *
 *   version: 1
 *   assertions:
 *     - type: no_node_outage
 *     - type: max_link_down_seconds
 *       seconds: 30
 *       severity: warn
 *       nodes: [172.17.57.24]
 *       window: { from: "2022-08-18T00:00:00+08:00", to: "2022-08-19T00:00:00+08:00" }
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseIsoToUs } from '../time/zone.js';

export const ASSERTION_TYPES = [
  'no_node_outage',
  'no_service_crash',
  'no_service_restart',
  'max_service_restarts',
  'max_link_down_seconds',
  'max_link_downs',
  'max_zk_elections',
  'no_meta_leader_change',
  'no_clock_skew',
] as const;
export type AssertionType = (typeof ASSERTION_TYPES)[number];

export interface Assertion {
  id: string;
  type: AssertionType;
  severity: 'fail' | 'warn';
  /** Only these nodes / services (any known node name); empty = all. */
  nodes: string[];
  services: string[];
  window: { fromUs: number; toUs: number } | null;
  /** max_link_down_seconds */
  seconds?: number;
  /** max_zk_elections, max_service_restarts, max_link_downs (per link) */
  count?: number;
  /** max_service_restarts: counted per node, per service, or per (node, service). */
  per?: 'node' | 'service' | 'node_service';
  description: string;
}

export class CheckRulesError extends Error {}

/** Used when no rules file is given. */
export const DEFAULT_ASSERTIONS_SOURCE = {
  version: 1,
  assertions: [
    { type: 'no_node_outage' },
    { type: 'no_service_crash' },
    { type: 'no_service_restart' },
    { type: 'max_link_down_seconds', seconds: 30 },
    { type: 'max_link_downs', count: 1 },
    { type: 'max_zk_elections', count: 0 },
    { type: 'no_meta_leader_change' },
    { type: 'no_clock_skew' },
  ],
};

const KEYS = new Set(['id', 'type', 'severity', 'nodes', 'services', 'window', 'seconds', 'count', 'per', 'description']);

export function describe(a: Omit<Assertion, 'description' | 'id'>): string {
  switch (a.type) {
    case 'no_node_outage':
      return 'no node outage';
    case 'no_service_crash':
      return 'no service crash';
    case 'no_service_restart':
      return 'no service restart';
    case 'max_service_restarts':
      return `at most ${a.count} service restart(s) per ${(a.per ?? 'node_service').replace('_', ' and ')}`;
    case 'max_link_down_seconds':
      return `no peer link down longer than ${a.seconds} s`;
    case 'max_link_downs':
      return `no peer link down more than ${a.count === 1 ? 'once' : `${a.count} times`} (flapping)`;
    case 'max_zk_elections':
      return `at most ${a.count} ZooKeeper election(s)`;
    case 'no_meta_leader_change':
      return 'no meta leader change';
    case 'no_clock_skew':
      return 'no node clock off from its peers';
  }
}

export function parseCheckRules(raw: unknown, origin: string): Assertion[] {
  const fail = (m: string): never => {
    throw new CheckRulesError(`${origin}: ${m}`);
  };
  if (typeof raw !== 'object' || raw === null) fail('not an object with "version" and "assertions"');
  const o = raw as Record<string, unknown>;
  if (o.version !== 1) fail(`"version" must be 1`);
  if (!Array.isArray(o.assertions) || o.assertions.length === 0) fail('"assertions" must be a non-empty list');
  const ids = new Set<string>();
  return (o.assertions as unknown[]).map((x, i) => {
    const where = `assertion #${i + 1}`;
    if (typeof x !== 'object' || x === null) fail(`${where} is not an object`);
    const r = x as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!KEYS.has(k)) fail(`${where}: unknown key "${k}"`);
    if (!ASSERTION_TYPES.includes(r.type as AssertionType)) fail(`${where}: "type" must be one of ${ASSERTION_TYPES.join(', ')}`);
    const type = r.type as AssertionType;
    const severity = r.severity ?? 'fail';
    if (severity !== 'fail' && severity !== 'warn') fail(`${where}: "severity" must be fail or warn`);
    const list = (k: 'nodes' | 'services'): string[] => {
      const v = r[k] ?? [];
      if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(`${where}: "${k}" must be a list of strings`);
      return v as string[];
    };
    const num = (k: 'seconds' | 'count', required: boolean): number | undefined => {
      const v = r[k];
      if (v === undefined) {
        if (required) fail(`${where}: ${type} needs "${k}"`);
        return undefined;
      }
      if (typeof v !== 'number' || !(v >= 0)) fail(`${where}: "${k}" must be a number ≥ 0`);
      return v as number;
    };
    let window: Assertion['window'] = null;
    if (r.window !== undefined) {
      const w = r.window as Record<string, unknown>;
      const from = parseIsoToUs(String(w?.from ?? ''));
      const to = parseIsoToUs(String(w?.to ?? ''));
      if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from)) fail(`${where}: "window" needs ISO-8601 "from" before "to"`);
      window = { fromUs: from, toUs: to };
    }
    const per = r.per ?? (type === 'max_service_restarts' ? 'node_service' : undefined);
    if (per !== undefined && per !== 'node' && per !== 'service' && per !== 'node_service') fail(`${where}: "per" must be node, service or node_service`);
    const a = {
      type,
      severity: severity as 'fail' | 'warn',
      nodes: list('nodes'),
      services: list('services'),
      window,
      seconds: num('seconds', type === 'max_link_down_seconds'),
      count: num('count', type === 'max_zk_elections' || type === 'max_service_restarts' || type === 'max_link_downs'),
      per: per as Assertion['per'],
    };
    let id = typeof r.id === 'string' && r.id ? r.id : type;
    for (let n = 2; ids.has(id); n++) id = `${typeof r.id === 'string' ? r.id : type}-${n}`;
    ids.add(id);
    return { ...a, id, description: typeof r.description === 'string' ? r.description : describe(a) };
  });
}

export function loadCheckRules(file: string | undefined): Assertion[] {
  if (file === undefined) return parseCheckRules(DEFAULT_ASSERTIONS_SOURCE, 'default assertions');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CheckRulesError(`${file}: cannot read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CheckRulesError(`${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  return parseCheckRules(raw, file);
}

/** Whether a rules file holds assertions (for `check`) rather than event rules: the old meaning of `check --rules`. */
export function isAssertionFile(file: string): boolean {
  try {
    const raw: unknown = parseYaml(readFileSync(file, 'utf8'));
    return typeof raw === 'object' && raw !== null && 'assertions' in raw;
  } catch {
    return false;
  }
}
