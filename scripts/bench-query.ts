/**
 * npm run bench:query [-- --events 10000000 --runs 20 --http-seconds 5 --json]
 *
 * Fills an embedded store with N events over 7 days (a realistic mix: mostly
 * background kinds; link failure episodes with repeats; restarts; elections), then in
 * the same run measures:
 *   - nodeOutages and peerLinkHistory over the 7-day window, in-process: p50 / p99;
 *   - HTTP requests/s for one repeated query (answered from the response cache), with
 *     the request log off and on, beside a plain Apollo Server resolver that returns the
 *     same JSON (the cost of the framework alone) and a raw `node:http` server that
 *     returns the same bytes (the ceiling: HTTP alone). The load comes from autocannon
 *     in a child process (bench-http-client.ts); only 200s with the expected bytes count.
 * With `--questdb 'questdb:http::addr=127.0.0.1:9000'` the same data also goes into QuestDB
 * (table zbs_bench_query_<N>, built server-side from long_sequence) and the same two
 * queries are timed there, in the same run; `--questdb-only` then stops before the HTTP part.
 * A benchmark, not a test. Loopback only; every loop is bounded in count and time.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startApiServer } from '../src/api/http-server.js';
import { jsonLogTo } from '../src/api/http/json-log.js';
import { TimelineService } from '../src/api/services/timeline.service.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { parseQuestDbConfig } from '../src/store/questdb/questdb.config.js';
import { exec } from '../src/store/questdb/questdb.rest.js';
import { moveKeyRowsSql, tablesOf } from '../src/store/questdb/questdb.events-table.js';
import { BENCH_DIR, benchSources, benchStoreFile, DAYS, NODES, SPAN, T0 } from './bench-data.js';
import { REPEAT_BUCKET_US } from '../src/model/repeat-rule.js';
import { startLoadClient, type ClientResult } from './bench-http-client.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '20' },
    'http-seconds': { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
    questdb: { type: 'string' },
    'questdb-only': { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const RUNS = Number(values.runs);
const HTTP_SECONDS = Number(values['http-seconds']);
const CONCURRENCY = Number(values.concurrency);
const dir = BENCH_DIR;
const file = await benchStoreFile(N);
// Measured on the store as `serve` and `query` open it, not on the instance that just wrote
// it: right after generating, DuckDB still holds the written blocks and the heap the
// generator's garbage, and the first round's p50 read ~10 ms slower than later rounds.
const store = await openStore(`duckdb:${file}`);

const GENERATE_TIMEOUT_MS = 15 * 60_000;

/** The same events in QuestDB, generated server-side (ILP would take minutes for 10^7 rows). */
async function questDbStore(url: string): Promise<EventStore> {
  // v4: repeat marks on links and leader reports, key rows in the key table (older tables are left alone, not reused).
  const table = `zbs_bench_query_v4_${N}`;
  const qstore = await openStore(url, {
    questdbTable: table,
    catalog: { kind: 'sqlite', file: join(dir, `query-catalog-questdb-${N}.db`) },
  });
  const cfg = parseQuestDbConfig(url.replace(/^questdb:/, ''));
  // Generating 10^7 rows takes minutes on a loaded machine: longer than a REST read's timeout.
  const gen = (sql: string): ReturnType<typeof exec> => exec(cfg, sql, GENERATE_TIMEOUT_MS);
  const have = Number((await exec(cfg, `SELECT count() FROM ${table}`)).dataset[0]?.[0] ?? 0);
  if (have !== N + NODES * 19) {
    const t = performance.now();
    for (const t of tablesOf(table)) await gen(`TRUNCATE TABLE ${t}`);
    const i = '(x - 1)';
    const node = (e: string): string => `'10.0.0.' || ((${e}) % ${NODES} + 1)`;
    // concat(), not `||`, inside CASE branches: QuestDB 8.0.3 misreads `a || b WHEN …`
    // ("BOOLEAN expected, found CHAR").
    const step = Math.floor(SPAN / N);
    // A link failure after the first of its run, in the same hour as the one before it,
    // repeats it (the contract of repeat-marks.ts; ingest computes the same per batch).
    // A leader report equal to its source's previous one (8 blocks back: sources are per
    // node) in the same hour repeats it too, as MARK_REPEATS_SQL marks the embedded store.
    const sameHour = (back: number): string =>
      `(${T0} + ${i} * ${step}) / ${REPEAT_BUCKET_US} = (${T0} + (${i} - ${back}) * ${step}) / ${REPEAT_BUCKET_US}`;
    const repeat = `CASE WHEN ${i} % 1000 BETWEEN 1 AND 7 AND ${sameHour(1)} THEN true WHEN ${i} % 1000 = 10 AND ${i} >= ${NODES * 1000} AND ${sameHour(NODES * 1000)} THEN true ELSE false END`;
    await gen(`INSERT INTO ${table} (ts, cluster, node, service, pid, kind, level, source, line, message, peer, fields, deleted, is_repeat)
      SELECT CAST(${T0} + ${i} * ${step} AS TIMESTAMP), 'bench', ${node(`${i} / 1000`)}, 'zbs-chunkd', 100 + (${i} / 1000) % ${NODES},
        CASE WHEN ${i} % 1000 < 8 THEN 'peer.link_down' WHEN ${i} % 1000 = 8 THEN 'peer.link_up' WHEN ${i} % 1000 = 9 THEN 'zk.client.session_state'
             WHEN ${i} % 1000 = 10 THEN 'meta.leader_is' ELSE 'chunk.status_change' END,
        CASE WHEN ${i} % 1000 < 8 THEN 'W' ELSE 'I' END,
        'bench/' || ${node(`${i} / 1000`)} || '/zbs-chunkd.log', ${i}, 'generated event ' || ${i},
        CASE WHEN ${i} % 1000 < 9 THEN concat(${node(`${i} / 1000 + 1 + (${i} / 8000) % 7`)}, ':10201') WHEN ${i} % 1000 = 10 THEN '10.0.0.1:10100' ELSE NULL END,
        CASE WHEN ${i} % 1000 < 8 THEN concat('{"times":', ${i} % 1000 + 1, '}') WHEN ${i} % 1000 = 10 THEN '{"seq":1}' ELSE '{}' END,
        false, ${repeat}
      FROM long_sequence(${N})`);
    await gen(`INSERT INTO ${table} (ts, cluster, node, service, pid, kind, level, source, line, message, peer, fields, deleted)
      SELECT CAST(${T0} + ((${i} % 19) + 1) * ${Math.floor(SPAN / 20)} AS TIMESTAMP), 'bench', '10.0.0.' || (${i} / 19 + 1), 'zbs-metad', 1000 + ${i} % 19, 'process.stop', 'I',
        'bench/10.0.0.' || (${i} / 19 + 1) || '/zbs-metad.' || (${i} % 19), 100, 'received signal 15, shutting down', NULL, '{"signal":15}', false
      FROM long_sequence(${NODES * 19})`);
    await qstore.settle(); // the move copies only applied rows
    for (const step of moveKeyRowsSql(table)) await gen(step); // where ingest writes them
    await qstore.settle();
    await qstore.writeBatch({ deletes: [], marks: [], sources: benchSources(), events: [] });
    await qstore.setClusterTimeZone('bench', 'UTC');
    console.error(`generated ${N} events in QuestDB in ${((performance.now() - t) / 1000).toFixed(1)} s → ${table}`);
  }
  return qstore;
}

