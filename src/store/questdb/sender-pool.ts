/**
 * Several ILP senders, each in its own worker thread: the client formats rows in
 * JavaScript, so one sender on the main thread caps ingest (figures in the README).
 * A write's rows are split evenly over the senders: within one write no key (ts,
 * source, line, kind) repeats, and writes do not overlap, so order between senders
 * cannot matter.
 */
import { Worker } from 'node:worker_threads';
import { sliceBatch, type EventBatch } from '../../model/event-batch.js';
import type { SenderRequest, SenderResponse } from './sender.worker.js';

/** Sender threads: one per core up to this many. */
export const MAX_SENDER_THREADS = 4;
/** A sender holds one write (a few MiB of rows) at a time: small heaps keep ingest within its RSS budget. */
export const SENDER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

export class SenderPool {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: SenderResponse | { type: 'ready' }) => {
        if (m.type !== 'done') return;
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error) p?.reject(new Error(m.error));
        else p?.resolve();
      });
      w.on('error', (e: Error) => {
        for (const p of this.waiting.values()) p.reject(e);
        this.waiting.clear();
      });
    }
  }

  static async start(config: string, threads: number): Promise<SenderPool> {
    const workers = Array.from({ length: threads }, () => new Worker(new URL('./sender.worker.js', import.meta.url), { workerData: { config }, resourceLimits: SENDER_HEAP_LIMITS }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', () => resolve());
            w.once('error', reject);
          }),
      ),
    );
    return new SenderPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends every batch and waits until each sender's flush is acknowledged. */
  async write(table: string, batches: EventBatch[]): Promise<void> {
    const shards = splitEvenly(batches, this.workers.length);
    const sends = shards.map((shard, i) => {
      if (!shard.length) return Promise.resolve();
      const id = this.nextId++;
      return new Promise<void>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.workers[i]!.postMessage({ type: 'write', id, table, batches: shard } satisfies SenderRequest);
      });
    });
    const results = await Promise.allSettled(sends);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason as Error;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        const closed = new Promise<void>((resolve) => {
          w.on('message', (m: SenderResponse) => m.type === 'closed' && resolve());
          w.once('exit', () => resolve());
        });
        w.postMessage({ type: 'close' } satisfies SenderRequest);
        await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
        await w.terminate();
      }),
    );
  }
}

/** `n` lists of batches with (nearly) the same number of rows each; batches are sliced, not copied. */
export function splitEvenly(batches: EventBatch[], n: number): EventBatch[][] {
  const total = batches.reduce((a, b) => a + b.count, 0);
  const per = Math.ceil(total / n);
  const shards: EventBatch[][] = Array.from({ length: n }, () => []);
  let shard = 0;
  let room = per;
  for (const b of batches) {
    let from = 0;
    while (from < b.count) {
      const take = Math.min(room, b.count - from);
      shards[shard]!.push(from === 0 && take === b.count ? b : sliceBatch(b, from, from + take));
      from += take;
      room -= take;
      if (room === 0 && shard < n - 1) {
        shard++;
        room = per;
      }
    }
  }
  return shards;
}
