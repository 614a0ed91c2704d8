/**
 * Compiled rules for one log format: a single prefilter regex that finds candidate
 * records in a block of text, and the per-rule patterns that turn a record into events.
 */
import type { EventFields, EventKind, Level } from '../model/event.js';
import type { LogFormat } from '../model/source-info.js';
import type { FieldConversion, RuleFile, RuleSpec } from './rule-set.js';
import { literalSource, normalizeLiteral, relaxPattern } from './blank-runs.js';

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
  /** The pattern's named groups, read by name (cheaper than walking the groups object). */
  groupNames: string[];
  levels: Set<Level> | null;
  peer: (groups: Record<string, string | undefined>) => string | null;
}

export interface FormatMatcher {
  format: LogFormat;
  /**
   * Every literal of every rule, blank runs normalized to one space, which stands for a
   * run of one or more spaces/tabs (see blank-runs.ts): a record containing none of them
   * (and not of a level in `levels`) yields nothing.
   */
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

/** The regex source of a literal, as the prefilters search it (the JS finder, rg in the benchmark). */
export { literalSource } from './blank-runs.js';

export function compileMatcher(rules: RuleFile, format: LogFormat): FormatMatcher {
  const compiled: CompiledRule[] = rules.rules
    .filter((r) => r.formats.includes(format))
    .map((spec) => ({
      spec,
      literals: [...(spec.literal !== undefined ? [spec.literal] : []), ...(spec.literals ?? [])].map(normalizeLiteral),
      pattern: spec.pattern ? new RegExp(relaxPattern(spec.pattern), spec.flags ?? '') : null,
      groupNames: spec.pattern ? [...spec.pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!).filter((n) => n !== 'peer') : [],
      levels: spec.levels ? new Set(spec.levels) : null,
      peer: compilePeer(spec.peer),
    }));
  const literals = [...new Set(compiled.flatMap((c) => c.literals))];
  // One pass over the record finds which literals it holds; only their rules run.
  const literalRe = literals.length ? new RegExp(literals.map(literalSource).join('|'), 'g') : null;
  // Rules by literal (as rule indices), and the rules that need no literal: a record with
  // one literal then costs one short list, not a walk over every rule.
  const rulesOf = new Map<string, number[]>(literals.map((l) => [l, compiled.flatMap((c, i) => (c.literals.includes(l) ? [i] : []))]));
  const literalFree = compiled.flatMap((c, i) => (c.literals.length === 0 ? [i] : []));
  // Rules chosen for the record at hand, as marks by rule index: walking the marks in
  // index order keeps rule order (which decides conflicts) without a sort per record.
  const chosen = new Uint8Array(compiled.length);
  const levels = [...new Set(compiled.filter((c) => c.literals.length === 0).flatMap((c) => c.spec.levels ?? []))];

  return {
    format,
    literals,
    levels,
    // eslint-disable-next-line no-control-regex -- ASCII is exactly \x00-\x7f
    asciiLiterals: literals.every((l) => /^[\x00-\x7f]*$/.test(l)),
    match(level, message, recordText) {
      const out: RuleMatch[] = [];
      let any = false;
      for (const i of literalFree) {
        const lv = compiled[i]!.levels;
        if (!lv || lv.has(level)) {
          chosen[i] = 1;
          any = true;
        }
      }
      if (literalRe) {
        literalRe.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = literalRe.exec(recordText)) !== null) {
          // The text found is the literal itself unless its blanks differ from the rule's.
          for (const i of rulesOf.get(m[0]) ?? rulesOf.get(normalizeLiteral(m[0]))!) chosen[i] = 1;
          any = true;
          literalRe.lastIndex = m.index + 1; // literals may overlap
        }
      }
      if (!any) return out;
      for (let i = 0; i < chosen.length; i++) {
        if (!chosen[i]) continue;
        chosen[i] = 0;
        const c = compiled[i]!;
        if (c.levels && !c.levels.has(level)) continue;
        let groups: Record<string, string | undefined> = {};
        if (c.pattern) {
          const m = c.pattern.exec(c.spec.target === 'record' ? recordText : message);
          if (!m) continue;
          groups = m.groups ?? {};
        }
        const fields: EventFields = c.spec.set ? { ...c.spec.set } : {};
        for (const name of c.groupNames) {
          const value = groups[name];
          if (value !== undefined) fields[name] = convert(value, c.spec.fields?.[name] ?? 'string');
        }
        const peer = c.peer(groups);
        const same = out.length ? out.find((o) => o.kind === c.spec.kind) : undefined;
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
      return value.trim().toLowerCase();
    default:
      return value.trim(); // a pattern that tolerates blanks may take the message's trailing ones
  }
}

/** The peer template (`{host}:{port}`) compiled once: parts alternate text, group name, text… */
function compilePeer(template: string | undefined): (groups: Record<string, string | undefined>) => string | null {
  if (template === undefined) return (g) => g.peer ?? null;
  const parts = template.split(/\{(\w+)\}/);
  return (g) => {
    let s = parts[0]!;
    for (let k = 1; k < parts.length; k += 2) {
      const v = g[parts[k]!];
      if (v === undefined) return null;
      s += v + parts[k + 1]!;
    }
    return s;
  };
}
