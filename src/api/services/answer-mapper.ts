/** Derived answers → GraphQL objects (µs stay µs; the DateTime scalar formats them). */
import type * as D from '../../derive/derive.types.js';
import type { TimelineEvent } from '../../model/event.js';
import { Incident, IncidentScope, NodeOutage } from '../types/outage.type.js';
import { LinkState, PeerLink, type LinkInterval } from '../types/peer-link.type.js';
import type { Event } from '../types/event.type.js';
import { ServiceRestart } from '../types/restart.type.js';
import type { ServiceInstance } from '../types/instance.type.js';
import { MetaLeaderChange, ZkElection } from '../types/leadership.type.js';
import { toApiEvent } from './event-mapper.js';

export function toOutage(o: D.NodeOutage): NodeOutage {
  return { cluster: o.cluster, node: o.node, start: o.startUs, end: o.endUs, kinds: o.kinds, services: o.services, evidence: o.evidence.map(toApiEvent) };
}

export function toIncident(i: D.Incident): Incident {
  return { start: i.startUs, end: i.endUs, scope: IncidentScope[i.scope], nodes: i.nodes, summary: i.summary, outages: i.outages.map(toOutage) };
}

export function toPeerLink(l: D.PeerLinkHistory): PeerLink {
  return { observer: l.observer, target: l.target, intervals: l.intervals.map((i) => new LinkIntervalAnswer(i)) };
}

/**
 * A link interval whose evidence becomes API events only when read (GraphQL reads it
 * only when a client selects it). Why: a 7-day history has ~20 000 intervals, and
 * mapping every one's evidence up front was ~4 of the ~21 MB a cold peerLinkHistory
 * allocated (10^7-event bench store), for a field most clients do not ask for.
 */
class LinkIntervalAnswer implements LinkInterval {
  readonly state: LinkState;
  readonly start: number;
  readonly end: number | null;
  readonly endedBy: string | null;
  readonly #events: readonly TimelineEvent[];

  constructor(i: D.LinkInterval) {
    this.state = LinkState[i.state];
    this.start = i.startUs;
    this.end = i.endUs;
    this.endedBy = i.endedBy;
    this.#events = i.evidence;
  }

  get evidence(): Event[] {
    return this.#events.map(toApiEvent);
  }

  /** JSON has the evidence too, as a plain interval would. */
  toJSON(): LinkInterval {
    return { state: this.state, start: this.start, end: this.end, endedBy: this.endedBy, evidence: this.evidence };
  }
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

export function toInstance(i: D.ServiceInstance): ServiceInstance {
  return { cluster: i.cluster, node: i.node, service: i.service, pid: i.pid, start: i.startUs, end: i.endUs, endedBy: i.endedBy, sources: i.sources, evidence: i.evidence.map(toApiEvent) };
}
