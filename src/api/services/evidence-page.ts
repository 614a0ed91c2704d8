/**
 * One page of an answer's evidence: `first` events after the cursor `after`, in the
 * events' sort order (time, source, line, kind) — keyset paging, as `events` does, so one
 * cursor pages every answer of a list without naming which one it came from.
 */
import type { TimelineEvent } from '../../model/event.js';
import { compareEvents, firstAfter } from '../../model/event-order.js';
import { EVIDENCE_PAGE } from '../limits/api-limits.config.js';
import type { Event } from '../types/event.type.js';
import { decodeCursor } from './event-cursor.js';
import { toApiEvent } from './event-mapper.js';
import { checkPageSize } from './query-guard.js';

export function evidencePage(events: readonly TimelineEvent[], first: number, after: string | undefined | null): Event[] {
  checkPageSize(first, EVIDENCE_PAGE.max);
  const ordered = isOrdered(events) ? events : [...events].sort(compareEvents);
  const start = after === undefined || after === null ? 0 : firstAfter(ordered, decodeCursor(after));
  return ordered.slice(start, start + first).map(toApiEvent);
}

function isOrdered(events: readonly TimelineEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}
