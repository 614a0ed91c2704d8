/**
 * Reads what a window needs from the store and derives every answer once: the API and
 * `check` both ask this. Work is proportional to the window (plus a fixed margin).
 */
import { KEY_EVENT_KINDS, type EventKind, type TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { REPEAT_BUCKET_US } from '../model/repeat-marks.js';
import type { EventStore } from '../store/event-store.js';
import { overlaps, type Incident, type MetaLeaderChange, type NodeOutage, type PeerLinkHistory, type ServiceRestart, type Window, type ZkElection } from './derive.types.js';
import { deriveIncidents } from './incidents.derive.js';
import { deriveMetaLeadership, deriveZkElections } from './leadership.derive.js';
import { deriveNodeOutages } from './outages.derive.js';
import { clipLinks, derivePeerLinkHistory } from './peer-links.derive.js';
import { deriveServiceRestarts } from './restarts.derive.js';

/**
 * Context read around the window: a link that failed shortly before the window, or a
 * restart that finishes shortly after it, still belongs to the answer.
 */
export const CONTEXT_MARGIN_US = 3_600_000_000;

/** The event kinds the derivations read (the rest stay in the store). */
export const DERIVATION_KINDS: EventKind[] = [...KEY_EVENT_KINDS];

export interface TimelineAnalysis {
  window: Window;
  events: TimelineEvent[];
  sources: SourceInfo[];
  nodes: string[];
  restarts: ServiceRestart[];
  links: PeerLinkHistory[];
  outages: NodeOutage[];
  incidents: Incident[];
  elections: ZkElection[];
  metaLeaders: MetaLeaderChange[];
}

export async function analyzeWindow(store: EventStore, window: Window, cluster?: string): Promise<TimelineAnalysis> {
  const [events, allSources] = await Promise.all([store.queryEvents({ ...readRange(window), cluster, kinds: DERIVATION_KINDS, dropRepeats: true }), store.listSources({ cluster })]);
  return analyzeEvents(events, allSources, window);
}

/**
 * What a window's answers read: the window plus the context margin, widened back to an
 * hour boundary — from there, each link's first event is in the store's repeat-free rows.
 */
export function readRange(window: Window): { fromUs: number; toUs: number } {
  const from = window.fromUs - CONTEXT_MARGIN_US;
  return { fromUs: Math.floor(from / REPEAT_BUCKET_US) * REPEAT_BUCKET_US, toUs: window.toUs + CONTEXT_MARGIN_US };
}

/** The same derivations over events already in memory (tests, small inputs). */
export function analyzeEvents(events: TimelineEvent[], allSources: readonly SourceInfo[], window: Window): TimelineAnalysis {
  const ext = readRange(window);
  const sources = allSources.filter((s) => s.firstTsUs !== null && overlaps(s.firstTsUs, s.lastTsUs, ext));
  const nodes = [...new Set(allSources.map((s) => s.node))].sort();
  const restartsAll = deriveServiceRestarts(sources, events);
  const linksAll = derivePeerLinkHistory(events);
  const outages = deriveNodeOutages({ events, restarts: restartsAll, links: linksAll, window });
  return {
    window,
    events,
    sources,
    nodes,
    restarts: restartsAll.filter((r) => overlaps(r.stoppedAtUs ?? r.startedAtUs, r.startedAtUs, window)),
    links: clipLinks(linksAll, window),
    outages,
    incidents: deriveIncidents(outages, nodes),
    elections: deriveZkElections(events, window),
    metaLeaders: deriveMetaLeadership(events, window),
  };
}
