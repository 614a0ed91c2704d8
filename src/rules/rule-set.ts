/**
 * Rules are data: a versioned JSON rule set maps log records onto event kinds.
 * This module validates a rule file strictly and compiles it for the scanner.
 */
import { readFileSync } from 'node:fs';
import { type EventFields, type EventKind, type Level } from '../model/event.js';
import type { LogFormat } from '../model/source-info.js';
import defaultRules from './default-rules.json' with { type: 'json' };
import { MAX_LITERAL_BYTES, ruleFileSchema, ruleFileProblem } from './rule-file.schema.js';

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

export { MAX_LITERAL_BYTES };

/** Validates an untrusted rule file (rule-file.schema.ts); throws RuleFileError naming the rule and the problem. */
export function validateRuleFile(raw: unknown, origin: string): RuleFile {
  const r = ruleFileSchema().safeParse(raw);
  if (!r.success) throw new RuleFileError(`${origin}: ${ruleFileProblem(raw, r.error)}`);
  return r.data;
}

/** The shipped rules: held to the schema by rule-set.test.ts, not on every start (loading zod costs more than the rest of this module). */
export function loadDefaultRules(): RuleFile {
  return defaultRules as unknown as RuleFile;
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
