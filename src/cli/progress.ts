/** A one-line progress display on a TTY (stderr); silent otherwise. */
export class ProgressLine {
  private last = 0;
  private readonly t0 = performance.now();
  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(done: number, total: number, text: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
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
