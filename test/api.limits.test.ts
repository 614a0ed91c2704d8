/** The API's limits over real HTTP on the seed store: each refusal's code, and that it came before the work. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { startApiServer, type ApiServer } from '../src/api/http-server.js';
import { DEFAULT_LIMITS, type ApiLimits } from '../src/api/limits/api-limits.config.js';
import { analysisCacheFor } from '../src/api/services/analysis-cache.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { bumpFromAnotherProcess, cli, runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';

let store: EventStore;
let storeFile: string;
const servers: ApiServer[] = [];

before(async () => {
  storeFile = join(tmpDir(), 's.duckdb');
  store = await openStore(`duckdb:${storeFile}`);
  await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
});

after(async () => {
  for (const s of servers) await s.close();
  await store.close();
});

async function serverWith(limits: Partial<ApiLimits> = {}): Promise<ApiServer> {
  const api = await startApiServer({ store, port: 0, host: '127.0.0.1', log: () => undefined, limits: { ...DEFAULT_LIMITS, ...limits } });
  servers.push(api);
  return api;
}

interface GqlResponse {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

async function gql(api: ApiServer, query: string, variables?: Record<string, unknown>): Promise<GqlResponse> {
  const r = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: r.status, body: (await r.json()) as GqlResponse['body'] };
}

const W = '{from: "2022-08-18T11:00:00+08:00", to: "2022-08-18T13:00:00+08:00"}';
const outages = (alias = '') => `${alias}nodeOutages(window: ${W}) { node evidence { kind line } }`;
const doubling = (n: number) =>
  `query { ...F${n} } fragment F0 on Query { __typename }` +
  Array.from({ length: n }, (_, i) => ` fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join('');
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => outages(`a${i}: `)).join(' ')} }`;

const LIMIT_CASES: {
  name: string;
  limits?: Partial<ApiLimits>;
  query: string;
  variables?: Record<string, unknown>;
  code: string;
  status: number;
  beforeWork: boolean;
  message: RegExp;
}[] = [
  {
    name: 'the alias bomb: 1000 aliases of nodeOutages with evidence, stopped while parsing',
    query: aliased(1000),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /more than 5000 tokens/,
  },
  {
    name: 'the alias bomb under a larger token limit',
    limits: { maxTokens: 100_000 },
    query: aliased(1000),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /more than 10 aliased fields/,
  },
  { name: '11 aliases', query: aliased(11), code: 'QUERY_TOO_COMPLEX', status: 400, beforeWork: true, message: /more than 10 aliased/ },
  {
    name: 'aliases inside a fragment count where it is spread',
    query: `{ ...F ...G } fragment F on Query { ${outages('x1: ')} ${outages('x2: ')} ${outages('x3: ')} ${outages('x4: ')} } fragment G on Query { ...F ...F }`,
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /aliased/,
  },
  {
    name: 'fragments that double 24 times (984 bytes), refused while validating',
    query: doubling(24),
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /has 50331647 selections once its fragments are spread, more than 10000/,
  },
  {
    name: 'depth',
    limits: { maxDepth: 3 },
    query: `{ incidents(window: ${W}) { outages { evidence { kind } } } }`,
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /deeper than 3 levels/,
  },
  {
    name: 'cost: big pages of big pages',
    query: `{ nodeOutages(window: ${W}, first: 1000) { evidence(first: 1000) { kind line source } } }`,
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /estimated cost is \d+, over the limit of 100000/,
  },
  {
    name: 'cost: page size from a variable',
    query: `query($n: Int!) { nodeOutages(window: ${W}, first: $n) { evidence(first: $n) { kind } } }`,
    variables: { n: 500 },
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /estimated cost/,
  },
  {
    name: 'cost: a lower limit',
    limits: { maxCost: 50 },
    query: `{ ${outages()} }`,
    code: 'QUERY_TOO_COMPLEX',
    status: 400,
    beforeWork: true,
    message: /over the limit of 50;/,
  },
  {
    name: 'page size out of range',
    query: `{ nodeOutages(window: ${W}, first: 5000) { node } }`,
    code: 'BAD_USER_INPUT',
    status: 200,
    beforeWork: true,
    message: /first must be between 1 and 1000/,
  },
  {
    name: 'evidence page size out of range',
    query: `{ nodeOutages(window: ${W}) { evidence(first: 0) { kind } } }`,
    code: 'BAD_USER_INPUT',
    status: 200,
    beforeWork: false,
    message: /first must be between 1 and 1000/,
  },
  {
    name: 'response size',
    limits: { maxResponseBytes: 500 },
    query: `{ ${outages()} }`,
    code: 'RESPONSE_TOO_LARGE',
    status: 200,
    beforeWork: false,
    message: /over 500 bytes/,
  },
  {
    name: 'deadline',
    limits: { timeoutMs: 1 },
    query: `{ ${outages()} }`,
    code: 'TIMEOUT',
    status: 200,
    beforeWork: false,
    message: /longer than 1 ms/,
  },
];

test('each limit refuses with its code; cost, depth and aliases before any resolver runs, table', async () => {
  const cases = LIMIT_CASES;
  for (const c of cases) {
    const api = await serverWith(c.limits);
    await bumpFromAnotherProcess(storeFile); // every case computes afresh if it gets to compute at all
    const cache = analysisCacheFor(store);
    const misses = cache.misses;
    const r = await gql(api, c.query, c.variables);
    const err = r.body.errors?.[0];
    assert.ok(err, `${c.name}: expected an error, got ${JSON.stringify(r.body).slice(0, 300)}`);
    assert.equal(err.extensions.code, c.code, `${c.name}: ${JSON.stringify(err)}`);
    assert.match(err.message, c.message, c.name);
    assert.equal(r.status, c.status, c.name);
    // Root fields are nullable: a refused field is null beside the others, so no data is none or all null.
    assert.ok(!r.body.data || Object.values(r.body.data).every((v) => v === null), `${c.name}: no data`);
    if (c.beforeWork) assert.equal(cache.misses, misses, `${c.name}: no analysis ran`);
  }
});

test('under the limits the same queries answer, and a query that passes them is not refused', async () => {
  const api = await serverWith();
  const r = await gql(api, aliased(10));
  assert.equal(r.status, 200, JSON.stringify(r.body.errors));
  assert.equal(Object.keys(r.body.data!).length, 10);
  assert.equal(r.body.extensions?.truncated, undefined, 'nothing was cut');
});

test('the standard introspection query passes the default limits; doubling fragments are refused at once', async () => {
  const api = await serverWith();
  const r = await gql(api, getIntrospectionQuery());
  assert.equal(r.status, 200, JSON.stringify(r.body.errors));
  assert.equal((r.body.data?.__schema as { queryType: { name: string } }).queryType.name, 'Query');
  const t0 = performance.now();
  const bomb = await gql(api, doubling(40));
  const ms = performance.now() - t0;
  assert.equal(bomb.status, 400);
  assert.deepEqual(bomb.body.errors?.[0]?.extensions, {
    code: 'QUERY_TOO_COMPLEX',
    limit: 'selections',
    max: 10_000,
    actual: 3 * 2 ** 40 - 1,
  });
  assert.ok(ms < 1000, `answered in ${ms.toFixed(0)} ms`); // before: n=24 took ~20 s, n=40 days
});

test('evidence pages: first/after reaches every event of every answer once, in order', async () => {
  const api = await serverWith();
  const all = await gql(
    api,
    `{ nodeOutages(window: ${W}) { evidenceCount evidence(first: 100) { cursor source line kind } } serviceRestarts(window: ${W}) { evidenceCount evidence(first: 100) { cursor source line kind } } }`,
  );
  assert.ok(all.body.data, JSON.stringify(all.body.errors));
  const lists = [...(all.body.data!.nodeOutages as Answer[]), ...(all.body.data!.serviceRestarts as Answer[])];
  assert.ok(
    lists.some((l) => l.evidenceCount > 2),
    'some answer has more than one page',
  );
  const nOutages = (all.body.data!.nodeOutages as Answer[]).length;
  for (let i = 0; i < lists.length; i++) {
    const whole = lists[i]!;
    const [field, index] = i < nOutages ? ['nodeOutages', i] : ['serviceRestarts', i - nOutages];
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const r = await gql(
        api,
        `query($after: String) { ${field}(window: ${W}) { evidence(first: 2, after: $after) { cursor source line kind } } }`,
        { after },
      );
      assert.ok(r.body.data, JSON.stringify(r.body.errors));
      const ev = (r.body.data[field] as Answer[])[index]!.evidence;
      seen.push(...ev.map((e) => `${e.source}:${e.line}:${e.kind}`));
      if (ev.length < 2) break;
      after = ev[ev.length - 1]!.cursor;
    }
    assert.deepEqual(
      seen,
      whole.evidence.map((e) => `${e.source}:${e.line}:${e.kind}`),
      `${field}[${index}]: pages = the whole list`,
    );
    assert.equal(seen.length, whole.evidenceCount);
  }
  const bad = await gql(api, `{ nodeOutages(window: ${W}) { evidence(after: "xyz") { kind } } }`);
  assert.equal(bad.body.errors?.[0]?.extensions.code, 'BAD_USER_INPUT');
  assert.match(bad.body.errors![0]!.message, /not a cursor returned by this API/);
});

interface Answer {
  evidenceCount: number;
  evidence: { cursor: string; source: string; line: number; kind: string }[];
}

test('capped lists are flagged in extensions.truncated with their path and total, table', async () => {
  const api = await serverWith();
  const cases: { query: string; path: string; returned: number; total: number }[] = [
    { query: `{ nodeOutages(window: ${W}, first: 2) { node } }`, path: 'nodeOutages', returned: 2, total: 5 },
    { query: `{ early: nodeOutages(window: ${W}, first: 1) { node } }`, path: 'early', returned: 1, total: 5 },
    {
      query: `{ peerLinkHistory(window: { from: "2022-08-18T11:00:00+08:00", to: "2022-08-18T13:00:00+08:00" }, first: 4) { observer } }`,
      path: 'peerLinkHistory',
      returned: 4,
      total: 6,
    },
    {
      query: `{ peerLinkHistory(window: { from: "2022-08-18T11:00:00+08:00", to: "2022-08-18T13:00:00+08:00" }, first: 1) { intervalCount intervals(first: 1) { state } } }`,
      path: 'peerLinkHistory.0.intervals',
      returned: 1,
      total: 2,
    },
  ];
  for (const c of cases) {
    const r = await gql(api, c.query);
    assert.equal(r.status, 200, JSON.stringify(r.body.errors));
    const notes = r.body.extensions?.truncated as { path: string; returned: number; total: number }[];
    assert.ok(
      notes?.some((n) => n.path === c.path && n.returned === c.returned && n.total === c.total),
      `${c.query}: ${JSON.stringify(r.body.extensions)}`,
    );
  }
  const whole = await gql(api, `{ nodeOutages(window: ${W}, first: 5) { node } }`);
  assert.equal((whole.body.data!.nodeOutages as unknown[]).length, 5);
  assert.equal(whole.body.extensions?.truncated, undefined, 'a list that fits is not flagged');
});

/** Writes `head`, then `trickle` a byte at a time every `everyMs`; resolves with what the server sent and when it closed. */
function slowClient(url: string, head: string, trickle: string, everyMs: number): Promise<{ reply: string; ms: number }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const sock = connect(Number(port), '127.0.0.1');
    let reply = '';
    let i = 0;
    const timer = setInterval(() => i < trickle.length && !sock.destroyed && sock.write(trickle[i++]!), everyMs);
    sock.on('connect', () => sock.write(head));
    sock.on('data', (c) => (reply += c.toString()));
    sock.on('error', () => undefined); // a reset after the reply is the server cutting us off
    sock.on('close', () => (clearInterval(timer), resolve({ reply, ms: performance.now() - t0 })));
    setTimeout(() => (sock.destroy(), reject(new Error(`not cut off within 10 s; got: ${reply}`))), 10_000);
  });
}

