/**
 * Of repeated link failures keep only the events that change a link's state, per
 * observer process and target (the port is dropped: a peer reconnects from new ones).
 * The same rule as the DuckDB store's SQL, for stores whose SQL lacks `lag()`.
 */
import type { TimelineEvent } from '../model/event.js';

/** cluster → node → pid → target host → the link's last kind. */
type LastKinds = Map<string, Map<string, Map<number | null, Map<string, string>>>>;

export function keepLinkTransitions(events: TimelineEvent[]): TimelineEvent[] {
  // Nested maps, not a joined-string key: no string is built per event. Peers are few
  // and events many: each peer's host is cut out once.
  const last: LastKinds = new Map();
  const hostOf = new Map<string, string>();
  return events.filter((e) => {
    if (e.kind !== 'peer.link_down' && e.kind !== 'peer.link_up') return true;
    const peer = e.peer ?? '';
    let host = hostOf.get(peer);
    if (host === undefined) hostOf.set(peer, (host = peer.replace(/:[0-9]+$/, '')));
    const byHost = child(child(child(last, e.cluster), e.node), e.pid);
    const prev = byHost.get(host);
    byHost.set(host, e.kind);
    return e.kind === 'peer.link_down' ? prev === undefined || prev === 'peer.link_up' : prev === 'peer.link_down';
  });
}

function child<K, K2, V>(m: Map<K, Map<K2, V>>, k: K): Map<K2, V> {
  let c = m.get(k);
  if (!c) m.set(k, (c = new Map()));
  return c;
}
