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

const port = parentPort!;
const env = new ScanEnvironment(loadRules((workerData as { rulesFiles: string[] }).rulesFiles));
const queues = new Map<number, ChunkQueue>();
const post = (m: PoolResponse): void => {
  // Hand the typed arrays over instead of copying them.
  if (m.type === 'events') port.postMessage(m, [m.batch.tsUs.buffer as ArrayBuffer, m.batch.line.buffer as ArrayBuffer]);
  else port.postMessage(m);
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
