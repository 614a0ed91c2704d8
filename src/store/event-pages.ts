/**
 * A read of any size as keyset pages in the stores' event order (time, source, line,
 * kind): memory stays bounded by a page whatever the store holds, and a small first
 * page puts the first events out at once.
 */
import type { TimelineEvent } from '../model/event.js';
import type { EventQuery, EventStore } from './event-store.js';

/** Page sizes in turn; the last repeats. Later pages are larger: fewer queries for a long dump. */
export const EVENT_PAGE_SIZES: readonly number[] = [500, 5_000, 20_000];

export async function* eventPages(store: EventStore, q: EventQuery, sizes: readonly number[] = EVENT_PAGE_SIZES): AsyncGenerator<TimelineEvent[]> {
  let left = q.limit ?? Infinity;
  let after = q.after;
  for (let i = 0; left > 0; i++) {
    const size = Math.min(left, sizes[Math.min(i, sizes.length - 1)]!);
    const page = await store.queryEvents({ ...q, after, limit: size, paged: true });
    if (page.length) yield page;
    if (page.length < size) return;
    left -= page.length;
    const last = page[page.length - 1]!;
    after = { tsUs: last.tsUs, source: last.source, line: last.line, kind: last.kind };
  }
}
