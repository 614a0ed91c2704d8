/**
 * Node outages: a node was down or cut off. Evidence, per node:
 *  - its services restarted, crashed or stopped;
 *  - its ZooKeeper server was lost by clients (`Socket [node:2181]` errors);
 *  - most of its peers could not reach it while they could reach each other.
 * One failing link is a flap, not an outage. When everybody fails to reach everybody
 * at once, peer evidence points at no one, so the node whose own evidence explains it
 * (a restart, a crash) is the one that is out — as the seed's analyst concluded.
 */
import type { TimelineEvent } from '../model/event.js';
import {
  nodeOfPeer,
  overlaps,
  type NodeOutage,
  type OutageEvidenceKind,
  type PeerLinkHistory,
  type ServiceRestart,
  type Window,
} from './derive.types.js';
import { sweepCutOffSpans } from './cut-off.sweep.js';

export { MAX_MUTUAL_DOWN_SHARE, MIN_CUT_OFF_US } from './cut-off.js';

/** Evidence this close together is one outage. */
export const OUTAGE_MERGE_GAP_US = 60_000_000;
/** A ZooKeeper server lost by this many client nodes is out even without other evidence. */
export const MIN_ZK_CLIENT_WITNESSES = 2;
/** A client's socket error this close to its own cut-off interval belongs to that cut-off (detection delays differ). */
export const CUT_OFF_WITNESS_SLACK_US = 10_000_000;

interface Evidence {
  node: string;
  cluster: string;
  startUs: number;
  endUs: number | null;
  kind: OutageEvidenceKind;
  service: string | null;
  /** Weak evidence joins an outage but never makes one alone. */
  weak: boolean;
  events: TimelineEvent[];
}

export interface OutageInput {
  events: readonly TimelineEvent[];
  restarts: readonly ServiceRestart[];
  links: readonly PeerLinkHistory[];
  window?: Window;
}

/** Evidence per node, merged where it is close together; weak-only groups are dropped. */
export function deriveNodeOutages(input: OutageInput): NodeOutage[] {
  const cutOff = sweepCutOffSpans(input.links, input.events).map((s): Evidence => ({
    node: s.node,
    cluster: s.cluster,
    startUs: s.startUs,
    endUs: s.endUs,
    kind: 'peers_unreachable',
    service: null,
    weak: false,
    events: s.events,
  }));
  const { evidence: restarts, ends } = restartEvidence(input.restarts);
  const ev = [...restarts, ...eventEvidence(input, ends, cutOff), ...cutOff];
  const out = [...groupByNode(ev).values()].flatMap(mergeNodeEvidence);
  const w = input.window;
  return out.filter((o) => !w || overlaps(o.startUs, o.endUs, w)).sort((a, b) => a.startUs - b.startUs || a.node.localeCompare(b.node));
}

/** Each restart, and the stop or crash events that ended its previous instance. */
function restartEvidence(restarts: readonly ServiceRestart[]): { evidence: Evidence[]; ends: Set<TimelineEvent> } {
  const ends = new Set<TimelineEvent>();
  const evidence = restarts.map((r): Evidence => {
    const cause = r.evidence.find((e) => e.kind === 'process.crash' || e.kind === 'process.stop');
    if (cause) ends.add(cause);
    const kind = r.cause === 'crash' ? 'process_crash' : 'service_restart';
    return {
      node: r.node,
      cluster: r.cluster,
      startUs: r.stoppedAtUs ?? r.startedAtUs,
      endUs: r.startedAtUs,
      kind,
      service: r.service,
      weak: false,
      events: r.evidence,
    };
  });
  return { evidence, ends };
}

