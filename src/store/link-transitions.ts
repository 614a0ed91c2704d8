/**
 * Of repeated link failures keep only the events that change a link's state, per
 * observer process and target (the port is dropped: a peer reconnects from new ones).
 * The same rule as the DuckDB store's SQL, for stores whose SQL lacks `lag()`.
 */
import type { TimelineEvent } from '../model/event.js';

export function keepLinkTransitions(events: TimelineEvent[]): TimelineEvent[] {
  const last = new Map<string, string>();
  return events.filter((e) => {
    if (e.kind !== 'peer.link_down' && e.kind !== 'peer.link_up') return true;
    const id = `${e.cluster}\u0000${e.node}\u0000${e.pid}\u0000${(e.peer ?? '').replace(/:[0-9]+$/, '')}`;
    const prev = last.get(id);
    last.set(id, e.kind);
    return e.kind === 'peer.link_down' ? prev === undefined || prev === 'peer.link_up' : prev === 'peer.link_down';
  });
}
