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
import { assertionFileSchema, ASSERTION_TYPES, assertionFileProblem, type AssertionType } from './assertion-file.schema.js';

export { ASSERTION_TYPES, type AssertionType };

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

/** Validates an untrusted assertion file (assertion-file.schema.ts); throws CheckRulesError naming the assertion and the problem. */
export function parseCheckRules(raw: unknown, origin: string): Assertion[] {
  const fail = (m: string): never => {
    throw new CheckRulesError(`${origin}: ${m}`);
  };
  const parsed = assertionFileSchema().safeParse(raw);
  if (!parsed.success) return fail(assertionFileProblem(parsed.error));
  const ids = new Set<string>();
  return parsed.data.assertions.map((r, i) => {
    let window: Assertion['window'] = null;
    if (r.window !== undefined) {
      const from = parseIsoToUs(r.window.from);
      const to = parseIsoToUs(r.window.to);
      if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from))
        fail(`assertion #${i + 1}: "window" needs ISO-8601 "from" before "to"`);
      window = { fromUs: from, toUs: to };
    }
    const a = {
      type: r.type,
      severity: r.severity ?? 'fail',
      nodes: r.nodes ?? [],
      services: r.services ?? [],
      window,
      seconds: r.seconds,
      count: r.count,
      per: r.per ?? (r.type === 'max_service_restarts' ? 'node_service' : undefined),
    };
    let id = r.id ? r.id : r.type;
    for (let n = 2; ids.has(id); n++) id = `${r.id ?? r.type}-${n}`;
    ids.add(id);
    return { ...a, id, description: r.description ?? describe(a) };
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
