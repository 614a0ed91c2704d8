/**
 * A store server that cannot be reached, and the bounded wait for it to come back.
 * Kept apart from the QuestDB modules so that the CLI can recognise the error without
 * loading them.
 */

/** A store that cannot be reached (as opposed to one that refused a statement): callers may retry. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    message: string,
    /** The failure in a word or two (`ECONNREFUSED`, `HTTP 503`), for a progress line. */
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** What a writer waiting for its store reports: how long it has waited, of how long it will. */
export interface StoreWait {
  /** The store, as its URL (secrets hidden). */
  store: string;
  waitedMs: number;
  timeoutMs: number;
  /** The last failure, e.g. `ECONNREFUSED`. */
  cause: string;
}

export interface StoreRetryOptions {
  /** How long an outage may last before the writer gives up (`--store-timeout`). */
  timeoutMs: number;
  /** Called while waiting (about once a second), and with null once the store answers again. */
  onWait?: (w: StoreWait | null) => void;
}

/** The default `--store-timeout`. */
export const DEFAULT_STORE_TIMEOUT_MS = 60_000;
/** Back-off between attempts: doubling from the first to the last, never past the deadline. */
export const RETRY_FIRST_MS = 250;
export const RETRY_MAX_MS = 2_000;
/** The waiting writer reports at least this often, so a progress line keeps counting. */
const REPORT_EVERY_MS = 1_000;

/**
 * Runs operations against one store, retrying those that fail with StoreUnavailableError
 * until the outage has lasted `timeoutMs`. The outage clock is shared: it starts at the
 * first failure and stops at the next success, whichever operation saw them. Once it has
 * given up, every later operation fails at once with the same error: the writes queued
 * behind a lost batch must not each wait out the timeout again.
 */
export class StoreRetry {
  private outageSince: number | null = null;
  /** The failures seen in this outage, each once, in order: the first says most, the last is the latest. */
  private readonly causes = new Set<string>();
  private gaveUp: StoreUnavailableError | null = null;

  constructor(
    private readonly store: string,
    private readonly opts: StoreRetryOptions,
  ) {}

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  /** `attempt` gets how long it may take: what is left of the outage's allowance. */
  async run<T>(attempt: (timeoutMs: number) => Promise<T>): Promise<T> {
    let backoff = RETRY_FIRST_MS;
    for (;;) {
      if (this.gaveUp) throw this.gaveUp;
      try {
        const r = await attempt(Math.max(1, this.remaining()));
        this.recovered();
        return r;
      } catch (e) {
        if (!(e instanceof StoreUnavailableError)) throw e;
        this.outageSince ??= Date.now();
        const cause = e.reason;
        this.causes.add(cause);
        if (this.remaining() <= 0) throw this.giveUp();
        await this.wait(Math.min(backoff, this.remaining()), cause);
        backoff = Math.min(RETRY_MAX_MS, backoff * 2);
      }
    }
  }

  private remaining(): number {
    return this.outageSince === null ? this.opts.timeoutMs : this.outageSince + this.opts.timeoutMs - Date.now();
  }

  private recovered(): void {
    if (this.outageSince === null) return;
    this.outageSince = null;
    this.causes.clear();
    this.opts.onWait?.(null);
  }

  private giveUp(): StoreUnavailableError {
    const secs = String(this.opts.timeoutMs / 1000);
    const causes = [...this.causes].join(', then ');
    this.gaveUp = new StoreUnavailableError(
      `${this.store} unreachable for ${secs} s (${causes}), gave up (--store-timeout ${secs})`,
      causes,
    );
    return this.gaveUp;
  }

  /** Sleeps `ms`, reporting the wait at least once a second. */
  private async wait(ms: number, cause: string): Promise<void> {
    const until = Date.now() + ms;
    do {
      const waitedMs = Math.min(this.opts.timeoutMs, Date.now() - this.outageSince!);
      this.opts.onWait?.({ store: this.store, waitedMs, timeoutMs: this.opts.timeoutMs, cause });
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(until - Date.now(), REPORT_EVERY_MS))));
    } while (Date.now() < until);
  }
}
