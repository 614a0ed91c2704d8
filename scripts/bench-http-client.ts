/**
 * The HTTP load of bench:query, run in a worker thread: a client on the server's own
 * event loop takes turns with it and caps what any server can show (the raw node:http
 * ceiling included). Loopback only; bounded in time and count.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface ClientJob {
  url: string;
  body: string;
  seconds: number;
  concurrency: number;
  maxRequests: number;
}

export interface ClientResult {
  done: number;
  ms: number;
}

async function run(job: ClientJob): Promise<ClientResult> {
  const deadline = performance.now() + job.seconds * 1000;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < deadline && done < job.maxRequests) {
        const r = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: job.body });
        await r.arrayBuffer();
        done++;
      }
    }),
  );
  return { done, ms: performance.now() - t0 };
}

if (parentPort) parentPort.postMessage(await run(workerData as ClientJob));
