/**
 * `serve` as a shared service, over real HTTP against a real embedded store with the seed
 * ingested: bearer tokens, CORS, the Host check, /metrics, ETag/304, the response cache
 * (invalidated by ingest) and coalescing of identical concurrent requests.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../src/api/http-server.js';
import { parseTokens } from '../src/api/http/auth.js';
import { VersionClock } from '../src/api/http/version-clock.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { bumpFromAnotherProcess, runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';

const READ_TOKEN = 'read-token-0123456789abcdef';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const HASHED_TOKEN = 'hashed-token-0123456789abcdef';
const PORTAL = 'https://portal.example.com';

let store: EventStore;
let storeFile: string;
let api: ApiServer;
let bundle: string;
const logs: Record<string, unknown>[] = [];

before(async () => {
  bundle = join(tmpDir(), 'bundle');
  cpSync(SEED_BUNDLE, bundle, { recursive: true });
  storeFile = join(tmpDir(), 's.duckdb');
  store = await openStore(`duckdb:${storeFile}`);
  await runIngest(store, [bundle], { tz: 'Asia/Shanghai' });
  const sha = createHash('sha256').update(HASHED_TOKEN).digest('hex'); // the file may hold only the hash
  const tokens = parseTokens(
    `tokens:
  - { name: portal, token: ${READ_TOKEN}, scopes: [read] }
  - { name: prometheus, token: ${METRICS_TOKEN}, scopes: [metrics] }
  - { name: hashed, sha256: ${sha} }
`,
    'tokens.yaml',
  );
  api = await startApiServer({
    store,
    port: 0,
    host: '127.0.0.1',
    tokens,
    corsOrigins: [PORTAL],
    log: (level, msg, extra) => logs.push({ level, msg, ...extra }),
  });
});

after(async () => {
  await api.close();
  await store.close();
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (Host included): node:http, not fetch, which owns Host. */
function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const u = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const OUTAGES = `query Outages($w: TimeWindowInput!) { nodeOutages(window: $w) { node start end kinds } }`;
const W = { from: '2022-08-18T12:00:00+08:00', to: '2022-08-18T13:00:00+08:00' };

