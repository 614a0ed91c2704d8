/**
 * Derived answers, cached per store and keyed by the store's data version (bumped by
 * every write): like Loki's results cache, a dashboard that asks the same window again
 * is answered from memory until new events arrive. Entries are whole analyses of one
 * (window, cluster); a new version makes every older entry unreachable, and drops it.
 */
import type { TimelineAnalysis } from '../../derive/timeline-analysis.js';
import type { EventStore } from '../../store/event-store.js';

/** Analyses kept per store (least recently used go first). */
export const ANALYSIS_CACHE_ENTRIES = 64;

export class AnalysisCache {
  private readonly entries = new Map<string, Promise<TimelineAnalysis>>();
  private version: string | null = null;
  hits = 0;
  misses = 0;

  constructor(private readonly max = ANALYSIS_CACHE_ENTRIES) {}

  /**
   * The analysis of `key` at data `version`. Entries of another version are dropped when
   * a new one is asked for: no later request can hit them, and each holds a window's
   * events, which otherwise stay on the heap (and in the collector's way) until evicted.
   */
  get(version: string, key: string, compute: () => Promise<TimelineAnalysis>): Promise<TimelineAnalysis> {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const have = this.entries.get(key);
    if (have) {
      this.hits++;
      this.entries.delete(key); // re-insert: most recently used last
      this.entries.set(key, have);
      return have;
    }
    this.misses++;
    const p = compute();
    this.entries.set(key, p);
    p.catch(() => this.entries.get(key) === p && this.entries.delete(key)); // a failed analysis is not an answer
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return p;
  }
}

const caches = new WeakMap<EventStore, AnalysisCache>();

export function analysisCacheFor(store: EventStore): AnalysisCache {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new AnalysisCache()));
  return c;
}
