/**
 * Several ILP senders, each in its own worker thread: the client formats rows in
 * JavaScript, so one sender on the main thread caps ingest (figures in docs/performance.md).
 * A write's rows are split evenly over the senders: within one write no key (ts,
 * source, line, kind) repeats, and writes do not overlap, so order between senders
 * cannot matter.
 */
import { Worker } from 'node:worker_threads';
import { sliceBatch, type EventBatch } from '../../model/event-batch.js';
import type { SenderRequest, SenderResponse } from './sender.worker.js';
import type { RowTables } from './ilp-rows.js';
import { StoreUnavailableError } from '../store-unavailable.js';

/** Sender threads: one per core up to this many. */
export const MAX_SENDER_THREADS = 4;
/** A sender holds one write (a few MiB of rows) at a time: small heaps keep ingest within its RSS budget. */
export const SENDER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/** One sender thread, or none after it was stopped for hanging (started again when next needed). */
interface Slot {
  worker: Worker | null;
  /** Writes sent to this thread and not yet answered (a new map with each new thread). */
  waiting: Map<number, Waiter>;
}
type Waiter = { resolve: () => void; reject: (e: Error) => void };

export class SenderPool {
  private nextId = 1;
  private readonly slots: Slot[];

  private constructor(
    private readonly config: string,
    workers: Worker[],
  ) {
    this.slots = workers.map((w) => this.adopt({ worker: w, waiting: new Map() }));
  }

  static async start(config: string, threads: number): Promise<SenderPool> {
    return new SenderPool(config, await Promise.all(Array.from({ length: threads }, () => startWorker(config))));
  }

  /** Routes a thread's answers to its waiting writes; a thread that dies fails them as "away". */
  private adopt(slot: Slot): Slot {
    const w = slot.worker!;
    const waiting = (slot.waiting = new Map<number, Waiter>());
    const failAll = (e: Error): void => {
      if (slot.worker === w) slot.worker = null;
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    };
    w.on('message', (m: SenderResponse | { type: 'ready' }) => {
      if (m.type !== 'done') return;
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (!m.error) p?.resolve();
      else p?.reject(m.away ? new StoreUnavailableError(`QuestDB write failed: ${m.error}`, m.away) : new Error(m.error));
    });
    w.on('error', (e: Error) => failAll(e));
    w.on('exit', () => failAll(new StoreUnavailableError('QuestDB sender thread stopped', 'sender stopped')));
    return slot;
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Sends every batch and waits until each sender's flush is acknowledged. A sender that
   * has not answered within `timeoutMs` is stopped (a client stuck in its own retries
   * never answers) and the write fails as StoreUnavailableError: sending it again is safe,
   * the table deduplicates.
   */
  async write(tables: RowTables, batches: EventBatch[], timeoutMs: number): Promise<void> {
    const shards = splitEvenly(batches, this.slots.length);
    const sends = shards.map((shard, i) => (shard.length ? this.send(this.slots[i]!, tables, shard, timeoutMs) : Promise.resolve()));
    const results = await Promise.allSettled(sends);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason as Error;
  }

  private async send(slot: Slot, tables: RowTables, batches: EventBatch[], timeoutMs: number): Promise<void> {
    if (!slot.worker) {
      // Started again after a hang; the client may ask the server for its settings while starting.
      try {
        slot.worker = await startWorker(this.config);
      } catch (e) {
        throw new StoreUnavailableError(`QuestDB sender could not start: ${(e as Error).message}`, (e as Error).message);
      }
      this.adopt(slot);
    }
    const { worker: w, waiting } = slot;
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        timer = setTimeout(() => {
          waiting.delete(id);
          if (slot.worker === w) slot.worker = null;
          void w.terminate();
          reject(new StoreUnavailableError(`QuestDB did not acknowledge a write within ${Math.round(timeoutMs / 1000)} s`, 'no answer'));
        }, timeoutMs);
        w.postMessage({ type: 'write', id, tables, batches } satisfies SenderRequest);
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        const w = slot.worker;
        slot.worker = null;
        if (!w) return;
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

/** A sender thread, once its client is ready (or the error that kept it from starting). */
function startWorker(config: string): Promise<Worker> {
  const w = new Worker(new URL('./sender.worker.js', import.meta.url), { workerData: { config }, resourceLimits: SENDER_HEAP_LIMITS });
  return new Promise<Worker>((resolve, reject) => {
    w.once('message', () => resolve(w));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`sender thread exited with code ${code}`)));
  });
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
