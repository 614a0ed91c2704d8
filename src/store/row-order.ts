/**
 * DuckDB's `ORDER BY ts, source, line, kind`, in JS: sorting the decoded events here
 * is cheaper than DuckDB sorting the rows' text along with its keys. VARCHARs compare
 * by their UTF-8 bytes, which is code point order; JS `<` compares UTF-16 code units,
 * which differs for characters above U+FFFF against U+E000–U+FFFF.
 */
import type { TimelineEvent } from '../model/event.js';

type SortKey = Pick<TimelineEvent, 'tsUs' | 'source' | 'line' | 'kind'>;

export function compareRows(a: SortKey, b: SortKey): number {
  return a.tsUs - b.tsUs || compareUtf8(a.source, b.source) || a.line - b.line || compareUtf8(a.kind, b.kind);
}

/** Byte order of the strings' UTF-8 encodings. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (the halves of code points above U+FFFF) rank after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;
}
