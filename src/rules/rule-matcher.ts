/**
 * Compiled rules for one log format: a single prefilter regex that finds candidate
 * records in a block of text, and the per-rule patterns that turn a record into events.
 */
import type { EventFields, EventKind, Level } from '../model/event.js';
import type { LogFormat } from '../model/source-info.js';
import type { FieldConversion, RuleFile, RuleSpec } from './rule-set.js';

export interface RuleMatch {
  kind: EventKind;
  ruleId: string;
  peer: string | null;
  fields: EventFields;
}

interface CompiledRule {
  spec: RuleSpec;
  literals: string[];
  pattern: RegExp | null;
  levels: Set<Level> | null;
}

export interface FormatMatcher {
  format: LogFormat;
  /** Every literal of every rule: a record containing none of them (and not of a level in `levels`) yields nothing. */
  literals: string[];
  /** Levels that make every record of that level a candidate (e.g. F). */
  levels: Level[];
  /** Every literal is ASCII, so it matches decoded UTF-8 text byte for byte. */
  asciiLiterals: boolean;
  /**
   * Every event the record yields, one per kind (rules of one kind merge their fields).
   * Literals are checked against `recordText` (header included), patterns against `message`.
   */
  match(level: Level, message: string, recordText: string): RuleMatch[];
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileMatcher(rules: RuleFile, format: LogFormat): FormatMatcher {
  const compiled: CompiledRule[] = rules.rules
    .filter((r) => r.formats.includes(format))
    .map((spec) => ({
      spec,
      literals: [...(spec.literal !== undefined ? [spec.literal] : []), ...(spec.literals ?? [])],
      pattern: spec.pattern ? new RegExp(spec.pattern, spec.flags ?? '') : null,
      levels: spec.levels ? new Set(spec.levels) : null,
    }));
  const literals = [...new Set(compiled.flatMap((c) => c.literals))];
  // One pass over the record finds which literals it holds; only their rules run.
  const literalRe = literals.length ? new RegExp(literals.map(escapeRegExp).join('|'), 'g') : null;
  const present = new Set<string>();
  const levels = [...new Set(compiled.filter((c) => c.literals.length === 0).flatMap((c) => c.spec.levels ?? []))];

  return {
    format,
    literals,
    levels,
    // eslint-disable-next-line no-control-regex -- ASCII is exactly \x00-\x7f
    asciiLiterals: literals.every((l) => /^[\x00-\x7f]*$/.test(l)),
    match(level, message, recordText) {
      const out: RuleMatch[] = [];
      present.clear();
      if (literalRe) {
        literalRe.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = literalRe.exec(recordText)) !== null) {
          present.add(m[0]);
          literalRe.lastIndex = m.index + 1; // literals may overlap
        }
      }
      for (const c of compiled) {
        if (c.levels && !c.levels.has(level)) continue;
        if (c.literals.length && !c.literals.some((l) => present.has(l))) continue;
        let groups: Record<string, string | undefined> = {};
        if (c.pattern) {
          const m = c.pattern.exec(message);
          if (!m) continue;
          groups = m.groups ?? {};
        }
        const fields: EventFields = { ...(c.spec.set ?? {}) };
        for (const [name, value] of Object.entries(groups)) {
          if (value === undefined || name === 'peer') continue;
          fields[name] = convert(value, c.spec.fields?.[name] ?? 'string');
        }
        const peer = resolvePeer(c.spec.peer, groups);
        const same = out.find((o) => o.kind === c.spec.kind);
        if (same) {
          // Several rules of one kind on one record (an F line that also says `Check
          // failed` and carries an abort dump) are one event; earlier rules win conflicts.
          for (const [k, v] of Object.entries(fields)) if (!(k in same.fields)) same.fields[k] = v;
          same.peer ??= peer;
        } else {
          out.push({ kind: c.spec.kind, ruleId: c.spec.id, peer, fields });
        }
      }
      return out;
    },
  };
}

function convert(value: string, how: FieldConversion): string | number {
  switch (how) {
    case 'int': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    }
    case 'lower':
      return value.toLowerCase();
    default:
      return value;
  }
}

function resolvePeer(template: string | undefined, groups: Record<string, string | undefined>): string | null {
  if (template === undefined) return groups.peer ?? null;
  let missing = false;
  const s = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = groups[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : s;
}
