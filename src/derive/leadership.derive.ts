/**
 * ZooKeeper elections and meta leadership.
 * An election starts when a server goes `looking` and ends when some server is
 * `leading`. A server that goes looking and simply follows the existing leader again
 * (a restarted follower rejoining) is no election.
 */
import type { TimelineEvent } from '../model/event.js';
import { nodeOfPeer, overlaps, type MetaLeaderChange, type Window, type ZkElection } from './derive.types.js';

export function deriveZkElections(events: readonly TimelineEvent[], window?: Window): ZkElection[] {
  const states = events.filter((e) => e.kind === 'zk.server.state').sort((a, b) => a.tsUs - b.tsUs || a.node.localeCompare(b.node));
  const out: ZkElection[] = [];
  let open: { startUs: number; lookers: Set<string>; evidence: TimelineEvent[] } | null = null;
  let leader: string | null = null;
  for (const e of states) {
    const state = String(e.fields.state ?? '');
    if (state === 'looking') {
      if (!open) open = { startUs: e.tsUs, lookers: new Set(), evidence: [] };
      open.lookers.add(e.node);
      open.evidence.push(e);
      if (e.node === leader) leader = null;
    } else if (state === 'leading') {
      const sameLeaderAgain = leader === e.node && !open;
      leader = e.node;
      if (sameLeaderAgain) continue; // `leading - broadcast` after `leading`
      if (open) {
        open.evidence.push(e);
        const myid = typeof e.fields.myid === 'number' ? e.fields.myid : null;
        out.push({ startUs: open.startUs, endUs: e.tsUs, leader: e.node, leaderMyid: myid, durationUs: e.tsUs - open.startUs, evidence: open.evidence });
        open = null;
      }
    } else if ((state === 'following' || state === 'observing') && open) {
      open.lookers.delete(e.node);
      open.evidence.push(e);
      // Everybody who looked is following again and nobody new leads: a rejoin.
      if (open.lookers.size === 0 && leader !== null) open = null;
    }
  }
  if (open && open.lookers.size > 0) out.push({ startUs: open.startUs, endUs: null, leader: null, leaderMyid: null, durationUs: null, evidence: open.evidence });
  return window ? out.filter((x) => overlaps(x.startUs, x.endUs, window)) : out;
}

export function deriveMetaLeadership(events: readonly TimelineEvent[], window?: Window): MetaLeaderChange[] {
  const relevant = events.filter((e) => e.kind === 'meta.leader_self' || e.kind === 'meta.leader_is').sort((a, b) => a.tsUs - b.tsUs);
  const out: MetaLeaderChange[] = [];
  let current: { leader: string; seq: number | null } | null = null;
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
    if (current && current.leader === leader && (seq === null || current.seq === seq)) {
      out[out.length - 1]?.evidence.push(e);
      continue;
    }
    current = { leader, seq };
    out.push({ atUs: e.tsUs, leader, seq, evidence: [e] });
  }
  return window ? out.filter((x) => x.atUs >= window.fromUs && x.atUs < window.toUs) : out;
}