const window = { from: T0, to: T0 + SPAN };
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
/**
 * p50/p99 of `fn`. `before` runs untimed ahead of each run: bumping the store's data
 * version there (as a write does) makes every run compute its answer afresh (cold);
 * without it, repeats are answered from the analysis cache (warm).
 */
async function timeIt(
  fn: () => Promise<unknown>,
  before: () => Promise<void> = async () => undefined,
): Promise<{ p50: number; p99: number; size: number }> {
  const ms: number[] = [];
  let size = 0;
  await fn(); // warm the store's own caches once
  for (let i = 0; i < RUNS; i++) {
    await before();
    const t = performance.now();
    const r = await fn();
    ms.push(performance.now() - t);
    size = Array.isArray(r) ? r.length : 0;
  }
  return { p50: Math.round(pct(ms, 50) * 10) / 10, p99: Math.round(pct(ms, 99) * 10) / 10, size };
}
// An empty batch bumps the data version, as any write does: cached answers go.
const cold = (s: EventStore) => () => s.writeBatch({ deletes: [], marks: [], sources: [], events: [] });
// The very first answer after opening the store: DuckDB's own caches are cold too.
const firstT = performance.now();
await new TimelineService(store).nodeOutages({ window });
const firstMs = Math.round((performance.now() - firstT) * 10) / 10;
const outages = await timeIt(() => new TimelineService(store).nodeOutages({ window }), cold(store));
const links = await timeIt(() => new TimelineService(store).peerLinkHistory({ window }), cold(store));
const outagesWarm = await timeIt(() => new TimelineService(store).nodeOutages({ window }));
let quest: { outages: typeof outages; links: typeof links; sameAnswers: boolean } | null = null;
if (values.questdb) {
  const q = await questDbStore(values.questdb);
  const qo = await timeIt(() => new TimelineService(q).nodeOutages({ window }), cold(q));
  const ql = await timeIt(() => new TimelineService(q).peerLinkHistory({ window }), cold(q));
  const answers = (s: EventStore) =>
    Promise.all([new TimelineService(s).nodeOutages({ window }), new TimelineService(s).peerLinkHistory({ window })]);
  const same = JSON.stringify(await answers(q)) === JSON.stringify(await answers(store));
  quest = { outages: qo, links: ql, sameAnswers: same };
  await q.close();
  if (values['questdb-only']) {
    console.log(
      `${N} events, ${RUNS} cold runs, node ${process.version} ${process.execArgv.join(' ')} (p50 / p99 ms): embedded nodeOutages ${outages.p50} / ${outages.p99}, peerLinkHistory ${links.p50} / ${links.p99}; QuestDB nodeOutages ${qo.p50} / ${qo.p99}, peerLinkHistory ${ql.p50} / ${ql.p99}; same answers: ${same}`,
    );
    await store.close();
    process.exit(0);
  }
}

