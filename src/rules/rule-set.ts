/**
 * Rules are data: a versioned JSON rule set maps log records onto event kinds.
 * This module validates a rule file strictly and compiles it for the scanner.
 */
import { readFileSync } from 'node:fs';
import { isEventKind, LEVELS, type EventFields, type EventKind, type Level } from '../model/event.js';
import type { LogFormat } from '../model/source-info.js';
import defaultRules from './default-rules.json' with { type: 'json' };
import { longestSolidPiece, relaxPattern } from './blank-runs.js';

export type FieldConversion = 'int' | 'lower' | 'string';

export interface RuleSpec {
  id: string;
  kind: EventKind;
  formats: LogFormat[];
  /** A substring every matching record contains (a space in it: any run of spaces/tabs); feeds the fast prefilter. */
  literal?: string;
  /** Several substrings, any of which marks a candidate record. */
  literals?: string[];
  /** Only records of these levels. A rule with levels and no literal matches every such record. */
  levels?: Level[];
  /**
   * Applied to the record message (continuation lines included); named groups become fields.
   * A space in it matches any run of spaces/tabs, and `$` allows trailing ones (blank-runs.ts).
   */
  pattern?: string;
  flags?: string;
  /**
   * What the pattern reads: the message (default), or the whole record, header included —
   * for a rule that must know the logger (`[main:QuorumPeerMain@151] - Starting quorum peer`)
   * without making every line of that logger a candidate.
   */
  target?: 'message' | 'record';
  fields?: Record<string, FieldConversion>;
  /** Constant fields. */
  set?: EventFields;
  /** Which group is the peer address: defaults to the group named `peer`; `{a}:{b}` templates allowed. */
  peer?: string;
}

export interface RuleFile {
  name: string;
  version: number;
  description?: string;
  rules: RuleSpec[];
}

export class RuleFileError extends Error {}

const FORMATS: readonly LogFormat[] = ['glog', 'zookeeper', 'zk-client'];
const CONVERSIONS: readonly FieldConversion[] = ['int', 'lower', 'string'];
const RULE_KEYS = new Set(['id', 'kind', 'formats', 'literal', 'literals', 'levels', 'pattern', 'flags', 'target', 'fields', 'set', 'peer']);
/** The fast scanner verifies literals of up to this many bytes. */
export const MAX_LITERAL_BYTES = 64;

/** Validates an untrusted rule file; throws RuleFileError naming the rule and the problem. */
export function validateRuleFile(raw: unknown, origin: string): RuleFile {
  const fail = (msg: string): never => {
    throw new RuleFileError(`${origin}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null) fail('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (typeof o.name !== 'string') fail('"name" must be a string');
  if (typeof o.version !== 'number') fail('"version" must be a number');
  if (!Array.isArray(o.rules)) fail('"rules" must be an array');
  const ids = new Set<string>();
  const rules = (o.rules as unknown[]).map((r, i): RuleSpec => {
    const where = `rule #${i + 1}`;
    if (typeof r !== 'object' || r === null) fail(`${where} is not an object`);
    const rule = r as Record<string, unknown>;
    for (const k of Object.keys(rule)) if (!RULE_KEYS.has(k)) fail(`${where}: unknown key "${k}"`);
    if (typeof rule.id !== 'string' || rule.id === '') fail(`${where}: "id" must be a non-empty string`);
    const id = rule.id as string;
    if (ids.has(id)) fail(`rule "${id}" is defined twice`);
    ids.add(id);
    if (typeof rule.kind !== 'string' || !isEventKind(rule.kind)) fail(`rule "${id}": unknown kind "${String(rule.kind)}"`);
    if (!Array.isArray(rule.formats) || rule.formats.some((f) => !FORMATS.includes(f as LogFormat)))
      fail(`rule "${id}": "formats" must list some of ${FORMATS.join(', ')}`);
    if (rule.literal === undefined && rule.literals === undefined && rule.levels === undefined)
      fail(`rule "${id}": needs "literal", "literals" or "levels" (the fast scanner only looks at records that have one)`);
    const lits = [...(rule.literal !== undefined ? [rule.literal] : []), ...(Array.isArray(rule.literals) ? rule.literals : rule.literals === undefined ? [] : [null])];
    for (const l of lits) {
      if (typeof l !== 'string' || l.length < 2 || Buffer.byteLength(l, 'latin1') > MAX_LITERAL_BYTES || /[\n\u0100-\uffff]/.test(l))
        fail(`rule "${id}": literals must be strings of 2 to ${MAX_LITERAL_BYTES} single-byte characters without newlines`);
      // The fast scanner needs two neighbouring bytes that every matching line holds as written.
      if (longestSolidPiece(l as string).length < 2) fail(`rule "${id}": literal "${l as string}" needs two characters in a row that are not blanks`);
    }
    if (rule.pattern !== undefined) {
      if (typeof rule.pattern !== 'string') fail(`rule "${id}": "pattern" must be a string`);
      try {
        new RegExp(relaxPattern(rule.pattern as string), (rule.flags as string) ?? '');
      } catch (e) {
        fail(`rule "${id}": bad pattern: ${(e as Error).message}`);
      }
    }
    if (rule.levels !== undefined && (!Array.isArray(rule.levels) || rule.levels.some((l) => !LEVELS.includes(l as Level))))
      fail(`rule "${id}": "levels" must list some of I, W, E, F`);
    if (rule.fields !== undefined) {
      if (typeof rule.fields !== 'object' || rule.fields === null) fail(`rule "${id}": "fields" must be an object`);
      for (const [k, v] of Object.entries(rule.fields as object))
        if (!CONVERSIONS.includes(v as FieldConversion)) fail(`rule "${id}": field "${k}" has unknown conversion "${String(v)}"`);
    }
    if (rule.target !== undefined && rule.target !== 'message' && rule.target !== 'record') fail(`rule "${id}": "target" must be "message" or "record"`);
    return rule as unknown as RuleSpec;
  });
  return { name: o.name as string, version: o.version as number, description: o.description as string | undefined, rules };
}

export function loadDefaultRules(): RuleFile {
  return validateRuleFile(defaultRules, 'default rules');
}

/** Reads a user rule file and merges it over the defaults: same id replaces, new ids append. */
export function loadRules(extraFiles: readonly string[] = []): RuleFile {
  const base = loadDefaultRules();
  const byId = new Map(base.rules.map((r) => [r.id, r]));
  const names = [base.name + '@' + base.version];
  for (const file of extraFiles) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new RuleFileError(`${file}: cannot read rules: ${(e as Error).message}`);
    }
    const extra = validateRuleFile(raw, file);
    names.push(extra.name + '@' + extra.version);
    for (const r of extra.rules) byId.set(r.id, r);
  }
  return { name: names.join('+'), version: base.version, rules: [...byId.values()] };
}
