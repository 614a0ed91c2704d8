/**
 * A worker thread with its own ILP sender. The official client formats rows in
 * JavaScript, one character at a time; on one thread that caps writes far below what
 * ingest produces, so the table spreads batches over several of these.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Sender } from '@questdb/nodejs-client';
import type { EventBatch } from '../../model/event-batch.js';
import { appendRows, type RowTables } from './ilp-rows.js';
import { awayReason } from './sender-errors.js';

export type SenderRequest = { type: 'write'; id: number; tables: RowTables; batches: EventBatch[] } | { type: 'close' };
/** `away`: the server could not be reached (the write may be sent again); absent for a refused write. */
export type SenderResponse = { type: 'done'; id: number; error?: string; away?: string } | { type: 'closed' };

const port = parentPort!;
const sender = await Sender.fromConfig((workerData as { config: string }).config);
let queue: Promise<void> = Promise.resolve();

port.on('message', (m: SenderRequest) => {
  queue = queue.then(async () => {
    if (m.type === 'close') {
      await sender.close().catch(() => undefined);
      port.postMessage({ type: 'closed' } satisfies SenderResponse);
      return;
    }
    try {
      for (const b of m.batches) await appendRows(sender, m.tables, b);
      await sender.flush();
      port.postMessage({ type: 'done', id: m.id } satisfies SenderResponse);
    } catch (e) {
      // A failed flush leaves the rows in the buffer: drop them, the caller re-sends.
      sender.reset();
      const away = awayReason(e);
      port.postMessage({ type: 'done', id: m.id, error: (e as Error).message, ...(away ? { away } : {}) } satisfies SenderResponse);
    }
  });
});
port.postMessage({ type: 'ready' });
