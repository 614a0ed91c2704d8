/** One page of an answer's evidence: `first` events after the one `after` names. */
import type { TimelineEvent } from '../../model/event.js';
import { EVIDENCE_PAGE } from '../limits/api-limits.config.js';
import { badInput } from '../errors.js';
import type { Event } from '../types/event.type.js';
import { decodeCursor, isAt } from './event-cursor.js';
import { toApiEvent } from './event-mapper.js';
import { checkPageSize } from './query-guard.js';

export function evidencePage(events: readonly TimelineEvent[], first: number, after: string | undefined | null): Event[] {
  checkPageSize(first, EVIDENCE_PAGE.max);
  let start = 0;
  if (after !== undefined && after !== null) {
    const k = decodeCursor(after);
    const at = events.findIndex((e) => isAt(e, k));
    if (at < 0) throw badInput(`"${after}" is not the cursor of an event in this evidence`, 'after');
    start = at + 1;
  }
  return events.slice(start, start + first).map(toApiEvent);
}
