/**
 * bench:load's /healthz probe, run in a worker thread: a load balancer is a process of
 * its own, and a probe on the load client's event loop also timed the client's own
 * work (sending 200 requests, reading 200 answers). Messages in: `{ phase }`, `{ stop }`;
 * out: `{ ready }` after the first probe (the load starts on a probe already connected,
 * as a load balancer's is), then, once stopped, the probe times, failures and the
 * slowest probe per phase.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';

export interface ProbeResult {
  ms: number[];
  failures: string[];
  maxByPhase: Record<string, number>;
}

async function probe(url: string): Promise<void> {
  const agent = new Agent({ connections: 1, keepAliveTimeout: 4_000 });
  const result: ProbeResult = { ms: [], failures: [], maxByPhase: {} };
  let phase = 'start';
  let running = true;
  parentPort!.on('message', (m: { phase?: string; stop?: boolean }) => {
    if (m.phase) phase = m.phase;
    if (m.stop) running = false;
  });
  while (running) {
    const t = performance.now();
    try {
      const r = await request(`${url}/healthz`, { dispatcher: agent, headersTimeout: 5_000, bodyTimeout: 5_000 });
      await r.body.text();
      if (r.statusCode !== 200) result.failures.push(`status ${r.statusCode}`);
    } catch (e) {
      result.failures.push((e as Error).message);
    }
    const ms = performance.now() - t;
    if (!result.ms.length) parentPort!.postMessage({ ready: true }); // connected, before any load
    result.ms.push(ms);
    result.maxByPhase[phase] = Math.round(Math.max(result.maxByPhase[phase] ?? 0, ms));
    await sleep(Math.max(0, 100 - ms));
  }
  await agent.close();
  parentPort!.postMessage(result);
}

if (parentPort) await probe((workerData as { url: string }).url);
