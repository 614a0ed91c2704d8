/**
 * npm run bench:load [-- --events 10000000 --json]
 *
 * The API as a shared service, under the load issue 18 describes, against `serve` run
 * as a child process on the bench store (bench-data.ts) so the RSS is the server's own:
 *   - refusals: the alias bomb (1000 aliases of nodeOutages with evidence), 20 aliases
 *     with distinct windows, a fragment-spread bomb, big pages of big pages;
 *   - 200 concurrent identical requests, then 200 with distinct windows;
 *   - slow bodies (a byte a second) and 1100 idle or trickling connections.
 * Throughout, /healthz is probed every 100 ms on a connection of its own (from a worker
 * thread, so the load client's own work does not count), and the
 * server's RSS is sampled every 100 ms. Prints latency percentiles, peak and after-load
 * RSS, and the done-when verdicts. A benchmark, not a test; loopback only, every phase
 * bounded in count and time.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { benchStoreFile, ROOT, SPAN, T0 } from './bench-data.js';
import type { ProbeResult } from './bench-health-probe.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    concurrency: { type: 'string', default: '200' },
    'slow-bodies': { type: 'string', default: '100' },
    'idle-connections': { type: 'string', default: '1100' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const SLOW_BODIES = Number(values['slow-bodies']);
const IDLE = Number(values['idle-connections']);
const GIB = 1024 ** 3;

const iso = (us: number): string => new Date(us / 1000).toISOString();
const pct = (xs: number[], p: number): number =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN;
const round = (x: number): number => Math.round(x * 10) / 10;

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startServe(file: string): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/zbs-timeline'), 'serve', '--port', '0', '--store', `duckdb:${file}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not start: ${log}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => {
      if (log.length < 100_000) log += c.toString(); // the request log after start-up is not kept
      const m = /"msg":"listening","url":"(http:\/\/[^"]+)\/graphql"/.exec(log);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  return { url, pid: child.pid!, stop: async () => (child.kill('SIGTERM'), await exited) };
}

/** The server's RSS every 100 ms, from /proc. */
class RssSampler {
  peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, this.now())), 100);
  }
  now(): number {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * serve's own event-loop delay, per phase: prom-client's `nodejs_eventloop_lag_max_seconds`
 * on /metrics is the largest delay since the last scrape (its histogram resets on each).
 * Beside the probe's slowest answer it tells a held loop from a server that was not given
 * the CPU, or a probe that was late itself.
 */
class LoopDelay {
  readonly maxMsByPhase: Record<string, number | null> = {};
  constructor(private readonly url: string) {}

  /** The largest delay since the last call, in ms; null when /metrics could not be read. */
  private async sinceLast(): Promise<number | null> {
    try {
      const text = await (await fetch(`${this.url}/metrics`)).text();
      const m = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
      return m ? Math.round(Number(m[1]) * 1e4) / 10 : null;
    } catch {
      return null;
    }
  }

  /** Starts the first phase's count (the delays before it are dropped). */
  async start(): Promise<void> {
    await this.sinceLast();
  }

  async ended(phase: string): Promise<void> {
    this.maxMsByPhase[phase] = await this.sinceLast();
  }
}

/** /healthz every 100 ms on its own keep-alive connection, from a thread of its own, as a load balancer would. */
class HealthProbe {
  ms: number[] = [];
  failures: string[] = [];
  maxByPhase: Record<string, number> = {};
  private readonly worker: Worker;
  /** After the first probe: the probe is connected before the load starts. */
  readonly ready: Promise<unknown>;
  constructor(url: string) {
    this.worker = new Worker(new URL('./bench-health-probe.js', import.meta.url), { workerData: { url } });
    this.ready = once(this.worker, 'message');
  }
  /** The load phase under way: the probe keeps the slowest answer of each. */
  set phase(name: string) {
    this.worker.postMessage({ phase: name });
  }
  async stop(): Promise<void> {
    const result = once(this.worker, 'message') as Promise<[ProbeResult]>;
    this.worker.postMessage({ stop: true });
    [{ ms: this.ms, failures: this.failures, maxByPhase: this.maxByPhase }] = await result;
    await this.worker.terminate();
  }
}

interface Answer {
  ms: number;
  status: number;
  code: string;
}

const queryAgent = new Agent({ connections: 512, keepAliveTimeout: 4_000 });

async function post(url: string, body: string): Promise<Answer> {
  const t = performance.now();
  try {
    const r = await request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      dispatcher: queryAgent,
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    const text = await r.body.text();
    const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? (r.statusCode === 200 ? 'OK' : String(r.statusCode));
    return { ms: performance.now() - t, status: r.statusCode, code };
  } catch (e) {
    return { ms: performance.now() - t, status: 0, code: (e as Error).message };
  }
}

const q = (query: string): string => JSON.stringify({ query });
const outages = (from: number, to: number, alias = ''): string =>
  `${alias}nodeOutages(window: {from: "${iso(from)}", to: "${iso(to)}"}) { node start end kinds services evidenceCount evidence { time kind source line message } }`;
const HOUR = 3_600_000_000;

/** The documents that must be refused, each sent alone and timed. */
function refusalCases(): [string, string][] {
  const bomb = Array.from({ length: 1000 }, (_, i) => outages(T0, T0 + SPAN, `a${i}: `)).join(' ');
  const distinct = Array.from({ length: 20 }, (_, i) => outages(T0 + i * HOUR, T0 + SPAN, `w${i}: `)).join(' ');
  // Each fragment spreads the one before twice: 2^12 copies of two aliased fields.
  const frags = Array.from({ length: 12 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');
  const spread = `{ ...F12 } fragment F0 on Query { ${outages(T0, T0 + SPAN, 'x: ')} ${outages(T0, T0 + SPAN, 'y: ')} } ${frags}`;
  const pages = `{ nodeOutages(window: {from: "${iso(T0)}", to: "${iso(T0 + SPAN)}"}, first: 1000) { evidence(first: 1000) { time kind source line message } } }`;
  return [
    ['1000 aliases of nodeOutages with evidence (the alias bomb)', `{ ${bomb} }`],
    ['20 aliases with distinct windows', `{ ${distinct} }`],
    ['fragment spread bomb (2^13 aliases)', spread],
    ['first: 1000 outages x evidence(first: 1000)', pages],
  ];
}

async function refusals(url: string): Promise<{ name: string; bytes: number; ms: number; status: number; code: string }[]> {
  const out = [];
  for (const [name, query] of refusalCases()) {
    const body = q(query);
    out.push({ name, bytes: body.length, ...(await post(url, body)) });
  }
  return out;
}

async function concurrent(
  url: string,
  bodies: string[],
): Promise<{ n: number; p50: number; p95: number; p99: number; max: number; codes: Record<string, number> }> {
  const answers = await Promise.all(bodies.map((b) => post(url, b)));
  const ms = answers.map((a) => a.ms);
  const codes: Record<string, number> = {};
  for (const a of answers) codes[a.code] = (codes[a.code] ?? 0) + 1;
  return {
    n: answers.length,
    p50: round(pct(ms, 50)),
    p95: round(pct(ms, 95)),
    p99: round(pct(ms, 99)),
    max: round(Math.max(...ms)),
    codes,
  };
}

/** Opens a socket, writes `head`, then one byte of `trickle` every `everyMs`; resolves when the server closes it (or at `giveUpMs`). */
function slowSocket(
  url: string,
  head: string,
  trickle: string,
  everyMs: number,
  giveUpMs: number,
): Promise<{ ms: number; reply: string; cut: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const t0 = performance.now();
    let reply = '';
    let i = 0;
    const sock: Socket = connect(Number(port), '127.0.0.1');
    const timer = setInterval(() => i < trickle.length && !sock.destroyed && sock.write(trickle[i++]!), everyMs);
    const giveUp = setTimeout(() => (sock.destroy(), finish(false)), giveUpMs);
    const finish = (cut: boolean): void => (
      clearInterval(timer),
      clearTimeout(giveUp),
      resolve({ ms: performance.now() - t0, reply: reply.split('\r\n')[0] ?? '', cut })
    );
    sock.on('connect', () => head && sock.write(head));
    sock.on('data', (c) => (reply += c.toString()));
    sock.on('error', () => undefined);
    sock.on('close', () => finish(true));
  });
}

async function slowBodies(
  url: string,
  n: number,
): Promise<{ n: number; cut: number; replies: Record<string, number>; p50CutMs: number; maxCutMs: number }> {
  const body = q('{ clusters { name } }');
  const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const r = await Promise.all(Array.from({ length: n }, () => slowSocket(url, head, body, 1000, 60_000)));
  return summariseSockets(r);
}

/** Half the connections send nothing; half trickle a header byte a second. */
async function idleConnections(url: string, n: number): Promise<ReturnType<typeof summariseSockets> & { queryDuring: Answer }> {
  const trickle = 'Host: 127.0.0.1\r\nX-Trickle: ' + 'z'.repeat(200);
  const sockets = Array.from({ length: n }, (_, i) =>
    i % 2 ? slowSocket(url, 'GET /graphql HTTP/1.1\r\n', trickle, 1000, 60_000) : slowSocket(url, '', '', 1000, 60_000),
  );
  await sleep(2000);
  const queryDuring = await post(url, q(`{ ${outages(T0, T0 + 24 * HOUR)} }`));
  return { ...summariseSockets(await Promise.all(sockets)), queryDuring };
}

function summariseSockets(r: { ms: number; reply: string; cut: boolean }[]): {
  n: number;
  cut: number;
  replies: Record<string, number>;
  p50CutMs: number;
  maxCutMs: number;
} {
  const replies: Record<string, number> = {};
  for (const x of r) replies[x.reply || '(closed, no reply)'] = (replies[x.reply || '(closed, no reply)'] ?? 0) + 1;
  const cut = r.filter((x) => x.cut).map((x) => x.ms);
  return { n: r.length, cut: cut.length, replies, p50CutMs: Math.round(pct(cut, 50)), maxCutMs: Math.round(Math.max(0, ...cut)) };
}

async function main(): Promise<void> {
  const file = await benchStoreFile(N);
  const server = await startServe(file);
  const rss = new RssSampler(server.pid);
  const rssAtStart = rss.now();
  const probe = new HealthProbe(server.url);
  await probe.ready;
  const loop = new LoopDelay(server.url);
  await loop.start();
  const t0 = performance.now();
  probe.phase = 'refusals';
  const refused = await refusals(server.url);
  await loop.ended('refusals');
  probe.phase = 'identical';
  const identical = await concurrent(
    server.url,
    Array.from({ length: CONCURRENCY }, () => q(`{ ${outages(T0, T0 + SPAN)} }`)),
  );
  await loop.ended('identical');
  probe.phase = 'distinct';
  const distinct = await concurrent(
    server.url,
    Array.from({ length: CONCURRENCY }, (_, i) => q(`{ ${outages(T0 + i * 45 * 60_000_000, T0 + i * 45 * 60_000_000 + 24 * HOUR)} }`)),
  );
  await loop.ended('distinct');
  probe.phase = 'slow bodies';
  const slow = await slowBodies(server.url, SLOW_BODIES);
  await loop.ended('slow bodies');
  probe.phase = 'idle connections';
  const idle = await idleConnections(server.url, IDLE);
  await loop.ended('idle connections');
  const loadSeconds = (performance.now() - t0) / 1000;
  await probe.stop();
  await sleep(3000);
  const rssAfter = rss.now();
  rss.stop();
  await server.stop();
  await queryAgent.close();
  report({ refused, identical, distinct, slow, idle, probe, loop, rssAtStart, rssPeak: rss.peak, rssAfter, loadSeconds });
}

function report(r: {
  refused: Awaited<ReturnType<typeof refusals>>;
  identical: Awaited<ReturnType<typeof concurrent>>;
  distinct: Awaited<ReturnType<typeof concurrent>>;
  slow: Awaited<ReturnType<typeof slowBodies>>;
  idle: Awaited<ReturnType<typeof idleConnections>>;
  probe: HealthProbe;
  loop: LoopDelay;
  rssAtStart: number;
  rssPeak: number;
  rssAfter: number;
  loadSeconds: number;
}): void {
  const health = {
    probes: r.probe.ms.length,
    p50Ms: round(pct(r.probe.ms, 50)),
    p99Ms: round(pct(r.probe.ms, 99)),
    maxMs: round(Math.max(...r.probe.ms)),
    over100Ms: r.probe.ms.filter((x) => x >= 100).length,
    failures: r.probe.failures.length,
    maxMsByPhase: r.probe.maxByPhase,
  };
  const mib = (b: number): number => Math.round(b / 1024 / 1024);
  const verdicts = {
    refusedUnder1s: r.refused.every((x) => x.code === 'QUERY_TOO_COMPLEX' && x.ms < 1000),
    rssUnder1GiB: r.rssPeak < GIB,
    healthzUnder100msThroughout: health.over100Ms === 0 && health.failures === 0,
  };
  const summary = {
    events: N,
    loadAverage: loadavg()[0],
    cpus: cpus().length,
    loadSeconds: round(r.loadSeconds),
    refused: r.refused.map((x) => ({ ...x, ms: round(x.ms) })),
    identical: r.identical,
    distinct: r.distinct,
    slowBodies: r.slow,
    idleConnections: { ...r.idle, queryDuring: { ...r.idle.queryDuring, ms: round(r.idle.queryDuring.ms) } },
    healthz: health,
    serveLoopDelayMaxMsByPhase: r.loop.maxMsByPhase,
    rssMiB: { start: mib(r.rssAtStart), peak: mib(r.rssPeak), afterLoad: mib(r.rssAfter) },
    verdicts,
  };
  if (values.json) return console.log(JSON.stringify(summary, null, 2));
  console.log(
    `bench:load — ${N} events over 7 days; serve as a child process with default limits; ${round(r.loadSeconds)} s of load; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs at the end`,
  );
  for (const x of r.refused) console.log(`  refused: ${x.name} (${x.bytes} B): ${x.status} ${x.code} in ${round(x.ms)} ms`);
  for (const [name, c] of [
    [`${CONCURRENCY} concurrent identical nodeOutages (7 d, evidence)`, r.identical],
    [`${CONCURRENCY} concurrent distinct windows (1 d each)`, r.distinct],
  ] as const) {
    console.log(`  ${name}: p50 ${c.p50} ms  p95 ${c.p95}  p99 ${c.p99}  max ${c.max}  answers ${JSON.stringify(c.codes)}`);
  }
  console.log(
    `  ${r.slow.n} slow bodies (1 B/s): ${r.slow.cut} cut off, p50 after ${r.slow.p50CutMs} ms, max ${r.slow.maxCutMs} ms; replies ${JSON.stringify(r.slow.replies)}`,
  );
  console.log(
    `  ${r.idle.n} idle/trickling connections: ${r.idle.cut} cut off, p50 after ${r.idle.p50CutMs} ms, max ${r.idle.maxCutMs} ms; replies ${JSON.stringify(r.idle.replies)}; a 1-day nodeOutages meanwhile: ${r.idle.queryDuring.code} in ${round(r.idle.queryDuring.ms)} ms`,
  );
  console.log(
    `  /healthz every 100 ms: ${health.probes} probes, p50 ${health.p50Ms} ms, p99 ${health.p99Ms} ms, max ${health.maxMs} ms, ${health.over100Ms} at 100 ms or more, ${health.failures} failed; slowest by phase ${JSON.stringify(health.maxMsByPhase)}`,
  );
  console.log(`  serve's own event-loop delay, max by phase (its /metrics): ${JSON.stringify(r.loop.maxMsByPhase)} ms`);
  console.log(`  server RSS: ${mib(r.rssAtStart)} MiB at start, peak ${mib(r.rssPeak)} MiB, ${mib(r.rssAfter)} MiB 3 s after the load`);
  console.log(
    `  done when: refused in < 1 s ${verdicts.refusedUnder1s ? 'yes' : 'NO'}; RSS < 1 GiB ${verdicts.rssUnder1GiB ? 'yes' : 'NO'}; /healthz < 100 ms throughout ${verdicts.healthzUnder100msThroughout ? 'yes' : 'NO'}`,
  );
}

await main();
process.exit(0);
