/**
 * Derived answers → GraphQL objects (µs stay µs; the DateTime scalar formats them).
 * Evidence stays as the derived events, and a link's intervals as the derived intervals:
 * their fields map only the page a client asks for (one outage can carry tens of
 * thousands of events, a week's link history ~20 000 intervals).
 */
import type * as D from '../../derive/derive.types.js';
import { Incident, IncidentScope, NodeOutage } from '../types/outage.type.js';
import { LinkState, PeerLink, type LinkInterval } from '../types/peer-link.type.js';
import { ServiceRestart } from '../types/restart.type.js';
import type { ServiceInstance } from '../types/instance.type.js';
import { MetaLeaderChange, ZkElection } from '../types/leadership.type.js';
import type { Node } from '../types/node.type.js';

export function toOutage(o: D.NodeOutage): NodeOutage {
  return {
    cluster: o.cluster,
    node: o.node,
    start: o.startUs,
    end: o.endUs,
    kinds: o.kinds,
    services: o.services,
    evidenceEvents: o.evidence,
  };
}

export function toIncident(i: D.Incident): Incident {
  return {
    start: i.startUs,
    end: i.endUs,
    scope: IncidentScope[i.scope],
    nodes: i.nodes,
    summary: i.summary,
    outages: i.outages.map(toOutage),
  };
}

export function toPeerLink(l: D.PeerLinkHistory): PeerLink {
  return { observer: l.observer, target: l.target, allIntervals: l.intervals };
}

export function toLinkInterval(i: D.LinkInterval): LinkInterval {
  return { state: LinkState[i.state], start: i.startUs, end: i.endUs, endedBy: i.endedBy, evidenceEvents: i.evidence };
}

export function toRestart(r: D.ServiceRestart): ServiceRestart {
  return {
    cluster: r.cluster,
    node: r.node,
    service: r.service,
    stoppedAt: r.stoppedAtUs,
    startedAt: r.startedAtUs,
    downtimeSeconds: r.downtimeUs === null ? null : r.downtimeUs / 1e6,
    cause: r.cause,
    oldPid: r.oldPid,
    newPid: r.newPid,
    evidenceEvents: r.evidence,
  };
}

export function toElection(e: D.ZkElection): ZkElection {
  return {
    start: e.startUs,
    end: e.endUs,
    leader: e.leader,
    leaderMyid: e.leaderMyid,
    durationSeconds: e.durationUs === null ? null : e.durationUs / 1e6,
    evidenceEvents: e.evidence,
  };
}

export function toMetaLeader(m: D.MetaLeaderChange): MetaLeaderChange {
  return { at: m.atUs, leader: m.leader, seq: m.seq, evidenceEvents: m.evidence };
}

export function toInstance(i: D.ServiceInstance): ServiceInstance {
  return {
    cluster: i.cluster,
    node: i.node,
    service: i.service,
    pid: i.pid,
    start: i.startUs,
    end: i.endUs,
    endedBy: i.endedBy,
    sources: i.sources,
    evidenceEvents: i.evidence,
  };
}

/** A catalog node as the API gives it. */
export function toNode(n: { cluster: string; name: string; aliases: readonly string[] }): Node {
  return { cluster: n.cluster, name: n.name, aliases: [...n.aliases] };
}
