/** Derived answers → GraphQL objects (µs stay µs; the DateTime scalar formats them). */
import type * as D from '../../derive/derive.types.js';
import { Incident, IncidentScope, NodeOutage } from '../types/outage.type.js';
import { LinkState, PeerLink } from '../types/peer-link.type.js';
import { ServiceRestart } from '../types/restart.type.js';
import { MetaLeaderChange, ZkElection } from '../types/leadership.type.js';
import { toApiEvent } from './event-mapper.js';

export function toOutage(o: D.NodeOutage): NodeOutage {
  return { cluster: o.cluster, node: o.node, start: o.startUs, end: o.endUs, kinds: o.kinds, services: o.services, evidence: o.evidence.map(toApiEvent) };
}

export function toIncident(i: D.Incident): Incident {
  return { start: i.startUs, end: i.endUs, scope: IncidentScope[i.scope], nodes: i.nodes, summary: i.summary, outages: i.outages.map(toOutage) };
}

export function toPeerLink(l: D.PeerLinkHistory): PeerLink {
  return {
    observer: l.observer,
    target: l.target,
    intervals: l.intervals.map((i) => ({ state: LinkState[i.state], start: i.startUs, end: i.endUs, endedBy: i.endedBy ?? null, evidence: i.evidence.map(toApiEvent) })),
  };
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
    evidence: r.evidence.map(toApiEvent),
  };
}

export function toElection(e: D.ZkElection): ZkElection {
  return { start: e.startUs, end: e.endUs, leader: e.leader, leaderMyid: e.leaderMyid, durationSeconds: e.durationUs === null ? null : e.durationUs / 1e6, evidence: e.evidence.map(toApiEvent) };
}

export function toMetaLeader(m: D.MetaLeaderChange): MetaLeaderChange {
  return { at: m.atUs, leader: m.leader, seq: m.seq, evidence: m.evidence.map(toApiEvent) };
}
