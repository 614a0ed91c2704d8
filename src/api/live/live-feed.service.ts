/**
 * What subscriptions are told, and when. The store's data version (a catalog row bumped
 * by every write) says that something changed; each subscription then looks at what it
 * watches — its cluster's files, or a window's nodeOutages — and speaks only if that
 * differs. The version is read on an interval only while someone subscribes (another
 * process may write: `worker`, `ingest` on a server store), and at once when this
 * process wrote (`serve --watch`).
 */
import { EventEmitter, on } from 'node:events';
import type { EventStore } from '../../store/event-store.js';
import type { LogFn } from '../../model/log.js';
import type { DataChangedArgs } from '../args/live.args.js';
import type { OutagesArgs } from '../args/window.args.js';
import { checkCluster } from '../services/query-guard.js';
import { TimelineService } from '../services/timeline.service.js';
import type { DataChange, OutagesChange } from '../types/live.type.js';

/** How often the data version is read while anyone subscribes. */
export const LIVE_POLL_MS = 1000;

export interface LiveFeedOptions {
  store: EventStore;
  log: LogFn;
  pollMs?: number;
}

/** One subscription: at a new data version, says what changed for it (if anything). */
interface Watch {
  probe(version: string): Promise<void>;
  end(): void;
}

export class LiveFeed {
  private readonly watches = new Set<Watch>();
  private timer: NodeJS.Timeout | null = null;
  /** The version every watch has looked at (null: none yet, or a look failed). */
  private version: string | null = null;
  private checking: Promise<void> | null = null;
  private again = false;
  /** Reads of the data version so far: they stop when the last subscriber leaves. */
  versionReads = 0;

  constructor(private readonly opts: LiveFeedOptions) {}

  get subscribers(): number {
    return this.watches.size;
  }

  get polling(): boolean {
    return this.timer !== null;
  }

  /** This process wrote: look now rather than at the next tick. */
  notify(): void {
    if (this.watches.size) void this.check();
  }

  async dataChanges(args: DataChangedArgs): Promise<AsyncIterableIterator<DataChange>> {
    const cluster = (await checkCluster(this.opts.store, args.cluster)) ?? null;
    let seen = await this.filesDigest(cluster);
    return this.watch<DataChange>(async (version, push) => {
      const now = await this.filesDigest(cluster);
      if (now === seen) return;
      seen = now;
      push({ cluster, version, time: Date.now() * 1000 });
    });
  }

  /** The window's outages at once, then again each time the answer differs. */
  async outageChanges(args: OutagesArgs): Promise<AsyncIterableIterator<OutagesChange>> {
    const derive = async (version: string): Promise<OutagesChange> => ({
      cluster: args.cluster ?? null,
      version,
      time: Date.now() * 1000,
      // A service per look, as per request; the derivation itself is cached per data version and window.
      outages: await new TimelineService(this.opts.store).nodeOutages(args),
    });
    const first = await derive(await this.opts.store.dataVersion());
    let seen = JSON.stringify(first.outages);
    return this.watch<OutagesChange>(async (version, push) => {
      const next = await derive(version);
      const now = JSON.stringify(next.outages);
      if (now === seen) return;
      seen = now;
      push(next);
    }, first);
  }

  /** Ends every subscription and stops polling (the server is shutting down). */
  close(): void {
    for (const w of this.watches) w.end();
  }

  /** What the cluster's files look like in the catalog: reading any of them further changes it. */
  private async filesDigest(cluster: string | null): Promise<string> {
    const files = await this.opts.store.listSources({ cluster: cluster ?? undefined });
    return JSON.stringify(files.map((f) => [f.source, f.bytes, f.lines, f.events, f.lastTsUs, f.endKind]).sort());
  }

  /**
   * A subscription's iterator. Not an async generator: graphql-ws ends a subscription
   * with return(), which a generator suspended in an await would not see until its next item.
   */
  private watch<T>(probe: (version: string, push: (item: T) => void) => Promise<void>, first?: T): AsyncIterableIterator<T> {
    const emitter = new EventEmitter();
    const items = on(emitter, 'item');
    const watch: Watch = { probe: (v) => probe(v, (item) => emitter.emit('item', item)), end: () => void stop() };
    const stop = async (): Promise<IteratorResult<T>> => {
      this.leave(watch);
      await items.return?.();
      return { done: true, value: undefined };
    };
    this.join(watch);
    if (first !== undefined) emitter.emit('item', first); // `on` queues it until the first next()
    return {
      next: async () => {
        const r = await items.next();
        return r.done ? r : { done: false, value: (r.value as [T])[0] };
      },
      return: stop,
      throw: async (e: unknown) => {
        await stop();
        throw e;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private join(w: Watch): void {
    this.watches.add(w);
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.opts.pollMs ?? LIVE_POLL_MS);
    this.timer.unref();
    this.opts.log('info', 'live: watching the data version', { everyMs: this.opts.pollMs ?? LIVE_POLL_MS });
  }

  private leave(w: Watch): void {
    if (!this.watches.delete(w) || this.watches.size || !this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.version = null;
    this.opts.log('info', 'live: no subscribers; stopped watching');
  }

  /** One look at a time; a call during a look asks for one more after it (a write it might have missed). */
  private check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = this.lookWhileAsked().finally(() => (this.checking = null));
    return this.checking;
  }

  private async lookWhileAsked(): Promise<void> {
    do {
      this.again = false;
      this.versionReads++;
      let version: string;
      try {
        version = await this.opts.store.dataVersion();
      } catch (e) {
        this.opts.log('warn', 'live: data version unreadable; trying again at the next tick', { error: (e as Error).message });
        return;
      }
      if (version === this.version) continue;
      this.version = version;
      const failed = (await Promise.allSettled([...this.watches].map((w) => w.probe(version)))).find((r) => r.status === 'rejected');
      if (failed) {
        this.version = null; // every watch looks again at the next tick
        this.opts.log('warn', 'live: a subscription could not be updated; trying again at the next tick', {
          error: String((failed.reason as Error)?.message ?? failed.reason),
        });
      }
    } while (this.again && this.watches.size);
  }
}
