/**
 * The HTTP load of bench:query: autocannon (keep-alive connections, a pure-JS HTTP/1.1
 * client far cheaper per request than fetch) in a child process, so the load generator
 * neither shares the servers' event loop nor their CPU accounting. The child runs one
 * job per message and exits with its parent. Loopback only; bounded in time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface ClientJob {
  url: string;
  body: string;
  seconds: number;
  connections: number;
  /** The exact answer every request must get (with status 200) to count. */
  expectBody: string;
}

export interface ClientResult {
  /** Responses with status 200 and the expected body. */
  ok: number;
  /** Every response received, whatever its status or body. */
  responses: number;
  non2xx: number;
  /** Responses whose body was not the expected one. */
  mismatches: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  seconds: number;
  /** CPU the load generator itself spent (its whole process), µs. */
  clientCpuUs: number;
}

/** The part of autocannon's result read here (its package ships no types). */
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { total: number };
}

type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

async function run(autocannon: Autocannon, job: ClientJob): Promise<ClientResult> {
  const cpu0 = process.cpuUsage();
  const r = await autocannon({
    url: job.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: job.body,
    connections: job.connections,
    duration: job.seconds,
    // Samples every 100 ms (default 1 s): a slice of about a second then ends on time.
    sampleInt: 100,
    expectBody: job.expectBody,
  });
  const cpu = process.cpuUsage(cpu0);
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
  // A mismatch may be a non-200 as well: subtracting both can only undercount the successes.
  const ok = Math.max(0, (statuses['200'] ?? 0) - r.mismatches);
  return {
    ok,
    responses: r.requests.total,
    non2xx: r.non2xx,
    mismatches: r.mismatches,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses,
    seconds: r.duration,
    clientCpuUs: cpu.user + cpu.system,
  };
}

/** The parent's handle on one client process: jobs run one at a time. */
export interface LoadClient {
  run(job: ClientJob): Promise<ClientResult>;
  close(): void;
}

export function startLoadClient(): LoadClient {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    run: (job) =>
      new Promise<ClientResult>((resolve, reject) => {
        const onExit = (code: number | null): void => reject(new Error(`the load client exited (${code}) during a job`));
        child.once('exit', onExit);
        child.once('message', (m) => {
          child.off('exit', onExit);
          const reply = m as { result?: ClientResult; error?: string };
          if (reply.result) resolve(reply.result);
          else reject(new Error(`the load client failed: ${reply.error}`));
        });
        child.send(job);
      }),
    close: () => child.disconnect(),
  };
}

if (process.argv[2] === '--child' && process.send) {
  const send = process.send.bind(process);
  // Loaded once, before any job: loading it is no part of a slice's client CPU.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  process.on('message', (job: ClientJob) => {
    run(autocannon, job).then(
      (result) => send({ result }),
      (e: unknown) => send({ error: String((e as Error)?.stack ?? e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
