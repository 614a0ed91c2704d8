/**
 * Derived answers, cached per store and keyed by the store's data version (bumped by
 * every write): like Loki's results cache, a dashboard that asks the same window again
 * is answered from memory until new events arrive. Entries are whole analyses of one
 * (window, cluster); a new version makes every older entry unreachable, and drops it.
 * Bounded by the bytes the analyses hold (lru-cache `maxSize`), not by their number: one
 * week-long window holds as many events as thousands of short ones.
 */
import { LRUCache } from 'lru-cache';
import type { TimelineAnalysis } from '../../derive/timeline-analysis.js';
import type { EventStore } from '../../store/event-store.js';
import type { TimelineEvent } from '../../model/event.js';

/**
 * 64 MiB: about four 7-day analyses of 10^7 events, or thirty 1-day ones; repeats of one
 * request are answered by the response cache before this. With 256, the heap a full
 * collection marks held ~500 MiB after bench:load's distinct windows, and serve's loop
 * stopped 67–168 ms in its idle phase; with 64, 66–85 ms (docs/load.md).
 */
export const DEFAULT_ANALYSIS_CACHE_MB = 64;

/** `ZBS_ANALYSIS_CACHE_MB` (default 64; 0 keeps nothing); anything but a whole number ≥ 0 is an error, not a guess. */
export function analysisCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.ZBS_ANALYSIS_CACHE_MB ?? String(DEFAULT_ANALYSIS_CACHE_MB);
  if (!/^\d+$/.test(v)) throw new Error(`ZBS_ANALYSIS_CACHE_MB=${v} is not a whole number of MiB`);
  return Number(v) * 1024 * 1024;
}

/** Rough heap bytes per object and per string character (UTF-16 at worst). */
const OBJECT_BYTES = 160;
const CHAR_BYTES = 2;

/**
 * An estimate of the heap an analysis holds: its events' text and objects, and room for
 * its derived rows. Those are counted from the sources and nodes, not read: reading an
 * answer derives it, and sizing a fresh analysis derived every answer (full link
 * histories, elections …) inside each request that only asked for one. Restarts and
 * instances come about one per source, links one per ordered pair of nodes, the rest
 * fewer. On bench:query's store the estimate moved by -0.4 % (7 days, 21 656 events)
 * and +3.2 % (1 hour, 396 events) from the one that counted the derived rows.
 */
export function analysisBytes(a: TimelineAnalysis): number {
  const nodes = a.nodes.length;
  const derivedRows = 2 * a.sources.length + nodes * (nodes - 1);
  const fixed = OBJECT_BYTES * (1 + a.sources.length + nodes) + OBJECT_BYTES * 2 * derivedRows;
  return fixed + eventBytes(a.events);
}

/** Events read to size them, at most: a week's 21 656 took ~1 ms of each cold answer. */
const SIZE_SAMPLE = 1024;
/** The golden ratio's fraction: k·φ mod 1 spreads a sample evenly without following a period of the list. */
const PHI = (Math.sqrt(5) - 1) / 2;

/** The events' heap, from a sample of them (all when there are few): an estimate either way. */
function eventBytes(events: readonly TimelineEvent[]): number {
  const n = events.length;
  const sample = Math.min(n, SIZE_SAMPLE);
  let bytes = 0;
  for (let k = 0; k < sample; k++) {
    const e = events[sample === n ? k : Math.floor(((k * PHI) % 1) * n)]!;
    const text = e.message.length + (e.peer?.length ?? 0) + e.source.length;
    bytes += OBJECT_BYTES * 2 + CHAR_BYTES * text + OBJECT_BYTES * fieldCount(e.fields);
  }
  return sample ? Math.round((bytes * n) / sample) : 0;
}

/** Object.keys(fields).length without the array: the fields of most events are one shared `{}`. */
function fieldCount(fields: object): number {
  let n = 0;
  for (const k in fields) if (Object.hasOwn(fields, k)) n++;
  return n;
}

export class AnalysisCache {
  private readonly entries: LRUCache<string, Promise<TimelineAnalysis>> | null;
  private version: string | null = null;
  hits = 0;
  misses = 0;

  constructor(maxBytes = analysisCacheBytes()) {
    this.entries = maxBytes > 0 ? new LRUCache({ maxSize: maxBytes }) : null;
  }

  /**
   * The analysis of `key` at data `version`. Entries of another version are dropped when
   * a new one is asked for: no later request can hit them, and each holds a window's
   * events, which otherwise stay on the heap (and in the collector's way) until evicted.
   */
  get(version: string, key: string, compute: () => Promise<TimelineAnalysis>): Promise<TimelineAnalysis> {
    const entries = this.entries;
    if (version !== this.version) {
      entries?.clear();
      this.version = version;
    }
    const have = entries?.get(key);
    if (have) {
      this.hits++;
      return have;
    }
    this.misses++;
    const p = compute();
    if (!entries) return p;
    // Sized when computed: kept meanwhile at one byte, so that identical requests share it.
    entries.set(key, p, { size: 1 });
    p.then(
      (a) => entries.peek(key) === p && entries.set(key, p, { size: Math.max(1, analysisBytes(a)) }),
      () => entries.peek(key) === p && entries.delete(key), // a failed analysis is not an answer
    );
    return p;
  }
}

const caches = new WeakMap<EventStore, AnalysisCache>();

export function analysisCacheFor(store: EventStore): AnalysisCache {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new AnalysisCache()));
  return c;
}
