/**
 * Reads what a window needs from the store and derives every answer once: the API and
 * `check` both ask this. Work is proportional to the window (plus a fixed margin).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { KEY_EVENT_KINDS, type EventKind, type TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { REPEAT_BUCKET_US } from '../model/repeat-rule.js';
import type { EventStore } from '../store/event-store.js';
import {
  overlaps,
  type ClockSkew,
  type Incident,
  type MetaLeaderChange,
  type NodeOutage,
  type PeerLinkHistory,
  type ServiceInstance,
  type ServiceRestart,
  type Window,
  type ZkElection,
} from './derive.types.js';
import { deriveIncidents } from './incidents.derive.js';
import { deriveMetaLeadership, deriveZkElections } from './leadership.derive.js';
import { deriveNodeOutages } from './outages.derive.js';
import { clipLinks, derivePeerLinkHistory } from './peer-links.derive.js';
import { deriveServiceRestarts } from './restarts.derive.js';
import { deriveServiceInstances } from './instances.derive.js';
import { deriveClockSkews } from './clock-skew.derive.js';

/**
 * Context read around the window: a link that failed shortly before the window, or a
 * restart that finishes shortly after it, still belongs to the answer.
 */
export const CONTEXT_MARGIN_US = 3_600_000_000;

/** The event kinds the derivations read (the rest stay in the store). */
export const DERIVATION_KINDS: EventKind[] = [...KEY_EVENT_KINDS];

export interface TimelineAnalysis {
  readonly window: Window;
  readonly events: TimelineEvent[];
  readonly sources: SourceInfo[];
  readonly nodes: string[];
  readonly restarts: ServiceRestart[];
  readonly instances: ServiceInstance[];
  readonly links: PeerLinkHistory[];
  readonly outages: NodeOutage[];
  readonly incidents: Incident[];
  readonly elections: ZkElection[];
  readonly metaLeaders: MetaLeaderChange[];
  readonly clockSkews: ClockSkew[];
  /** Derives what `answer` needs one step per event-loop turn, so a server answers other requests in between. */
  inTurns(answer: AnswerName): Promise<void>;
}

export type AnswerName = 'outages' | 'links' | 'restarts' | 'instances' | 'incidents' | 'elections' | 'metaLeaders' | 'clockSkews';

/** The derivation steps behind each answer, in order: each is a memoised getter of WindowAnalysis. */
const STEPS: Record<AnswerName, readonly string[]> = {
  outages: ['allRestarts', 'downLinks', 'outages'],
  incidents: ['allRestarts', 'downLinks', 'outages', 'incidents'],
  links: ['allLinks', 'links'],
  restarts: ['allRestarts', 'restarts'],
  instances: ['allRestarts', 'instances'],
  elections: ['elections'],
  metaLeaders: ['metaLeaders'],
  clockSkews: ['clockSkews'],
};

export async function analyzeWindow(store: EventStore, window: Window, cluster?: string): Promise<TimelineAnalysis> {
  const [events, allSources] = await Promise.all([
    store.queryEvents({ ...readRange(window), cluster, kinds: DERIVATION_KINDS, dropRepeats: true }),
    store.listSources({ cluster }),
  ]);
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
  return new WindowAnalysis(events, allSources, window);
}

/**
 * Each answer is derived when first asked for, then kept: a query for link history
 * never pays for outages and incidents (the cut-off sweep is the costliest step).
 */
class WindowAnalysis implements TimelineAnalysis {
  readonly sources: SourceInfo[];
  readonly nodes: string[];
  private readonly done = new Map<string, unknown>();

  constructor(
    readonly events: TimelineEvent[],
    allSources: readonly SourceInfo[],
    readonly window: Window,
  ) {
    const ext = readRange(window);
    this.sources = allSources.filter((s) => s.firstTsUs !== null && overlaps(s.firstTsUs, s.lastTsUs, ext));
    this.nodes = [...new Set(allSources.map((s) => s.node))].sort();
  }

  async inTurns(answer: AnswerName): Promise<void> {
    for (const step of STEPS[answer]) {
      if (this.done.has(step)) continue;
      await nextTurn(); // scheduled from the check phase, the next step waits for the next poll (I/O) phase
      void (this as unknown as Record<string, unknown>)[step];
    }
  }

  private once<T>(name: string, derive: () => T): T {
    if (!this.done.has(name)) this.done.set(name, derive());
    return this.done.get(name) as T;
  }

  /** Every restart and link of the read range; the answers clip them to the window. */
  private get allRestarts(): ServiceRestart[] {
    return this.once('allRestarts', () => deriveServiceRestarts(this.sources, this.events));
  }
  private get allLinks(): PeerLinkHistory[] {
    return this.once('allLinks', () => derivePeerLinkHistory(this.events));
  }
  /** What outages read: the DOWN intervals, from the full histories if those are derived already. */
  private get downLinks(): PeerLinkHistory[] {
    return this.done.has('allLinks') ? this.allLinks : this.once('downLinks', () => derivePeerLinkHistory(this.events, { downOnly: true }));
  }

  get restarts(): ServiceRestart[] {
    return this.once('restarts', () =>
      this.allRestarts.filter((r) => overlaps(r.stoppedAtUs ?? r.startedAtUs, r.startedAtUs, this.window)),
    );
  }
  get instances(): ServiceInstance[] {
    return this.once('instances', () =>
      deriveServiceInstances(this.sources, this.allRestarts).filter((i) => overlaps(i.startUs, i.endUs, this.window)),
    );
  }
  get links(): PeerLinkHistory[] {
    return this.once('links', () => clipLinks(this.allLinks, this.window));
  }
  get outages(): NodeOutage[] {
    return this.once('outages', () =>
      deriveNodeOutages({ events: this.events, restarts: this.allRestarts, links: this.downLinks, window: this.window }),
    );
  }
  get incidents(): Incident[] {
    return this.once('incidents', () => deriveIncidents(this.outages, this.nodes));
  }
  get elections(): ZkElection[] {
    return this.once('elections', () => deriveZkElections(this.events, this.window));
  }
  get metaLeaders(): MetaLeaderChange[] {
    return this.once('metaLeaders', () => deriveMetaLeadership(this.events, this.window));
  }
  get clockSkews(): ClockSkew[] {
    return this.once('clockSkews', () => deriveClockSkews(this.events, this.sources, this.window));
  }
}
