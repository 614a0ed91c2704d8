/**
 * A read of any size as keyset pages in the stores' event order (time, source, line,
 * kind): memory stays bounded by a page whatever the store holds, and a small first
 * page puts the first events out at once. Each page is also bounded in time, a window
 * sized from the last one's density: a store answers "the next N after K" by ranking
 * every later row (DuckDB: 1 s for 5 000 rows halfway through 10^7 on a loaded 2-core
 * box, 11 s for 20 000), but a time window it reads from the few row groups it overlaps.
 */
import type { TimelineEvent } from '../model/event.js';
import type { EventQuery, EventStore } from './event-store.js';

/** Page sizes in turn; the last repeats. */
export const EVENT_PAGE_SIZES: readonly number[] = [500, 5_000];
/** The first window, and the smallest. */
const FIRST_SPAN_US = 1_000_000;
/** A sparse window's successor is at most this many times longer. */
const MAX_GROWTH = 8;

export async function* eventPages(
  store: EventStore,
  q: EventQuery,
  sizes: readonly number[] = EVENT_PAGE_SIZES,
): AsyncGenerator<TimelineEvent[]> {
  let left = q.limit ?? Infinity;
  let after = q.after;
  const end = q.toUs ?? Infinity;
  // The first event (or the next one after a gap): where the next window starts.
  const next = async (fromUs: number | undefined): Promise<number | null> =>
    (await store.queryEvents({ ...q, fromUs, after, limit: 1, paged: true }))[0]?.tsUs ?? null;
  let lo = await next(q.fromUs);
  let span = FIRST_SPAN_US;
  for (let i = 0; left > 0 && lo !== null && lo < end; i++) {
    const size = Math.min(left, sizes[Math.min(i, sizes.length - 1)]!);
    const hi = Math.min(end, Math.max(lo, after?.tsUs ?? lo) + span);
    const page = await store.queryEvents({ ...q, fromUs: lo, toUs: hi, after, limit: size, paged: true });
    if (page.length) yield page;
    left -= page.length;
    if (page.length === size) {
      const last = page[page.length - 1]!;
      after = { tsUs: last.tsUs, source: last.source, line: last.line, kind: last.kind };
      span = Math.max(FIRST_SPAN_US, span / 2);
      continue;
    }
    // The window is exhausted: the next one starts at its end, or at the next event after a gap.
    lo = page.length ? hi : hi >= end ? null : await next(hi);
    span = page.length ? span * Math.min(MAX_GROWTH, size / page.length) : FIRST_SPAN_US;
  }
}
