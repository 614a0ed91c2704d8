/**
 * The API's answers, computed from the store's time series: resolvers stay thin and
 * call this; this reads events through the store and derives the answers.
 */
import { isEventKind } from '../../model/event.js';
import type { EventStore } from '../../store/event-store.js';
import { badInput } from '../errors.js';
import { DEFAULT_PAGE, MAX_PAGE, type EventsArgs } from '../args/events.args.js';
import type { EventConnection } from '../types/event.type.js';
import { decodeCursor, encodeCursor, keyOf } from './event-cursor.js';
import { toApiEvent } from './event-mapper.js';
import { checkCluster, checkWindow, resolveNode } from './query-guard.js';

export class TimelineService {
  constructor(readonly store: EventStore) {}

  async events(args: EventsArgs): Promise<EventConnection> {
    const w = checkWindow({ fromUs: args.window.from, toUs: args.window.to });
    const cluster = await checkCluster(this.store, args.cluster);
    const node = await resolveNode(this.store, cluster, args.node);
    const first = args.first ?? DEFAULT_PAGE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}`, 'first');
    if (args.kind !== undefined && args.kind !== null && !isEventKind(args.kind)) throw badInput(`unknown event kind "${args.kind}"`, 'kind');
    const rows = await this.store.queryEvents({
      fromUs: w.fromUs,
      toUs: w.toUs,
      cluster,
      node,
      kinds: args.kind ? [args.kind as never] : undefined,
      after: args.after ? decodeCursor(args.after) : undefined,
      limit: first + 1,
    });
    const page = rows.slice(0, first);
    const edges = page.map((e) => ({ cursor: encodeCursor(keyOf(e)), node: toApiEvent(e) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null } };
  }
}