// HTTP: the same small query through our server and through a plain Apollo resolver.
const query = `{ nodeOutages(window: {from: "2022-08-15T00:00:00Z", to: "2022-08-15T06:00:00Z"}) { node start end kinds services } }`;
const api = await startApiServer({ store, port: 0, host: '127.0.0.1', log: () => undefined });
// `serve` logs every request (pino, synchronous): the same server with that log on, to /dev/null.
const logged = await startApiServer({ store, port: 0, host: '127.0.0.1', log: jsonLogTo('/dev/null') });
const requestBody = JSON.stringify({ query });
// Our answer's exact text: every server must send it, byte for byte, for a response to count.
const cannedText = await (
  await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody })
).text();
const canned = JSON.parse(cannedText) as { data: { nodeOutages: unknown[] } };
const plain = new ApolloServer({
  typeDefs: `type O { node: String! start: String! end: String kinds: [String!]! services: [String!]! } input W { from: String! to: String! } type Query { nodeOutages(window: W!): [O!]! }`,
  resolvers: { Query: { nodeOutages: () => canned.data.nodeOutages } },
  plugins: [ApolloServerPluginLandingPageDisabled()],
});
await plain.start();
const plainServer = createServer(async (req, res) => {
  const parts: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) parts.push(c);
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const r = await plain.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method!, headers, search: '', body: JSON.parse(Buffer.concat(parts).toString()) },
    context: async () => ({}),
  });
  res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
  res.end(r.body.kind === 'complete' ? r.body.string : '');
});
await new Promise<void>((r) => plainServer.listen(0, '127.0.0.1', () => r()));
const plainUrl = `http://127.0.0.1:${(plainServer.address() as { port: number }).port}`;
// The ceiling: the same answer's bytes from node:http, after reading the request body.
const cannedBytes = Buffer.from(cannedText);
const rawServer = createServer((req, res) => {
  req.resume();
  req.once('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(cannedBytes));
});
await new Promise<void>((r) => rawServer.listen(0, '127.0.0.1', () => r()));
const rawUrl = `http://127.0.0.1:${(rawServer.address() as { port: number }).port}`;

/** One slice's figures: only 200s with the expected bytes count as served. */
interface Slice {
  rps: number;
  /** This process's CPU (the servers alone: the client is another process) per request served. */
  cpuUs: number;
  clientCpuUs: number;
  failed: number;
}
const client = startLoadClient();
const failures: { target: string; result: ClientResult }[] = [];
async function rps(target: string, url: string, seconds: number): Promise<Slice> {
  const cpu0 = process.cpuUsage();
  const r = await client.run({ url: `${url}/graphql`, body: requestBody, seconds, connections: CONCURRENCY, expectBody: cannedText });
  const cpu = process.cpuUsage(cpu0);
  const failed = r.responses - r.ok + r.errors;
  if (failed > 0) failures.push({ target, result: r });
  const served = Math.max(1, r.ok);
  return {
    rps: Math.round(r.ok / r.seconds),
    cpuUs: Math.round((cpu.user + cpu.system) / served),
    clientCpuUs: Math.round(r.clientCpuUs / served),
    failed,
  };
}
/**
 * The three servers take turns in short slices, and each reports its median slice: on a
 * shared machine, load that comes and goes then weighs on all three alike. One untimed
 * warm-up slice each first, so the JIT's first compilations fall in no slice.
 */
const SLICES = 5;
const targets = { ours: api.url, logged: logged.url, plain: plainUrl, raw: rawUrl };
const names = Object.keys(targets) as (keyof typeof targets)[];
for (const k of names) await rps(`${k} (warm-up)`, targets[k], 0.5);
const slices: Record<keyof typeof targets, Slice[]> = { ours: [], logged: [], plain: [], raw: [] };
for (let i = 0; i < SLICES; i++) for (const k of names) slices[k].push(await rps(k, targets[k], HTTP_SECONDS / SLICES));
client.close();
const median = (k: keyof typeof targets) => ({
  rps: pct(
    slices[k].map((x) => x.rps),
    50,
  ),
  cpuUs: pct(
    slices[k].map((x) => x.cpuUs),
    50,
  ),
  clientCpuUs: pct(
    slices[k].map((x) => x.clientCpuUs),
    50,
  ),
  failed: slices[k].reduce((n, x) => n + x.failed, 0),
});
const [ours, oursLogged, theirs, raw] = [median('ours'), median('logged'), median('plain'), median('raw')];
await api.close();
await logged.close();
await plain.stop();
plainServer.close();
rawServer.close();
await store.close();

const summary = {
  events: N,
  days: DAYS,
  runs: RUNS,
  nodeOutages7d: { p50Ms: outages.p50, p99Ms: outages.p99, results: outages.size },
  nodeOutages7dFirstAfterOpenMs: firstMs,
  nodeOutages7dCached: { p50Ms: outagesWarm.p50, p99Ms: outagesWarm.p99 },
  peerLinkHistory7d: { p50Ms: links.p50, p99Ms: links.p99, results: links.size },
  questdb: quest && {
    nodeOutages7d: { p50Ms: quest.outages.p50, p99Ms: quest.outages.p99, results: quest.outages.size },
    peerLinkHistory7d: { p50Ms: quest.links.p50, p99Ms: quest.links.p99, results: quest.links.size },
    sameAnswersAsEmbedded: quest.sameAnswers,
  },
  httpRequestsPerSec: {
    zbsTimeline: ours.rps,
    zbsTimelineRequestLogOn: oursLogged.rps,
    plainApolloSameJson: theirs.rps,
    rawNodeHttpSameBytes: raw.rps,
    target: 10_000,
    connections: CONCURRENCY,
    seconds: HTTP_SECONDS,
    client: 'autocannon, keep-alive, in a child process',
    failedResponses: {
      zbsTimeline: ours.failed,
      zbsTimelineRequestLogOn: oursLogged.failed,
      plainApolloSameJson: theirs.failed,
      rawNodeHttpSameBytes: raw.failed,
    },
  },
  httpServerCpuMicrosPerRequest: {
    zbsTimeline: ours.cpuUs,
    zbsTimelineRequestLogOn: oursLogged.cpuUs,
    plainApolloSameJson: theirs.cpuUs,
    rawNodeHttpSameBytes: raw.cpuUs,
  },
  httpClientCpuMicrosPerRequest: {
    zbsTimeline: ours.clientCpuUs,
    zbsTimelineRequestLogOn: oursLogged.clientCpuUs,
    plainApolloSameJson: theirs.clientCpuUs,
    rawNodeHttpSameBytes: raw.clientCpuUs,
  },
  targets: { p50Ms: 50, p99Ms: 150 },
  node: { version: process.version, flags: process.execArgv },
};
if (values.json) console.log(JSON.stringify(summary, null, 2));
else {
  console.log(
    `${N} events over ${DAYS} days in the embedded store; ${RUNS} runs after one warm-up, each after a data-version bump (what every write does), so computed afresh; node ${process.version} ${process.execArgv.join(' ')}`,
  );
  console.log(
    `  nodeOutages(7 d)      p50 ${String(outages.p50).padStart(6)} ms  p99 ${String(outages.p99).padStart(6)} ms  (${outages.size} outages)   target p50 ≤ 50, p99 ≤ 150`,
  );
  console.log(
    `  peerLinkHistory(7 d)  p50 ${String(links.p50).padStart(6)} ms  p99 ${String(links.p99).padStart(6)} ms  (${links.size} links)`,
  );
  console.log(`  nodeOutages(7 d), the first answer after opening the store: ${firstMs} ms`);
  console.log(
    `  nodeOutages(7 d), repeated with no write in between (analysis cache): p50 ${outagesWarm.p50} ms  p99 ${outagesWarm.p99} ms`,
  );
  if (quest) {
    console.log(
      `  QuestDB nodeOutages(7 d, cold)      p50 ${String(quest.outages.p50).padStart(6)} ms  p99 ${String(quest.outages.p99).padStart(6)} ms  (${quest.outages.size} outages; same outages and links as embedded: ${quest.sameAnswers})`,
    );
    console.log(
      `  QuestDB peerLinkHistory(7 d, cold)  p50 ${String(quest.links.p50).padStart(6)} ms  p99 ${String(quest.links.p99).padStart(6)} ms  (${quest.links.size} links)`,
    );
  }
  console.log(
    `  HTTP, one repeated query, autocannon in a child process, ${CONCURRENCY} keep-alive connections, ${HTTP_SECONDS} s in ${SLICES} turns (median; 200s with the expected bytes only): zbs-timeline ${ours.rps} req/s (target ≥ 10 000), with its request log on (to /dev/null) ${oursLogged.rps} req/s; plain Apollo resolver, same JSON: ${theirs.rps} req/s; raw node:http, same bytes: ${raw.rps} req/s`,
  );
  console.log(
    `  server CPU per request: zbs-timeline ${ours.cpuUs} µs (log on ${oursLogged.cpuUs} µs); plain Apollo ${theirs.cpuUs} µs; raw node:http ${raw.cpuUs} µs (client: ${ours.clientCpuUs} / ${oursLogged.clientCpuUs} / ${theirs.clientCpuUs} / ${raw.clientCpuUs} µs)`,
  );
}
// Failed responses are reported, never counted: a wrong answer served fast is no figure.
for (const f of failures) console.error(`HTTP ${f.target}: responses that failed or differed: ${JSON.stringify(f.result)}`);
if (failures.length) process.exitCode = 1;
