/**
 * Peer link history per (observer, target): DOWN from the first failure to `back to
 * normal`; repeated failures (`times: 2, 3 …`) change nothing (it lasts until then). A DOWN interval also ends
 * when the observer's reporting process restarts: the new process starts afresh and
 * will not report the old episode's recovery.
 */
import type { TimelineEvent } from '../model/event.js';
import { nodeOfPeer, overlaps, type LinkInterval, type PeerLinkHistory, type Window } from './derive.types.js';

export interface LinkHistoryOptions {
  /** Clip to this window. */
  window?: Window;
  /**
   * Only the DOWN intervals (what the outage sweep reads): about half the objects of a
   * full history, each a survivor the young-generation GC would copy.
   */
  downOnly?: boolean;
}

export function derivePeerLinkHistory(events: readonly TimelineEvent[], opts: LinkHistoryOptions = {}): PeerLinkHistory[] {
  const { window, downOnly = false } = opts;
  // Nested maps, not joined-string keys: no string is built per event. `pairs` keeps the
  // order in which pairs first appear.
  const pairs: { observer: string; target: string; list: TimelineEvent[] }[] = [];
  const pairOf = new Map<string, Map<string, TimelineEvent[]>>(); // observer → target → events
  const restarts = new Map<string, Map<string, number[]>>(); // observer node → service → process.start times
  const targetOf = new Map<string, string | null>(); // peer → node: peers are few, events many
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!; // an index loop: see cut-off.sweep.ts
    if (e.kind === 'peer.link_down' || e.kind === 'peer.link_up') {
      let target = e.peer === null ? null : targetOf.get(e.peer);
      if (target === undefined) targetOf.set(e.peer!, (target = nodeOfPeer(e.peer)));
      if (!target || target === e.node) continue;
      let byTarget = pairOf.get(e.node);
      if (!byTarget) pairOf.set(e.node, (byTarget = new Map()));
      let list = byTarget.get(target);
      if (!list) {
        byTarget.set(target, (list = []));
        pairs.push({ observer: e.node, target, list });
      }
      list.push(e);
    } else if (e.kind === 'process.start') {
      let byService = restarts.get(e.node);
      if (!byService) restarts.set(e.node, (byService = new Map()));
      let list = byService.get(e.service);
      if (!list) byService.set(e.service, (list = []));
      list.push(e.tsUs);
    }
  }
  const out: PeerLinkHistory[] = [];
  for (const { observer, target, list } of pairs) {
    const startsOf = restarts.get(observer);
    if (!inTimeOrder(list)) list.sort((a, b) => a.tsUs - b.tsUs || a.line - b.line);
    const intervals: LinkInterval[] = [];
    let down: LinkInterval | null = null;
    let up: LinkInterval | null = null;
    for (let j = 0; j < list.length; j++) {
      const e = list[j]!;
      if (down) {
        // Did the observer's process restart since the interval opened?
        const restartAt = firstStartIn(startsOf?.get(e.service), down.startUs, e.tsUs);
        if (restartAt !== undefined) {
          down.endUs = restartAt;
          down.endedBy = 'observer_restart';
          down = null;
        }
      }
      if (e.kind === 'peer.link_down') {
        // A repeated failure extends the interval but is no evidence of its own: stores
        // leave repeats out of what they return (EventQuery.dropRepeats), and the answer
        // must not depend on how many of them a read happened to keep.
        if (down) continue;
        if (up) up.endUs = e.tsUs;
        up = null;
        down = { state: 'DOWN', startUs: e.tsUs, endUs: null, endedBy: null, evidence: [e] };
        intervals.push(down);
      } else {
        if (!down) continue; // back to normal with no failure seen: nothing to close
        down.endUs = e.tsUs;
        down.endedBy = 'back_to_normal';
        down.evidence = [down.evidence[0]!, e]; // its first failure and this: no array growth per interval
        down = null;
        if (downOnly) continue;
        up = { state: 'UP', startUs: e.tsUs, endUs: null, endedBy: null, evidence: [e] };
        intervals.push(up);
      }
    }
    if (down) {
      const restartAt = firstStartIn(startsOf?.get(down.evidence[0]!.service), down.startUs, Infinity);
      if (restartAt !== undefined) {
        down.endUs = restartAt;
        down.endedBy = 'observer_restart';
        if (!downOnly) intervals.push({ state: 'UP', startUs: restartAt, endUs: null, endedBy: null, evidence: [] });
      }
    }
    if (intervals.length) out.push({ observer, target, intervals });
  }
  const sorted = out.sort((a, b) => a.observer.localeCompare(b.observer) || a.target.localeCompare(b.target));
  return window ? clipLinks(sorted, window) : sorted;
}

/** Whether the events are in (time, line) order already, as a store's read gives them: then not sorted again (a comparator call per event). */
function inTimeOrder(list: readonly TimelineEvent[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!;
    const b = list[i]!;
    if (a.tsUs > b.tsUs || (a.tsUs === b.tsUs && a.line > b.line)) return false;
  }
  return true;
}

/** The first process start in (afterUs, upToUs]; a loop, not `find`: this runs per event of a DOWN link. */
function firstStartIn(starts: readonly number[] | undefined, afterUs: number, upToUs: number): number | undefined {
  if (!starts) return undefined;
  for (let i = 0; i < starts.length; i++) {
    const t = starts[i]!;
    if (t > afterUs && t <= upToUs) return t;
  }
  return undefined;
}

/** The histories' intervals that overlap the window; links with none are dropped. */
export function clipLinks(links: readonly PeerLinkHistory[], window: Window): PeerLinkHistory[] {
  return links
    .map((l) => ({ ...l, intervals: l.intervals.filter((iv) => overlaps(iv.startUs, iv.endUs, window)) }))
    .filter((l) => l.intervals.length > 0);
}