function gql(
  token: string | null,
  query = OUTAGES,
  variables: Record<string, unknown> = { w: W },
  headers: Record<string, string> = {},
): Promise<Reply> {
  return call('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

/** The value of one sample in /metrics' text, 0 when absent. */
async function metric(line: string): Promise<number> {
  const text = (await call('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
  const row = text.split('\n').find((l) => l.startsWith(`${line} `));
  return row ? Number(row.slice(line.length + 1)) : 0;
}

test('without a token 401 with a Bearer challenge; a valid token 200; a token without the scope 403', async () => {
  const none = await gql(null);
  assert.equal(none.status, 401);
  assert.match(String(none.headers['www-authenticate']), /^Bearer realm="zbs-timeline"$/);
  assert.equal(JSON.parse(none.body).errors[0].extensions.code, 'UNAUTHENTICATED');
  const wrong = await gql('not-a-known-token-at-all');
  assert.equal(wrong.status, 401);
  assert.match(String(wrong.headers['www-authenticate']), /error="invalid_token"/);
  for (const token of [READ_TOKEN, HASHED_TOKEN]) {
    const ok = await gql(token);
    assert.equal(ok.status, 200, ok.body);
    assert.ok(JSON.parse(ok.body).data.nodeOutages.length > 0);
  }
  const noScope = await gql(METRICS_TOKEN);
  assert.equal(noScope.status, 403);
  assert.match(String(noScope.headers['www-authenticate']), /error="insufficient_scope", scope="read"/);
  assert.equal((await call('/metrics', { headers: { authorization: `Bearer ${READ_TOKEN}` } })).status, 403);
  assert.equal((await call('/metrics')).status, 401);
});

test('/healthz is open and says only whether the store answers', async () => {
  const h = await call('/healthz', { headers: { host: 'anything.example' } });
  assert.equal(h.status, 200);
  assert.deepEqual(JSON.parse(h.body), { status: 'ok' });
});

test('the request log names the token, never shows it', async () => {
  await gql(READ_TOKEN);
  const line = logs.findLast((l) => l.msg === 'request' && l.path === '/graphql' && l.status === 200)!;
  assert.equal(line.token, 'portal');
  assert.equal(line.operation, 'Outages');
  const all = JSON.stringify(logs);
  for (const t of [READ_TOKEN, METRICS_TOKEN, HASHED_TOKEN, 'not-a-known-token-at-all']) assert.ok(!all.includes(t), t);
});

test('CORS: the allowed origin gets its headers and a preflight 204, any other origin none', async () => {
  const allowed = await gql(READ_TOKEN, OUTAGES, { w: W }, { origin: PORTAL });
  assert.equal(allowed.headers['access-control-allow-origin'], PORTAL);
  assert.match(String(allowed.headers.vary), /^Origin, Accept$/);
  const other = await gql(READ_TOKEN, OUTAGES, { w: W }, { origin: 'https://evil.example.com' });
  assert.equal(other.status, 200);
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  assert.match(String(other.headers.vary), /Origin/);

  const preflight = (origin: string) =>
    call('/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
  const pre = await preflight(PORTAL);
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], PORTAL);
  assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
  assert.match(String(pre.headers['access-control-allow-headers']), /authorization/);
  assert.match(String(pre.headers['access-control-allow-headers']), /content-type/);
  const bad = await preflight('https://evil.example.com');
  assert.notEqual(bad.status, 204);
  assert.ok(!Object.keys(bad.headers).some((h) => h.startsWith('access-control-')), JSON.stringify(bad.headers));
});

test('a Host header not on the list is refused (DNS rebinding); loopback names are served', async () => {
  const port = new URL(api.url).port;
  const rebound = await gql(READ_TOKEN, OUTAGES, { w: W }, { host: `attacker.example:${port}` });
  assert.equal(rebound.status, 421);
  assert.ok(!rebound.body.includes('nodeOutages'));
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
    assert.equal((await gql(READ_TOKEN, OUTAGES, { w: W }, { host })).status, 200, host);
  assert.equal((await call('/graphql', { headers: { host: 'attacker.example' } })).status, 421);
});

test('ETag on a cacheable answer; If-None-Match gets 304 without a body; an error answer gets no ETag', async () => {
  const first = await gql(READ_TOKEN);
  const etag = first.headers.etag;
  assert.match(String(etag), /^"[\w-]+"$/);
  const again = await gql(READ_TOKEN, OUTAGES, { w: W }, { 'if-none-match': String(etag) });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  assert.equal(again.headers.etag, etag);
  const stale = await gql(READ_TOKEN, OUTAGES, { w: W }, { 'if-none-match': '"something-else"' });
  assert.equal(stale.status, 200);
  assert.equal(stale.body, first.body);
  const bad = await gql(READ_TOKEN, `{ nodeOutages(window: {from: "2022-08-19T00:00:00Z", to: "2022-08-18T00:00:00Z"}) { node } }`, {});
  assert.equal(JSON.parse(bad.body).errors[0].extensions.code, 'BAD_USER_INPUT');
  assert.equal(bad.headers.etag, undefined);
});

test('GET is cached only with a CSRF-safe header: without one Apollo still refuses it', async () => {
  const path = `/graphql?${new URLSearchParams({ query: OUTAGES, variables: JSON.stringify({ w: W }) })}`;
  const auth = { authorization: `Bearer ${READ_TOKEN}` };
  const safe = await call(path, { headers: { ...auth, 'apollo-require-preflight': 'true' } });
  assert.equal(safe.status, 200, safe.body);
  assert.ok(safe.headers.etag);
  assert.equal(
    (await call(path, { headers: { ...auth, 'apollo-require-preflight': 'true', 'if-none-match': String(safe.headers.etag) } })).status,
    304,
  );
  const plain = await call(path, { headers: auth }); // what a cross-site <img> or form would send
  assert.equal(plain.status, 400, plain.body);
  assert.equal(plain.headers.etag, undefined);
});

test('/metrics: requests by operation and status, cache results, store latency, process metrics', async () => {
  await gql(READ_TOKEN);
  await gql(READ_TOKEN);
  const res = await call('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  for (const re of [
    /^zbs_api_requests_total\{route="graphql",operation="Outages",status="200"\} [1-9]/m,
    /^zbs_api_requests_total\{route="graphql",operation="",status="401"\} [1-9]/m,
    /^zbs_api_request_duration_seconds_bucket\{le="0\.1",route="graphql",operation="Outages",status="200"\} [1-9]/m,
    /^zbs_api_response_cache_total\{result="hit"\} [1-9]/m,
    /^zbs_api_response_cache_total\{result="miss"\} [1-9]/m,
    /^zbs_api_graphql_executions_total [1-9]/m,
    /^zbs_store_query_duration_seconds_count\{method="queryEvents",outcome="ok"\} [1-9]/m,
    /^process_cpu_user_seconds_total \d/m,
    /^nodejs_eventloop_lag_seconds \d/m,
  ])
    assert.match(res.body, re);
  assert.ok(!res.body.includes(READ_TOKEN) && !res.body.includes(METRICS_TOKEN));
});

test('identical concurrent requests share one execution', async () => {
  // A window asked for nowhere else, so no answer is cached yet.
  const w = { from: '2022-08-18T12:10:00+08:00', to: '2022-08-18T12:50:00+08:00' };
  const runs = await metric('zbs_api_graphql_executions_total');
  const coalesced = await metric('zbs_api_response_cache_total{result="coalesced"}');
  const n = 12;
  // Every request is sent but its body's last byte; then all bodies end at once, so all arrive while the first executes.
  const body = JSON.stringify({ query: OUTAGES, variables: { w } });
  const u = new URL(api.url);
  const pending = Array.from({ length: n }, () => {
    let finish!: () => void;
    const reply = new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(
        {
          host: u.hostname,
          port: u.port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${READ_TOKEN}` },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, -1));
      finish = () => req.end(body.slice(-1));
    });
    return { reply, finish: () => finish() };
  });
  await new Promise((r) => setTimeout(r, 200));
  for (const p of pending) p.finish();
  const replies = await Promise.all(pending.map((p) => p.reply));
  assert.ok(replies.every((r) => r.status === 200 && r.body === replies[0]!.body));
  assert.equal((await metric('zbs_api_graphql_executions_total')) - runs, 1, 'one execution for all');
  assert.equal((await metric('zbs_api_response_cache_total{result="coalesced"}')) - coalesced, n - 1);
});

test('an ingest through the serving store shows in the next answer (no stale cache)', async () => {
  const q = `query Restarts($w: TimeWindowInput!) { serviceRestarts(window: $w) { node service startedAt } }`;
  const w = { from: '2022-08-18T11:00:00+08:00', to: '2022-08-18T14:00:00+08:00' };
  const before = JSON.parse((await gql(READ_TOKEN, q, { w })).body).data.serviceRestarts as unknown[];
  const cached = await gql(READ_TOKEN, q, { w });
  assert.equal(JSON.parse(cached.body).data.serviceRestarts.length, before.length);
  const hits = logs.filter((l) => l.operation === 'Restarts').map((l) => l.cache);
  assert.deepEqual(hits.slice(-2), ['miss', 'hit']);

  // A new process instance of zbs-metad on 57.27 at 13:30 local: one more restart.
  const d = join(bundle, '172_17_57_27/192_168_57_27_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-metad');
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, 'zbs-metad.log.20220818-133000.999'),
    'Log file created at: 2022/08/18 13:30:00\nRunning on machine: n4\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\nI0818 13:30:00.000000   999 main.cc:1] starting\n',
  );
  await runIngest(store, [bundle]);
  const afterIngest = JSON.parse((await gql(READ_TOKEN, q, { w })).body).data.serviceRestarts as unknown[];
  assert.equal(afterIngest.length, before.length + 1);
});

test('a write by another process shows once the data version is read again, within the poll interval', async () => {
  const clock = new VersionClock(store, 100);
  const v1 = await clock.current();
  await bumpFromAnotherProcess(storeFile); // what another process's ingest does to the shared catalog
  assert.equal(await clock.current(), v1, 'trusted within the interval: no catalog query per request');
  await new Promise((r) => setTimeout(r, 120));
  assert.notEqual(await clock.current(), v1);
});

test('a body over 1 MiB gets 413 (QUERY_TOO_COMPLEX) and the connection is closed', async () => {
  const u = new URL(api.url);
  // The server answers before the client has sent it all: the response counts, a reset after it does not.
  const res = await new Promise<{ status: number; connection?: string; code?: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${READ_TOKEN}` },
      },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => {
          const code = (JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code;
          resolve({ status: r.statusCode!, connection: r.headers.connection, code });
        });
      },
    );
    req.on('error', reject);
    req.end(`{"query":"${'x'.repeat(2 * 1024 * 1024)}"}`);
  });
  assert.deepEqual(res, { status: 413, connection: 'close', code: 'QUERY_TOO_COMPLEX' });
});

test('with introspection and the playground off, neither is served', async () => {
  const s = await startApiServer({ store, port: 0, host: '127.0.0.1', introspection: false, playground: false, log: () => undefined });
  try {
    const r = (await (
      await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      })
    ).json()) as { errors?: unknown };
    assert.match(JSON.stringify(r.errors), /introspection/i);
    assert.equal((await fetch(`${s.url}/playground`)).status, 404);
    assert.equal((await fetch(`${s.url}/`)).status, 404);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  } finally {
    await s.close();
  }
});
