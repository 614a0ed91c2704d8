/**
 * ZooKeeper elections and meta leadership.
 * An election starts when a server goes `looking` and ends when some server is
 * `leading`. A server that goes looking and simply follows the existing leader again
 * (a restarted follower rejoining) is no election. Some `leading` events are evidence
 * rather than a change (`fields.via`: a notification answered in LEADING state, `Have
 * quorum of supporters`): they name a leader when its LEADING line is missing, and say
 * nothing new about the leader already known.
 * A server is its node and myid: several servers may share a node (or one log file).
 */
import type { TimelineEvent } from '../model/event.js';
import { nodeOfPeer, overlaps, type MetaLeaderChange, type Window, type ZkElection } from './derive.types.js';

export function deriveZkElections(events: readonly TimelineEvent[], window?: Window): ZkElection[] {
  const states = events.filter((e) => e.kind === 'zk.server.state').sort((a, b) => a.tsUs - b.tsUs || a.node.localeCompare(b.node));
  const out: ZkElection[] = [];
  const serverOf = serverKeys(states);
  let open: { startUs: number; lookers: Set<string>; evidence: TimelineEvent[] } | null = null;
  let leader: string | null = null;
  for (const e of states) {
    const state = String(e.fields.state ?? '');
    const server = serverOf(e);
    if (state === 'looking') {
      if (!open) open = { startUs: e.tsUs, lookers: new Set(), evidence: [] };
      open.lookers.add(server);
      open.evidence.push(e);
      if (server === leader) leader = null;
    } else if (state === 'leading') {
      if (e.fields.via !== undefined && leader === server) continue; // the known leader, still leading
      const sameLeaderAgain = leader === server && !open;
      leader = server;
      if (sameLeaderAgain) continue; // `leading - broadcast` after `leading`
      if (open) {
        open.evidence.push(e);
        const myid = typeof e.fields.myid === 'number' ? e.fields.myid : null;
        out.push({
          startUs: open.startUs,
          endUs: e.tsUs,
          leader: e.node,
          leaderMyid: myid,
          durationUs: e.tsUs - open.startUs,
          evidence: open.evidence,
        });
        open = null;
      }
    } else if ((state === 'following' || state === 'observing') && open) {
      open.lookers.delete(server);
      open.evidence.push(e);
      // Everybody who looked is following again and nobody new leads: a rejoin.
      if (open.lookers.size === 0 && leader !== null) open = null;
    }
  }
  if (open && open.lookers.size > 0)
    out.push({ startUs: open.startUs, endUs: null, leader: null, leaderMyid: null, durationUs: null, evidence: open.evidence });
  return window ? out.filter((x) => overlaps(x.startUs, x.endUs, window)) : out;
}

/**
 * Which server an event is: its node and myid. An event without a myid (an old server
 * logs LOOKING before `My id = N`) is the node's only server when the node has one.
 */
function serverKeys(states: readonly TimelineEvent[]): (e: TimelineEvent) => string {
  const myidsOf = new Map<string, Set<number>>();
  for (const e of states) {
    if (typeof e.fields.myid !== 'number') continue;
    let ids = myidsOf.get(e.node);
    if (!ids) myidsOf.set(e.node, (ids = new Set()));
    ids.add(e.fields.myid);
  }
  return (e) => {
    const ids = myidsOf.get(e.node);
    const myid = typeof e.fields.myid === 'number' ? e.fields.myid : ids?.size === 1 ? [...ids][0] : undefined;
    return myid === undefined ? e.node : `${e.node}\u0000${myid}`;
  };
}

export function deriveMetaLeadership(events: readonly TimelineEvent[], window?: Window): MetaLeaderChange[] {
  const relevant = events.filter((e) => e.kind === 'meta.leader_self' || e.kind === 'meta.leader_is').sort((a, b) => a.tsUs - b.tsUs);
  const out: MetaLeaderChange[] = [];
  // Each service elects its own leader (zbs-metad, zbs-taskd log the same lines): one current leader per service.
  const current = new Map<string, { leader: string; seq: number | null; change: MetaLeaderChange }>();
  // Each source's last report: one that only repeats it is skipped, so the answer is the
  // same whether a store returned repeats or left them out (EventQuery.dropRepeats).
  const lastReport = new Map<string, string>();
  for (const e of relevant) {
    const leader = e.kind === 'meta.leader_self' ? e.node : nodeOfPeer(e.peer);
    if (!leader) continue;
    const seq = typeof e.fields.seq === 'number' ? e.fields.seq : null;
    const report = `${e.kind} ${leader} ${seq}`;
    if (lastReport.get(e.source) === report) continue;
    lastReport.set(e.source, report);
    const stream = `${e.cluster}\u0000${e.service}`;
    const cur = current.get(stream);
    if (cur && cur.leader === leader && (seq === null || cur.seq === seq)) {
      cur.change.evidence.push(e);
      continue;
    }
    const change = { atUs: e.tsUs, leader, seq, evidence: [e] };
    current.set(stream, { leader, seq, change });
    out.push(change);
  }
  return window ? out.filter((x) => x.atUs >= window.fromUs && x.atUs < window.toUs) : out;
}
