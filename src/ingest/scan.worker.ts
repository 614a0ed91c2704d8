/**
 * Worker thread entry: runs scan jobs for the pool. Plain and .gz files are read
 * here directly (in parallel with other workers); archive members and stdin arrive
 * as chunks from the main thread, acknowledged one by one for back-pressure.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parentPort, workerData } from 'node:worker_threads';
import { loadRules } from '../rules/rule-set.js';
import { runScanJob, ScanEnvironment, type ScanJobSpec } from './scan-job.js';
import type { PoolRequest, PoolResponse } from './scan-pool.js';
import { ChunkQueue } from './chunk-queue.js';
import { batchTransferables } from '../model/event-batch.js';

// The first ArrayBuffer a thread detaches (transferring a batch does) makes V8 throw away
// every optimized function that touches a typed array, here the whole hot scan path,
// and compile it all again. Detach a throw-away buffer before anything is hot instead.
const detached = new ArrayBuffer(0);
structuredClone(detached, { transfer: [detached] });

const port = parentPort!;
const data = workerData as { rulesFiles: string[]; inFlight: SharedArrayBuffer; maxInFlight: number };
const env = new ScanEnvironment(loadRules(data.rulesFiles));
/** Events handed to the main thread and not yet written; shared with the pool. */
const inFlight = new Int32Array(data.inFlight);
const queues = new Map<number, ChunkQueue>();
const post = (m: PoolResponse): void => {
  if (m.type !== 'events') {
    port.postMessage(m);
    return;
  }
  // Hand the typed arrays over instead of copying them.
  port.postMessage(m, batchTransferables(m.batch));
  // Back-pressure: while the store is behind, this worker sleeps instead of piling
  // events up in the main thread's memory. The scan is synchronous, so a blocking wait is right.
  let n = Atomics.add(inFlight, 0, m.batch.count) + m.batch.count;
  while (n > data.maxInFlight) {
    Atomics.wait(inFlight, 0, n, 100);
    n = Atomics.load(inFlight, 0);
  }
};

port.on('message', (m: PoolRequest) => {
  switch (m.type) {
    case 'job':
      void runJob(m.spec);
      break;
    case 'chunk':
      queues.get(m.id)?.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
      break;
    case 'end':
      queues.get(m.id)?.end();
      break;
  }
});

async function runJob(spec: ScanJobSpec): Promise<void> {
  try {
    let chunks: AsyncIterable<Buffer> | null = null;
    if (spec.input.type === 'path') {
      if (spec.gz) chunks = createReadStream(spec.input.path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
    } else {
      const q = new ChunkQueue(() => post({ type: 'ack', id: spec.id }));
      queues.set(spec.id, q);
      chunks = spec.gz ? Readable.from(q).pipe(createGunzip({ chunkSize: 1 << 20 })) : q;
    }
    const result = await runScanJob(env, spec, chunks, (e) => post(e));
    post({ type: 'done', id: spec.id, result });
  } catch (e) {
    post({ type: 'failed', id: spec.id, message: (e as Error).stack ?? String(e) });
  } finally {
    queues.delete(spec.id);
  }
}
