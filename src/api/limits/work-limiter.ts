/**
 * At most N computations at once; the rest wait in order. Analyses read the store through
 * one queue per connection: hundreds started at once would hold every other reader
 * (/healthz's ping among them) behind them, and hold all their events in memory together.
 * A waiter whose request gave up (its signal aborted) leaves the queue: nobody would read
 * what it computed.
 */
export class WorkLimiter {
  private running = 0;
  private readonly queue: { go: () => void; stop: (e: unknown) => void }[] = [];

  constructor(readonly max: number) {}

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.running >= this.max) await this.slot(signal);
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next)
        next.go(); // the slot passes on; `running` stays
      else this.running--;
    }
  }

  private slot(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = { go: () => (signal?.removeEventListener('abort', onAbort), resolve()), stop: reject };
      const onAbort = (): void => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  get waiting(): number {
    return this.queue.length;
  }
}
