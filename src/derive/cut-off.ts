/**
 * The cut-off rule, written plainly: a node is cut off while most of its peers fail to
 * reach it and those peers still reach each other. This is the reference; the outage
 * analysis runs the sweep in cut-off.sweep.ts, which a randomized differential test
 * (cut-off.test.ts) holds to give exactly these spans.
 */
import type { TimelineEvent } from '../model/event.js';
import type { PeerLinkHistory } from './derive.types.js';

/** Peers must fail to reach a node for this long before it counts as cut off. */
export const MIN_CUT_OFF_US = 10_000_000;
/** Among the peers that lost a node, at most this share of their own links may be down. */
export const MAX_MUTUAL_DOWN_SHARE = 0.25;

/** A span in which a node was cut off, with the first event of each peer's failing link. */
export interface CutOffSpan {
  node: string;
  cluster: string;
  startUs: number;
  endUs: number | null;
  events: TimelineEvent[];
}

/** One DOWN interval of a link: `observer` could not reach `target` in [startUs, endUs). */
export interface DownInterval {
  observer: string;
  target: string;
  startUs: number;
  /** Infinity while still down. */
  endUs: number;
  first: TimelineEvent;
}

/** Who the judgement at one moment is about, and what was true then. */
export interface LinkState {
  /** Nodes that observe some link: the peers that could witness a node's absence. */
  observers: ReadonlySet<string>;
  /** observer → target pairs down at that moment. */
  isDown(observer: string, target: string): boolean;
}

/**
 * The rule at one moment: at least two peers, more than half of those that could, fail
 * to reach `target`, while at most MAX_MUTUAL_DOWN_SHARE of the links among them are down.
 */
export function isCutOff(target: string, failing: readonly string[], state: LinkState): boolean {
  const f = failing.length;
  const couldWitness = state.observers.size - (state.observers.has(target) ? 1 : 0);
  if (f < 2 || f <= couldWitness / 2) return false;
  let mutual = 0;
  for (const a of failing) for (const b of failing) if (a !== b && state.isDown(a, b)) mutual++;
  return mutual <= MAX_MUTUAL_DOWN_SHARE * f * (f - 1);
}

/** Every DOWN interval of every link, in link order. */
export function downIntervals(links: readonly PeerLinkHistory[]): DownInterval[] {
  return links.flatMap((l) =>
    l.intervals
      .filter((i) => i.state === 'DOWN')
      .map((i) => ({ observer: l.observer, target: l.target, startUs: i.startUs, endUs: i.endUs ?? Infinity, first: i.evidence[0]! })),
  );
}

/** Nodes in order of first appearance (observer, then target, link by link): the order peers' events are listed in. */
export function nodesInLinkOrder(links: readonly PeerLinkHistory[]): string[] {
  return [...new Set(links.flatMap((l) => [l.observer, l.target]))];
}

/** A node's cluster: that of its last event. */
export function clusterOf(events: readonly TimelineEvent[], node: string): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.node === node) return events[i]!.cluster;
  return undefined;
}

/** The span a node's judgement closed at `endUs`, or null when it was too short to count. */
export function finishSpan(events: readonly TimelineEvent[], node: string, open: OpenSpan, endUs: number): CutOffSpan | null {
  if (endUs - open.startUs < MIN_CUT_OFF_US) return null;
  const cluster = clusterOf(events, node) ?? clusterOf(events, open.events[0]!.node) ?? '';
  return { node, cluster, startUs: open.startUs, endUs: Number.isFinite(endUs) ? endUs : null, events: open.events };
}

export interface OpenSpan {
  startUs: number;
  events: TimelineEvent[];
}

/**
 * The reference: at every moment a link changes, judge every node that some peer failed
 * to reach; a span opens when the rule first holds and closes when it stops holding.
 * Assumes (as peer-link histories are) that one link's DOWN intervals do not overlap;
 * an empty one is never down (the sweep differs there: docs/refactoring-checks.md).
 */
export function cutOffSpans(links: readonly PeerLinkHistory[], events: readonly TimelineEvent[]): CutOffSpan[] {
  const down = downIntervals(links);
  const nodes = nodesInLinkOrder(links);
  const targets = [...new Set(down.map((d) => d.target))];
  const observers = new Set(links.map((l) => l.observer));
  const moments = [...new Set(down.flatMap((d) => [d.startUs, d.endUs]).filter(Number.isFinite))].sort((a, b) => a - b);
  const open = new Map<string, OpenSpan>();
  const out: CutOffSpan[] = [];
  const close = (target: string, endUs: number): void => {
    const span = finishSpan(events, target, open.get(target)!, endUs);
    open.delete(target);
    if (span) out.push(span);
  };
  for (const t of moments) {
    const downNow = (observer: string, target: string): DownInterval | undefined =>
      down.find((d) => d.observer === observer && d.target === target && d.startUs <= t && t < d.endUs);
    const state: LinkState = { observers, isDown: (a, b) => downNow(a, b) !== undefined };
    for (const target of targets) {
      const failing = nodes.filter((o) => state.isDown(o, target));
      if (isCutOff(target, failing, state)) {
        const span = open.get(target) ?? { startUs: t, events: [] };
        open.set(target, span);
        for (const o of failing) if (!span.events.includes(downNow(o, target)!.first)) span.events.push(downNow(o, target)!.first);
      } else if (open.has(target)) close(target, t);
    }
  }
  for (const target of [...open.keys()]) close(target, Infinity);
  return out;
}
