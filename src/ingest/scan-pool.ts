/**
 * A fixed pool of scan workers, one job per worker at a time. Stream jobs (archive
 * members, stdin) are fed chunk by chunk with a small window of unacknowledged
 * chunks, so memory stays bounded however large the archive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EventBatch } from '../model/event-batch.js';
import type { EventsMeta, ScanJobSpec, ScanResult } from './scan-job.js';

export type PoolRequest =
  { type: 'job'; spec: ScanJobSpec } | { type: 'chunk'; id: number; data: Uint8Array } | { type: 'end'; id: number };

export type PoolResponse =
  | { type: 'events'; id: number; startLine: number; batch: EventBatch; meta: EventsMeta }
  | { type: 'done'; id: number; result: ScanResult }
  | { type: 'failed'; id: number; message: string }
  | { type: 'ack'; id: number };

/** Chunks sent ahead of the worker's consumption for one stream job. */
const STREAM_WINDOW = 4;
/** Events one worker may have handed over and not yet seen written. */
export const MAX_EVENTS_IN_FLIGHT = 20_000;
/**
 * Scan workers by default: one per core, up to this many. Each worker costs about
 * 60 MiB of RSS (heap, WebAssembly memory, read buffers) on top of the ~250 MiB the
 * writer and DuckDB take, and ingest's budget is 384 MiB; `--jobs` overrides.
 */
export const DEFAULT_MAX_SCAN_WORKERS = 2;
/** Per-worker V8 heap limits (MiB). */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };

export interface PoolHooks {
  /** `release` must be called once the batch is written: it lets the worker go on. */
  onEvents(id: number, startLine: number, batch: EventBatch, release: () => void, meta: EventsMeta): void;
}

interface Slot {
  worker: Worker;
  inFlight: Int32Array;
  busy: boolean;
  job: {
    id: number;
    resolve: (r: ScanResult) => void;
    reject: (e: Error) => void;
    inFlight: number;
    waiters: (() => void)[];
    finished: boolean;
  } | null;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly idle: (() => void)[] = [];
  private failed: Error | null = null;

  private hooks: PoolHooks | null = null;

  /** Starts the workers; jobs run once `attach` has said where their events go. */
  constructor(size: number, rulesFiles: readonly string[]) {
    // The writer (main thread) is light since batches travel packed, so workers take every core.
    const n = Math.max(1, size || Math.min(availableParallelism(), DEFAULT_MAX_SCAN_WORKERS));
    for (let i = 0; i < n; i++) {
      const inFlight = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(new URL('./scan.worker.js', import.meta.url), {
        workerData: { rulesFiles: [...rulesFiles], inFlight: inFlight.buffer, maxInFlight: MAX_EVENTS_IN_FLIGHT },
        // Small heaps keep ingest within its memory budget; a worker holds one file's state.
        resourceLimits: WORKER_HEAP_LIMITS,
      });
      const slot: Slot = { worker, inFlight, busy: false, job: null };
      worker.on('message', (m: PoolResponse) => this.onMessage(slot, m));
      worker.on('error', (e) => this.onCrash(slot, e as Error));
      worker.on('exit', (code) => {
        if (code !== 0 && slot.job) this.onCrash(slot, new Error(`scan worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  attach(hooks: PoolHooks): void {
    this.hooks = hooks;
  }

  get size(): number {
    return this.slots.length;
  }

  private onMessage(slot: Slot, m: PoolResponse): void {
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    switch (m.type) {
      case 'events':
        this.hooks!.onEvents(
          m.id,
          m.startLine,
          m.batch,
          () => {
            Atomics.sub(slot.inFlight, 0, m.batch.count);
            Atomics.notify(slot.inFlight, 0);
          },
          m.meta,
        );
        break;
      case 'ack':
        job.inFlight--;
        job.waiters.shift()?.();
        break;
      case 'done':
        this.finish(slot);
        job.resolve(m.result);
        break;
      case 'failed':
        this.finish(slot);
        job.reject(new Error(m.message));
        break;
    }
  }

  private onCrash(slot: Slot, e: Error): void {
    this.failed = e;
    const job = slot.job;
    this.finish(slot);
    job?.reject(e);
  }

  private finish(slot: Slot): void {
    const job = slot.job;
    if (job) {
      job.finished = true;
      for (const w of job.waiters.splice(0)) w();
    }
    slot.job = null;
    slot.busy = false;
    this.idle.shift()?.();
  }

  private async acquire(): Promise<Slot> {
    if (!this.hooks) throw new Error('ScanPool: attach() before running jobs');
    for (;;) {
      if (this.failed) throw this.failed;
      const s = this.slots.find((x) => !x.busy);
      if (s) {
        s.busy = true;
        return s;
      }
      await new Promise<void>((r) => this.idle.push(r));
    }
  }

  /** Runs a job that reads its own file; resolves when the worker has finished it. */
  async runFile(spec: ScanJobSpec): Promise<ScanResult> {
    const slot = await this.acquire();
    return new Promise<ScanResult>((resolve, reject) => {
      slot.job = { id: spec.id, resolve, reject, inFlight: 0, waiters: [], finished: false };
      slot.worker.postMessage({ type: 'job', spec } satisfies PoolRequest);
    });
  }

  /**
   * Runs a job fed from `chunks`. Resolves once the worker is done; the chunks are
   * consumed (or abandoned, if the worker finished early) before that.
   */
  async runStream(spec: ScanJobSpec, chunks: AsyncIterable<Buffer>): Promise<ScanResult> {
    const slot = await this.acquire();
    const done = new Promise<ScanResult>((resolve, reject) => {
      slot.job = { id: spec.id, resolve, reject, inFlight: 0, waiters: [], finished: false };
    });
    const job = slot.job!;
    slot.worker.postMessage({ type: 'job', spec } satisfies PoolRequest);
    for await (const c of chunks) {
      if (job.finished) continue; // drain the source; the worker no longer listens
      while (job.inFlight >= STREAM_WINDOW && !job.finished) await new Promise<void>((r) => job.waiters.push(r));
      if (job.finished) continue;
      job.inFlight++;
      const copy = new Uint8Array(c.length);
      copy.set(c);
      slot.worker.postMessage({ type: 'chunk', id: spec.id, data: copy } satisfies PoolRequest, [copy.buffer]);
    }
    if (!job.finished) slot.worker.postMessage({ type: 'end', id: spec.id } satisfies PoolRequest);
    return done;
  }

  /** Stops the workers; calling it again does nothing. */
  async close(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
