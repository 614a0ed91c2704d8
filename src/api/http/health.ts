/**
 * /healthz from the store's last ping: a load balancer probing every 100 ms gets its
 * answer at once, while at most one ping waits in the store's queue (behind a long
 * analysis it waits there, and an answer that waited with it came seconds late).
 */

/** A ping answered within this is reused; an older one is refreshed in the background. */
export const HEALTH_FRESH_MS = 1_000;
/** A ping still unanswered after this counts as a failure: the store does not answer. */
export const HEALTH_STALE_MS = 10_000;

export interface Pingable {
  ping(): Promise<void>;
}

export class HealthProbe {
  private last: { ok: boolean; at: number } | null = null;
  private running: { since: number; done: Promise<boolean> } | null = null;

  constructor(
    private readonly store: Pingable,
    private readonly onFailure: (e: unknown) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the store answers: the first call waits for a ping; later ones answer from the last. */
  async healthy(): Promise<boolean> {
    if (this.last === null) return this.ping();
    if (this.now() - this.last.at >= HEALTH_FRESH_MS) void this.ping();
    // A ping stuck longer than HEALTH_STALE_MS says more than an old success.
    if (this.running && this.now() - this.running.since >= HEALTH_STALE_MS) return false;
    return this.last.ok;
  }

  private ping(): Promise<boolean> {
    if (this.running) return this.running.done;
    const since = this.now();
    const done = this.store.ping().then(
      () => true,
      (e: unknown) => (this.onFailure(e), false),
    );
    this.running = { since, done };
    void done.then((ok) => {
      this.last = { ok, at: this.now() };
      this.running = null;
    });
    return done;
  }
}
