/**
 * Clocks that are off. Log lines carry only their node's clock, so a skew shows only
 * where two nodes log the same moment: a meta leader's `I am the leader now. seq is N`
 * and its followers' `Leader is L. seq is N`. A follower that ran at the claim learns of
 * it within about a second; one that logs it before the claim, or seconds after the
 * others did, reads a clock that is off. Which clock: the odd one out (docs/clock-skew.md).
 */
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { nodeOfPeer, type ClockSkew, type Window } from './derive.types.js';

/** A follower's report this far before the claim cannot be causal: a clock is behind or ahead. */
export const EARLY_US = 1_000_000;
/** A running follower learns of the claim within ~1.5 s; later than this, a clock is off. */
export const LATE_US = 3_000_000;
/** Reports further apart than this are not the same announcement (a follower that learned later, by other means). */
export const MAX_PAIR_US = 60_000_000;

/** One leadership term's claim and the first report of it from each follower running then. */
interface Term {
  claim: TimelineEvent;
  reports: { e: TimelineEvent; deltaUs: number }[];
}

/** One node's clock reading from one term: `offsetUs` > 0 = its clock is ahead. */
interface Reading {
  node: string;
  cluster: string;
  offsetUs: number;
  atUs: number;
  reference: string[];
  evidence: TimelineEvent[];
}

export function deriveClockSkews(events: readonly TimelineEvent[], sources: readonly SourceInfo[], window?: Window): ClockSkew[] {
  const readings = terms(events, sources).flatMap(judge);
  const byNode = new Map<string, Reading[]>();
  for (const r of readings) {
    const k = `${r.cluster}\u0000${r.node}`;
    let rs = byNode.get(k);
    if (!rs) byNode.set(k, (rs = []));
    rs.push(r);
  }
  const out: ClockSkew[] = [];
  for (const rs of byNode.values()) {
    const inside = window ? rs.filter((r) => r.atUs >= window.fromUs && r.atUs < window.toUs) : rs;
    if (!inside.length) continue;
    out.push({
      cluster: inside[0]!.cluster,
      node: inside[0]!.node,
      offsetUs: median(inside.map((r) => r.offsetUs)),
      atUs: inside[0]!.atUs,
      readings: inside.length,
      reference: [...new Set(inside.flatMap((r) => r.reference))].sort(),
      evidence: inside.flatMap((r) => r.evidence),
    });
  }
  return out.sort((a, b) => a.atUs - b.atUs || a.node.localeCompare(b.node));
}

/** Each claim (first per cluster, service, leader and seq) with its followers' first reports. */
function terms(events: readonly TimelineEvent[], sources: readonly SourceInfo[]): Term[] {
  const sorted = events
    .filter((e) => (e.kind === 'meta.leader_self' || e.kind === 'meta.leader_is') && typeof e.fields.seq === 'number')
    .sort((a, b) => a.tsUs - b.tsUs);
  const claims = new Map<string, Term>();
  const termKey = (e: TimelineEvent, leader: string): string => `${e.cluster}\u0000${e.service}\u0000${leader}\u0000${e.fields.seq}`;
  for (const e of sorted) {
    if (e.kind === 'meta.leader_self' && !claims.has(termKey(e, e.node))) claims.set(termKey(e, e.node), { claim: e, reports: [] });
  }
  const ranSince = runningSince(sources);
  for (const e of sorted) {
    const leader = nodeOfPeer(e.peer);
    if (e.kind !== 'meta.leader_is' || !leader || leader === e.node) continue;
    const t = claims.get(termKey(e, leader));
    if (!t || t.reports.some((r) => r.e.node === e.node)) continue;
    const deltaUs = e.tsUs - t.claim.tsUs;
    // A follower that started after the claim learns of it when it starts: no comparison.
    if (Math.abs(deltaUs) > MAX_PAIR_US || !(ranSince(e) < t.claim.tsUs)) continue;
    t.reports.push({ e, deltaUs });
  }
  return [...claims.values()];
}

/** When the process that logged an event wrote its first line (its pid's files); Infinity when unknown. */
function runningSince(sources: readonly SourceInfo[]): (e: TimelineEvent) => number {
  const first = new Map<string, number>();
  for (const s of sources) {
    if (s.pid === null || s.firstTsUs === null) continue;
    const k = `${s.cluster}\u0000${s.node}\u0000${s.service}\u0000${s.pid}`;
    first.set(k, Math.min(first.get(k) ?? Infinity, s.firstTsUs));
  }
  return (e) => (e.pid === null ? Infinity : (first.get(`${e.cluster}\u0000${e.node}\u0000${e.service}\u0000${e.pid}`) ?? Infinity));
}

/**
 * Every report off the same way: the leader's clock (its claim is what they disagree
 * with). Otherwise each report that is off: that follower's clock, measured against the
 * reports that are not. Two reports at least, or the odd one out cannot be told.
 */
function judge(t: Term): Reading[] {
  if (t.reports.length < 2) return [];
  const early = (d: number): boolean => d < -EARLY_US;
  const late = (d: number): boolean => d > LATE_US;
  const ds = t.reports.map((r) => r.deltaUs);
  const reading = (node: string, offsetUs: number, reference: string[], evidence: TimelineEvent[]): Reading => ({
    node,
    cluster: t.claim.cluster,
    offsetUs,
    atUs: t.claim.tsUs,
    reference,
    evidence,
  });
  if (ds.every(early) || ds.every(late)) {
    return [
      reading(
        t.claim.node,
        -median(ds),
        t.reports.map((r) => r.e.node),
        [t.claim, ...t.reports.map((r) => r.e)],
      ),
    ];
  }
  const fine = t.reports.filter((r) => !early(r.deltaUs) && !late(r.deltaUs));
  if (!fine.length) return [];
  const lag = median(fine.map((r) => r.deltaUs));
  const reference = [t.claim.node, ...fine.map((r) => r.e.node)];
  return t.reports
    .filter((r) => early(r.deltaUs) || late(r.deltaUs))
    .map((r) => reading(r.e.node, r.deltaUs - lag, reference, [t.claim, r.e]));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}
