import type { StoreWait } from '../store/store-unavailable.js';

/**
 * A one-line progress display on a TTY (stderr); silent otherwise, except for a store
 * that went away: a line when the wait starts and one when it ends, so logs show it.
 */
export class ProgressLine {
  private last = 0;
  private readonly t0 = performance.now();
  private shown: [done: number, total: number, text: string] = [0, 0, ''];
  private wait: StoreWait | null = null;
  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(done: number, total: number, text: string): void {
    this.shown = [done, total, text];
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100 && done < total) return;
    this.render(now);
  }

  /** While the store is away its wait replaces the counts; null: it answers again. */
  storeWait(w: StoreWait | null): void {
    if (!this.enabled && Boolean(w) !== Boolean(this.wait)) {
      if (w)
        this.out.write(
          `zbs-timeline: ${w.store} unreachable (${w.cause}); retrying for up to ${Math.round(w.timeoutMs / 1000)} s (--store-timeout)\n`,
        );
      else this.out.write(`zbs-timeline: ${this.wait!.store} reachable again; going on\n`);
    }
    this.wait = w;
    if (this.enabled) this.render(performance.now());
  }

  private render(now: number): void {
    this.last = now;
    const [done, total, counts] = this.shown;
    const text = this.wait ? storeWaitText(this.wait) : counts;
    const width = 24;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const secs = (now - this.t0) / 1000;
    this.out.write(`\r\x1b[2K${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${text} ${secs.toFixed(1)}s`);
  }

  done(): void {
    if (this.enabled) this.out.write('\r\x1b[2K');
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

/** E.g. `QuestDB at http://127.0.0.1:9000 unreachable (ECONNREFUSED), retrying (12 s of 60 s)…`. */
export function storeWaitText(w: StoreWait): string {
  return `${w.store} unreachable (${w.cause}), retrying (${Math.floor(w.waitedMs / 1000)} s of ${Math.round(w.timeoutMs / 1000)} s)…`;
}