/** Stops and crashes no restart followed, ZooKeeper servers lost by clients, followers that lost their leader. */
function eventEvidence(input: OutageInput, restartEnds: ReadonlySet<TimelineEvent>, cutOff: readonly Evidence[]): Evidence[] {
  const ev: Evidence[] = [];
  const zkWitnesses = new Map<string, Set<string>>();
  // A node its peers cannot reach is no witness: a client cut off from the cluster loses
  // every server it tries, and those servers are fine (a partition's minority side).
  const isCutOff = (node: string, us: number): boolean =>
    cutOff.some(
      (c) =>
        c.node === node && c.startUs - CUT_OFF_WITNESS_SLACK_US <= us && (c.endUs === null || us <= c.endUs + CUT_OFF_WITNESS_SLACK_US),
    );
  // An index loop (as in cut-off.sweep.ts): iterators allocate where code is not yet optimized.
  const events = input.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if ((e.kind === 'process.crash' || e.kind === 'process.stop') && !restartEnds.has(e)) {
      const x = unfollowedEnd(e, input.restarts);
      if (x) ev.push(x);
    } else if (e.kind === 'zk.client.socket_error') {
      const server = nodeOfPeer(e.peer);
      if (!server || isCutOff(e.node, e.tsUs)) continue;
      ev.push({
        node: server,
        cluster: e.cluster,
        startUs: e.tsUs,
        endUs: e.tsUs,
        kind: 'zk_server_lost',
        service: 'zookeeper',
        weak: true,
        events: [e],
      });
      let w = zkWitnesses.get(server);
      if (!w) zkWitnesses.set(server, (w = new Set()));
      w.add(e.node);
    } else if (e.kind === 'zk.server.leader_lost') {
      ev.push({
        node: e.node,
        cluster: e.cluster,
        startUs: e.tsUs,
        endUs: e.tsUs,
        kind: 'zk_follower_lost_leader',
        service: 'zookeeper',
        weak: true,
        events: [e],
      });
    }
  }
  for (const x of ev) if (x.kind === 'zk_server_lost' && (zkWitnesses.get(x.node)?.size ?? 0) >= MIN_ZK_CLIENT_WITNESSES) x.weak = false;
  return ev;
}

/** A stop or crash no restart followed: an outage still open; null for a file that merely ends on errors. */
function unfollowedEnd(e: TimelineEvent, restarts: readonly ServiceRestart[]): Evidence | null {
  // A file that merely ends on error lines may be a process still running when the
  // bundle was taken: that alone opens no outage (it is a restart's cause once one follows).
  if (e.fields.reason === 'error_tail') return null;
  const later = restarts.some((r) => r.node === e.node && r.service === e.service && r.startedAtUs > e.tsUs);
  if (later) return null;
  const kind = e.kind === 'process.crash' ? 'process_crash' : 'process_stop';
  return { node: e.node, cluster: e.cluster, startUs: e.tsUs, endUs: null, kind, service: e.service, weak: false, events: [e] };
}

function groupByNode(ev: readonly Evidence[]): Map<string, Evidence[]> {
  const byNode = new Map<string, Evidence[]>();
  for (const x of ev) {
    let l = byNode.get(x.node);
    if (!l) byNode.set(x.node, (l = []));
    l.push(x);
  }
  return byNode;
}

/** One node's evidence in groups no more than OUTAGE_MERGE_GAP_US apart: an outage per group with strong evidence. */
function mergeNodeEvidence(list: Evidence[]): NodeOutage[] {
  list.sort((a, b) => a.startUs - b.startUs);
  const out: NodeOutage[] = [];
  let cur: Evidence[] = [];
  let curEnd = -Infinity;
  for (const x of list) {
    if (cur.length && x.startUs > curEnd + OUTAGE_MERGE_GAP_US) {
      if (!cur.every((y) => y.weak)) out.push(outageOf(cur));
      cur = [];
      curEnd = -Infinity;
    }
    cur.push(x);
    curEnd = Math.max(curEnd, x.endUs ?? Infinity);
  }
  if (cur.length && !cur.every((y) => y.weak)) out.push(outageOf(cur));
  return out;
}

function outageOf(group: readonly Evidence[]): NodeOutage {
  const open = group.some((x) => x.endUs === null);
  const events = group.flatMap((x) => x.events).sort((a, b) => a.tsUs - b.tsUs);
  return {
    cluster: group[0]!.cluster,
    node: group[0]!.node,
    startUs: Math.min(...group.map((x) => x.startUs)),
    endUs: open ? null : Math.max(...group.map((x) => x.endUs!)),
    kinds: [...new Set(group.map((x) => x.kind))].sort(),
    services: [...new Set(group.map((x) => x.service).filter((s): s is string => s !== null))].sort(),
    evidence: [...new Set(events)],
  };
}
