/**
 * The store's data version as the response cache reads it: at most once per `pollMs`
 * (a catalog query per request would cost more than a cached answer), and at once after
 * a write through this process's store. So an answer is never stale after an in-process
 * write, and at most `pollMs` after another process's (an `ingest` or a `worker`).
 */
import type { EventStore } from '../../store/event-store.js';

export const VERSION_POLL_MS = 200;

export class VersionClock {
  private version: string | null = null;
  private readAt = -Infinity;
  private writesSeen = -1;
  private reading: Promise<string> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly pollMs = VERSION_POLL_MS,
  ) {}

  /** The version `current()` would give without reading it, or null when it would read. */
  fresh(): string | null {
    return this.version !== null && this.store.localWrites === this.writesSeen && performance.now() - this.readAt < this.pollMs
      ? this.version
      : null;
  }

  current(): Promise<string> {
    const writes = this.store.localWrites;
    const fresh = this.fresh();
    if (fresh !== null) return Promise.resolve(fresh);
    if (this.reading && writes === this.writesSeen) return this.reading;
    const started = performance.now();
    this.writesSeen = writes;
    const read = this.store.dataVersion().then((v) => {
      if (this.reading === read) {
        this.version = v;
        this.readAt = started;
        this.reading = null;
      }
      return v;
    });
    read.catch(() => {
      if (this.reading !== read) return;
      this.reading = null;
      this.readAt = -Infinity; // a failed read confirms nothing: the next request reads again
    });
    this.reading = read;
    return read;
  }
}