test('slow clients are cut off: a trickling body gets 408, trickling headers are dropped, table', async () => {
  const api = await serverWith({ bodyTimeoutMs: 300, headersTimeoutMs: 400, requestTimeoutMs: 2000 });
  const body = JSON.stringify({ query: '{ clusters { name } }' });
  const cases = [
    {
      name: 'body',
      head: `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      trickle: body,
      reply: /^HTTP\/1\.1 408 [\s\S]*"message":"request body not received within 300 ms","extensions":\{"code":"TIMEOUT"/,
    },
    {
      name: 'headers',
      head: 'POST /graphql HTTP/1.1\r\n',
      trickle: 'Host: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ' + 'y'.repeat(100),
      reply: /^(HTTP\/1\.1 408|$)/,
    },
  ];
  for (const c of cases) {
    const r = await slowClient(api.url, c.head, c.trickle, 50);
    assert.match(r.reply, c.reply, c.name);
    assert.ok(r.ms < 3000, `${c.name}: cut off after ${Math.round(r.ms)} ms`);
  }
  // The server still answers others.
  assert.equal((await gql(api, '{ clusters { name } }')).status, 200);
});

test('connections past the cap are closed at once; the ones held still work', async () => {
  const api = await serverWith({ maxConnections: 2 });
  const { port } = new URL(api.url);
  const open = () =>
    new Promise<import('node:net').Socket>((resolve) => {
      const s = connect(Number(port), '127.0.0.1', () => resolve(s));
      s.on('error', () => undefined);
    });
  const held = [await open(), await open()];
  const extra = await open();
  const closed = await new Promise<boolean>((resolve) => {
    extra.on('close', () => resolve(true));
    setTimeout(() => resolve(false), 2000);
  });
  assert.ok(closed, 'the third connection was closed');
  const reply = await new Promise<string>((resolve) => {
    held[0]!.once('data', (c) => resolve(c.toString()));
    held[0]!.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  });
  assert.match(reply, /^HTTP\/1\.1 200/);
  for (const s of held) s.destroy();
});

test('serve: limits are flags; a bad value is a usage error, table', () => {
  for (const [flag, value] of [
    ['--max-cost', 'lots'],
    ['--timeout-ms', '0'],
    ['--max-connections', '1.5'],
  ] as const) {
    const r = cli(['serve', '--port', '0', flag, value]);
    assert.equal(r.code, 2, `${flag} ${value}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${flag} must be a positive integer`));
  }
  const help = cli(['serve', '--help']);
  assert.match(help.stdout + help.stderr, /--max-aliases <n>\s+limit \(default 10\)/);
});
