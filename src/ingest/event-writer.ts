/**
 * Collects events and source updates from the scan workers and writes them to the
 * store in transactional batches, in arrival order. A batch is handed over while the
 * previous one may still be committing; the store keeps them in order.
 */
import type { EventBatch } from '../model/event-batch.js';
import type { EventStore, WriteBatch } from '../store/event-store.js';
import type { SourceWrite, StoredCheckpoint } from '../catalog/catalog.js';

/** Events per store transaction. Must stay below MAX_EVENTS_IN_FLIGHT (scan-pool.ts): the scanners stop at that many unwritten events, and a batch waiting for more would wait forever. */
export const WRITE_BATCH_EVENTS = 10_000;
/** Pending events above which producers wait for the writer (bounds memory). */
export const WRITE_HIGH_WATER = 100_000;

export class EventWriter {
  private batch: WriteBatch = emptyBatch();
  private pending = 0;
  private batchEvents = 0;
  private releases: (() => void)[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly started = new Set<string>();
  private error: Error | null = null;
  written = 0;
  /** Files finished in batches the store acknowledged (their checkpoints are saved). */
  filesWritten = 0;

  constructor(
    private readonly store: EventStore,
    private readonly known: Map<string, StoredCheckpoint>,
    /** Called after each stored batch with the running totals. */
    private readonly onWritten: (events: number, files: number) => void = () => undefined,
  ) {}

  /** First events of a source in this run replace what the store holds from `startLine` on. */
  private begin(source: string, startLine: number): void {
    if (this.started.has(source)) return;
    this.started.add(source);
    this.batch.marks.push(source);
    if (this.known.has(source)) this.batch.deletes.push({ source, fromLine: startLine });
  }

  addEvents(source: string, startLine: number, events: EventBatch, release: () => void = () => undefined): void {
    this.begin(source, startLine);
    this.batch.events.push(events);
    this.releases.push(release);
    this.batchEvents += events.count;
    this.pending += events.count;
    if (this.batchEvents >= WRITE_BATCH_EVENTS) this.flush();
  }

  finishSource(write: SourceWrite, startLine: number): void {
    if (!this.started.has(write.info.source)) {
      this.started.add(write.info.source);
      if (this.known.has(write.info.source)) this.batch.deletes.push({ source: write.info.source, fromLine: startLine });
    }
    this.batch.sources.push(write);
  }

  /**
   * Hands the current batch to the store at once, while earlier ones may still be
   * committing (the store keeps them in order; see EventStore.writeBatch).
   */
  flush(): Promise<void> {
    const b = this.batch;
    if (!b.events.length && !b.sources.length && !b.deletes.length && !b.marks.length) return this.writing;
    const n = this.batchEvents;
    const files = b.sources.filter((s) => s.status === 'done').length;
    const releases = this.releases;
    this.batch = emptyBatch();
    this.batchEvents = 0;
    this.releases = [];
    const write = (this.error ? Promise.resolve() : this.store.writeBatch(b))
      .then(
        () => {
          if (this.error) return;
          this.written += n;
          this.filesWritten += files;
          this.onWritten(this.written, this.filesWritten);
        },
        (e: unknown) => {
          this.error ??= e as Error;
        },
      )
      .finally(() => {
        this.pending -= n;
        // Written (or failed: the run stops anyway): the producers may go on.
        for (const r of releases) r();
        this.inFlight.delete(write);
      });
    this.inFlight.add(write);
    this.writing = Promise.all([this.writing, write]).then(() => undefined);
    return write;
  }

  /** Writes handed to the store and not yet finished. */
  private readonly inFlight = new Set<Promise<void>>();

  /** Waits while too many events are queued; throws the first write error. */
  async backpressure(): Promise<void> {
    while (this.pending > WRITE_HIGH_WATER && !this.error) {
      this.flush();
      await Promise.race(this.inFlight);
    }
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    this.flush();
    await this.writing;
    if (this.error) throw this.error;
  }
}

function emptyBatch(): WriteBatch {
  return { deletes: [], marks: [], sources: [], events: [] };
}
