/**
 * Whitespace tolerance for rules: real builds pad messages with double spaces, tabs and
 * trailing blanks (`I am the leader now.  seq is 494`). A space in a rule's literal or
 * pattern stands for a run of one or more spaces/tabs; a `$` allows trailing blanks.
 * Applied once, when rules are compiled, so user rules get it too.
 */

/** A literal with each run of spaces/tabs as one space: the form the matcher and both finders take. */
export function normalizeLiteral(literal: string): string {
  return literal.replace(/[ \t]+/g, ' ');
}

/** Regex source for a normalized literal: its text exact, each space a run of blanks. */
export function literalSource(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\t]+');
}

const QUANTIFIER_START = new Set(['?', '*', '+', '{']);

/**
 * Rewrites a rule pattern's source: outside character classes a run of spaces becomes
 * `[ \t]+` (grouped when a quantifier follows) and `$` becomes `[ \t]*$`; a class that
 * holds a space also takes (or, negated, also refuses) a tab. Escapes (`\ `, `\$`,
 * `\s`) are kept as written.
 */
export function relaxPattern(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const end = classEnd(source, i);
      out += relaxClass(source.slice(i, end));
      i = end - 1;
    } else if (c === ' ') {
      while (source[i + 1] === ' ') i++;
      out += QUANTIFIER_START.has(source[i + 1] ?? '') ? '(?:[ \\t]+)' : '[ \\t]+';
    } else {
      out += c === '$' ? '[ \\t]*$' : c;
    }
  }
  return out;
}

/** Index just past the `]` closing the class that opens at `start` (escapes skipped). */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, source.length);
}

/** A class with a literal space: a tab joins it (wrapped, so that ranges such as `[ -~]` keep their meaning). */
function relaxClass(cls: string): string {
  let hasSpace = false;
  for (let i = 1; i < cls.length; i++) {
    if (cls[i] === '\\') i++;
    else if (cls[i] === ' ') hasSpace = true;
  }
  if (!hasSpace) return cls;
  return cls.startsWith('[^') ? `(?:(?!\\t)${cls})` : `(?:${cls}|\\t)`;
}

/** The longest piece of a literal without blanks: what must appear byte for byte in a matching line. */
export function longestSolidPiece(literal: string): string {
  return literal.split(/[ \t]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
}
