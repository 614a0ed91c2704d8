/**
 * Scores derived answers against a simulator's truth: per answer type, precision,
 * recall and F1, and the error of interval ends. A match is the same entity with both
 * ends within MATCH_TOLERANCE_US.
 */
import type { TimelineAnalysis } from '../derive/timeline-analysis.js';
import { parseIsoToUs } from '../time/zone.js';
import type { Truth } from './simulate.js';

export const MATCH_TOLERANCE_US = 2_000_000;

export interface Interval {
  entity: string;
  startUs: number;
  endUs: number | null;
  /** Truth side: timed by logs of a node whose clock was off. */
  skewed?: boolean;
}

export interface ScoreCounts {
  truth: number;
  derived: number;
  matched: number;
  /** |Δ| of matched ends, seconds. */
  endErrors: number[];
  missed: Interval[];
  spurious: Interval[];
  /** [truth index, derived index] of each match. */
  pairs: [number, number][];
}

export const ANSWER_TYPES = ['restarts', 'outages', 'linksDown', 'zkElections', 'metaLeaders'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

export function matchIntervals(truth: Interval[], derived: Interval[]): ScoreCounts {
  const used = new Set<number>();
  const endErrors: number[] = [];
  const missed: Interval[] = [];
  const pairs: [number, number][] = [];
  for (const [ti, t] of truth.entries()) {
    let best = -1;
    let bestErr = Infinity;
    derived.forEach((d, i) => {
      if (used.has(i) || d.entity !== t.entity || d.endUs === null || t.endUs === null) return;
      const e1 = Math.abs(d.startUs - t.startUs);
      const e2 = Math.abs(d.endUs - t.endUs);
      if (e1 <= MATCH_TOLERANCE_US && e2 <= MATCH_TOLERANCE_US && e1 + e2 < bestErr) {
        best = i;
        bestErr = e1 + e2;
      }
    });
    if (best < 0) {
      missed.push(t);
      continue;
    }
    used.add(best);
    pairs.push([ti, best]);
    const d = derived[best]!;
    endErrors.push(Math.abs(d.startUs - t.startUs) / 1e6, Math.abs(d.endUs! - t.endUs!) / 1e6);
  }
  return {
    truth: truth.length,
    derived: derived.length,
    matched: used.size,
    endErrors,
    missed,
    spurious: derived.filter((_, i) => !used.has(i)),
    pairs,
  };
}

const us = (s: string): number => parseIsoToUs(s);

/**
 * Scores each answer type. Truth items timed by a skewed clock cannot be timed right
 * from the logs alone; they (and what matched them) are scored apart, not hidden.
 */
export function scoreAnalysis(
  truth: Truth,
  an: TimelineAnalysis,
): { main: Record<AnswerType, ScoreCounts>; skewed: Record<AnswerType, ScoreCounts> | null } {
  const skewedNode = truth.faults.find((f) => f.kind === 'clock_skew')?.node ?? null;
  const pairs: Record<AnswerType, [Interval[], Interval[]]> = {
    restarts: [
      truth.restarts.map((r) => ({
        entity: `${r.node} ${r.service}`,
        startUs: us(r.stoppedAt),
        endUs: us(r.startedAt),
        skewed: r.clockSkewed,
      })),
      an.restarts.map((r) => ({ entity: `${r.node} ${r.service}`, startUs: r.stoppedAtUs ?? Number.NaN, endUs: r.startedAtUs })),
    ],
    outages: [
      truth.outages.map((o) => ({ entity: o.node, startUs: us(o.start), endUs: us(o.end), skewed: o.clockSkewed })),
      an.outages.map((o) => ({ entity: o.node, startUs: o.startUs, endUs: o.endUs })),
    ],
    linksDown: [
      truth.linksDown.map((l) => ({ entity: `${l.observer}>${l.target}`, startUs: us(l.start), endUs: us(l.end), skewed: l.clockSkewed })),
      an.links.flatMap((l) =>
        l.intervals
          .filter((i) => i.state === 'DOWN')
          .map((i) => ({ entity: `${l.observer}>${l.target}`, startUs: i.startUs, endUs: i.endUs })),
      ),
    ],
    zkElections: [
      truth.zkElections.map((e) => ({ entity: e.leader, startUs: us(e.start), endUs: us(e.at), skewed: e.clockSkewed })),
      an.elections.map((e) => ({ entity: e.leader ?? '?', startUs: e.startUs, endUs: e.endUs })),
    ],
    metaLeaders: [
      truth.metaLeaders.map((m) => ({ entity: `${m.leader} ${m.seq}`, startUs: us(m.at), endUs: us(m.at), skewed: m.clockSkewed })),
      an.metaLeaders.map((m) => ({ entity: `${m.leader} ${m.seq}`, startUs: m.atUs, endUs: m.atUs })),
    ],
  };
  const main = {} as Record<AnswerType, ScoreCounts>;
  const skewed = {} as Record<AnswerType, ScoreCounts>;
  for (const t of ANSWER_TYPES) {
    const [tr, de] = pairs[t];
    const all = matchIntervals(tr, de);
    // A derived item belongs where the truth it matched belongs. An unmatched one, in a
    // run with a skewed clock, goes with the skewed rows: nobody can tell whether the skew made it.
    const deSkewed = de.map((_, i) => {
      const ti = all.pairs.find((p) => p[1] === i)?.[0];
      return ti !== undefined ? Boolean(tr[ti]!.skewed) : skewedNode !== null;
    });
    const part = (want: boolean): ScoreCounts => {
      const tIdx = tr.map((_, i) => i).filter((i) => Boolean(tr[i]!.skewed) === want);
      const dIdx = de.map((_, i) => i).filter((i) => deSkewed[i] === want);
      const ps = all.pairs.filter(([ti]) => tIdx.includes(ti));
      return {
        truth: tIdx.length,
        derived: dIdx.length,
        matched: ps.length,
        endErrors: ps.flatMap(([ti, di]) => [
          Math.abs(de[di]!.startUs - tr[ti]!.startUs) / 1e6,
          Math.abs(de[di]!.endUs! - tr[ti]!.endUs!) / 1e6,
        ]),
        missed: tIdx.filter((i) => !all.pairs.some(([ti]) => ti === i)).map((i) => tr[i]!),
        spurious: dIdx.filter((i) => !all.pairs.some(([, di]) => di === i)).map((i) => de[i]!),
        pairs: ps,
      };
    };
    main[t] = part(false);
    skewed[t] = part(true);
  }
  return { main, skewed: skewedNode ? skewed : null };
}

export interface ScoreSummary {
  type: AnswerType;
  truth: number;
  derived: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  endErrorMedianS: number | null;
  endErrorP95S: number | null;
}

export function summarize(type: AnswerType, parts: ScoreCounts[]): ScoreSummary {
  const truth = parts.reduce((a, p) => a + p.truth, 0);
  const derived = parts.reduce((a, p) => a + p.derived, 0);
  const matched = parts.reduce((a, p) => a + p.matched, 0);
  const errs = parts.flatMap((p) => p.endErrors).sort((a, b) => a - b);
  const precision = derived === 0 ? (truth === 0 ? 1 : 0) : matched / derived;
  const recall = truth === 0 ? 1 : matched / truth;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const q = (p: number): number | null => (errs.length ? errs[Math.min(errs.length - 1, Math.floor(p * errs.length))]! : null);
  return { type, truth, derived, matched, precision, recall, f1, endErrorMedianS: q(0.5), endErrorP95S: q(0.95) };
}
