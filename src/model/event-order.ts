/**
 * The one order of events, everywhere: time, then source, line and kind, strings by
 * their UTF-8 bytes (code point order). SQL stores sort VARCHARs that way (DuckDB) and
 * the keyset cursor of a page is a position in this order, so JS sorts, merges and
 * cursor checks must use it too: JS `<` on strings compares UTF-16 code units, which
 * differs for characters above U+FFFF against U+E000–U+FFFF.
 */
import { bitsFor, tagsByTime } from './time-key-sort.js';

/** What places an event in the order, and what a page's cursor holds (every TimelineEvent is one). */
export interface EventKey {
  tsUs: number;
  source: string;
  line: number;
  kind: string;
}

/** The key's fields in order, as the stores name their columns (see store/event-order.sql.ts). */
export const EVENT_ORDER_FIELDS = ['tsUs', 'source', 'line', 'kind'] as const satisfies readonly (keyof EventKey)[];

/** An event's key alone (what a cursor holds). */
export function keyOf(e: EventKey): EventKey {
  return { tsUs: e.tsUs, source: e.source, line: e.line, kind: e.kind };
}

export function compareEvents(a: EventKey, b: EventKey): number {
  return a.tsUs - b.tsUs || compareUtf8(a.source, b.source) || a.line - b.line || compareUtf8(a.kind, b.kind);
}

/**
 * `events` in this order, sorted natively by time (tagsByTime, the position as the tag),
 * with compareEvents only among events of one microsecond. A comparator sort of a week's
 * 21 500 key events made ~170 000 JS calls: 5–7 ms of a cold answer. Where the times do
 * not fit tagsByTime, the comparator sorts all. Returns a new array.
 */
export function sortEvents<E extends EventKey>(events: readonly E[]): E[] {
  const n = events.length;
  const times = new Float64Array(n);
  const positions = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = events[i]!.tsUs;
    positions[i] = i;
  }
  const order = n < 2 ? null : tagsByTime(times, positions, bitsFor(n));
  if (!order) return [...events].sort(compareEvents);
  const out = new Array<E>(n);
  for (let i = 0; i < n; i++) out[i] = events[order[i]!]!;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && out[j]!.tsUs === out[i]!.tsUs) j++;
    if (j - i > 1) out.splice(i, j - i, ...out.slice(i, j).sort(compareEvents));
    i = j;
  }
  return out;
}

/** The keyset cursor: true when `e` sorts strictly after `cursor`. */
export function isAfter(e: EventKey, cursor: EventKey): boolean {
  return compareEvents(e, cursor) > 0;
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

/**
 * Merges two lists in this order (on equal keys, `a`'s first); with a limit, keeps the
 * first `limit`. Each of `b`'s events finds its place in `a` by binary search, and `a`'s
 * runs in between are copied: a week's read (21 600 events) merged with its ~160
 * instance starts made a comparator call per event.
 */
export function mergeEvents<E extends EventKey>(a: E[], b: E[], limit?: number): E[] {
  if (!b.length) return a;
  const max = Math.min(limit ?? Infinity, a.length + b.length);
  const out: E[] = [];
  let i = 0;
  for (let j = 0; j < b.length && out.length < max; j++) {
    const end = firstAfter(a, b[j]!, i);
    while (i < end && out.length < max) out.push(a[i++]!);
    if (out.length < max) out.push(b[j]!);
  }
  while (i < a.length && out.length < max) out.push(a[i++]!);
  return out;
}

/** In a list in this order, the first index at or after `from` whose event sorts after `e` (binary search; a.length if none). */
export function firstAfter(a: readonly EventKey[], e: EventKey, from = 0): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(a[mid]!, e) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
