/** An async-iterable queue of chunks fed by messages; calls `onTaken` as each is consumed. */
export class ChunkQueue implements AsyncIterable<Buffer> {
  private items: Buffer[] = [];
  private closed = false;
  private wake: (() => void) | null = null;
  constructor(private readonly onTaken: () => void) {}
  push(b: Buffer): void {
    this.items.push(b);
    this.wake?.();
  }
  end(): void {
    this.closed = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const b = this.items.shift();
      if (b) {
        yield b;
        this.onTaken();
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}
