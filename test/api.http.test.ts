import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startApiServer, type ApiServer } from '../src/api/http-server.js';
import { schemaSdl } from '../src/api/schema.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { ROOT, runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';

let api: ApiServer;
let store: EventStore;
const logs: unknown[] = [];

before(async () => {
  store = await openStore(`duckdb:${join(tmpDir(), 's.duckdb')}`);
  await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
  api = await startApiServer({ store, port: 0, host: '127.0.0.1', log: (level, msg, extra) => logs.push({ level, msg, ...extra }) });
});

after(async () => {
  await api.close();
  await store.close();
});

const gql = (query: string, variables?: Record<string, unknown>) =>
  request(api.server).post('/graphql').set('content-type', 'application/json').send({ query, variables });

test('events over HTTP: window in any offset, UTC out, node by alias, pagination', async () => {
  const q = `query($w: TimeWindowInput!, $after: String) { events(window: $w, node: "192.168.57.26", kind: PEER_LINK_DOWN, first: 2, after: $after) {
    edges { cursor node { time node service kind source line peer } } pageInfo { hasNextPage endCursor } } }`;
  const w = { from: '2022-08-18T12:46:00+08:00', to: '2022-08-18T12:47:00+08:00' };
  const p1 = await gql(q, { w });
  assert.equal(p1.status, 200);
  const c1 = p1.body.data.events;
  assert.deepEqual(
    c1.edges.map((e: { node: { time: string; peer: string } }) => [e.node.time, e.node.peer]),
    [
      ['2022-08-18T04:46:00.433372Z', '172.17.57.24:10201'],
      ['2022-08-18T04:46:00.433636Z', '172.17.57.27:10201'],
    ],
  );
  assert.equal(c1.pageInfo.hasNextPage, true);
  const p2 = await gql(q, { w, after: c1.pageInfo.endCursor });
  const c2 = p2.body.data.events;
  assert.deepEqual(
    c2.edges.map((e: { node: { line: number } }) => e.node.line),
    [13, 16],
  );
  const p3 = await gql(q, { w, after: c2.pageInfo.endCursor });
  assert.deepEqual(
    p3.body.data.events.edges.map((e: { node: { line: number } }) => e.node.line),
    [19],
  );
  assert.equal(p3.body.data.events.pageInfo.hasNextPage, false);
});

test('bad input gets BAD_USER_INPUT with a message a person understands, table', async () => {
  const cases: [string, string, Record<string, unknown> | undefined, RegExp][] = [
    [
      'inverted window',
      '{ events(window: {from: "2022-08-19T00:00:00Z", to: "2022-08-18T00:00:00Z"}) { edges { cursor } } }',
      undefined,
      /empty or inverted/,
    ],
    [
      'over-long window',
      '{ events(window: {from: "2022-01-01T00:00:00Z", to: "2022-08-18T00:00:00Z"}) { edges { cursor } } }',
      undefined,
      /longer than 31 days/,
    ],
    [
      'malformed time literal',
      '{ events(window: {from: "2022-02-30", to: "2022-08-18T00:00:00Z"}) { edges { cursor } } }',
      undefined,
      /not an ISO-8601 time/,
    ],
    [
      'malformed time variable',
      'query($f: DateTime!) { events(window: {from: $f, to: "2022-08-18T00:00:00Z"}) { edges { cursor } } }',
      { f: 'noon' },
      /not an ISO-8601 time/,
    ],
    [
      'unknown cluster',
      '{ events(window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}, cluster: "nope") { edges { cursor } } }',
      undefined,
      /unknown cluster "nope"/,
    ],
    [
      'unknown node',
      '{ events(window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}, node: "10.9.9.9") { edges { cursor } } }',
      undefined,
      /unknown node "10.9.9.9"/,
    ],
    [
      'bad cursor',
      '{ events(window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}, after: "xyz") { edges { cursor } } }',
      undefined,
      /not a cursor/,
    ],
    [
      'page too large',
      '{ events(window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}, first: 5000) { edges { cursor } } }',
      undefined,
      /first must be/,
    ],
  ];
  for (const [name, query, variables, re] of cases) {
    const r = await gql(query, variables);
    const err = r.body.errors?.[0];
    assert.ok(err, `${name}: expected an error`);
    assert.equal(err.extensions.code, 'BAD_USER_INPUT', `${name}: ${JSON.stringify(err)}`);
    assert.match(err.message, re, name);
  }
});

test('request JSON nested too deeply: 400 BAD_REQUEST naming the field, never a stack overflow, table', async () => {
  const arrays = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  const objects = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const q = JSON.stringify('query($a:JSONObject){ __typename }');
  const cases: { name: string; body: string; want: RegExp | null }[] = [
    // The reported body: ~800 KB, 400 000 levels; a 500 and "Maximum call stack size exceeded at canonicalJson" before.
    {
      name: 'variables: 400 000 nested arrays',
      body: `{"query":${q},"variables":{"a":${arrays(400_000)}}}`,
      want: /^variables nested deeper than 64 levels$/,
    },
    {
      name: 'variables: 150 000 nested objects',
      body: `{"query":${q},"variables":{"a":${objects(150_000)}}}`,
      want: /^variables nested deeper than 64/,
    },
    {
      name: 'extensions: 400 000 nested arrays',
      body: `{"query":${q},"extensions":{"a":${arrays(400_000)}}}`,
      want: /^extensions nested deeper than 64/,
    },
    {
      name: 'operationName: nested arrays',
      body: `{"query":${q},"operationName":${arrays(400_000)}}`,
      want: /^operationName nested deeper/,
    },
    {
      name: 'variables: one level past the limit',
      body: `{"query":${q},"variables":{"a":${arrays(64)}}}`,
      want: /^variables nested deeper than 64/,
    },
    { name: 'variables at the limit: left to GraphQL', body: `{"query":${q},"variables":{"a":${arrays(63)}}}`, want: null },
  ];
  for (const c of cases) {
    const r = await request(api.server).post('/graphql').set('content-type', 'application/json').send(c.body);
    const err = r.body.errors?.[0];
    assert.ok(err, `${c.name}: expected an error, got ${r.status} ${r.text.slice(0, 200)}`);
    if (c.want) {
      assert.equal(r.status, 400, c.name);
      assert.equal(err.extensions.code, 'BAD_REQUEST', c.name);
      assert.match(err.message, c.want, c.name);
    } else assert.notEqual(err.extensions.code, 'BAD_REQUEST', `${c.name}: ${err.message}`);
  }
  assert.ok(!logs.some((l) => (l as { level: string }).level === 'error'), 'nothing logged as an internal error');
  assert.equal((await gql('{ __typename }')).body.data.__typename, 'Query', 'the server still answers');
});

test('the playground is self-hosted: page and every asset come from this server', async () => {
  const page = await request(api.server).get('/playground');
  assert.equal(page.status, 200);
  const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(assets.length >= 4);
  for (const a of assets) {
    assert.ok(a.startsWith('/'), `asset from elsewhere: ${a}`);
    const r = await request(api.server).get(a);
    assert.equal(r.status, 200, a);
    assert.ok((r.body?.length ?? r.text.length) > 1000, `${a} has content`);
  }
  assert.doesNotMatch(page.text, /https?:\/\//, 'no external URL in the page');
});

test('healthz and unknown routes; requests are logged as JSON', async () => {
  const h = await request(api.server).get('/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.body.status, 'ok');
  assert.equal((await request(api.server).get('/nope')).status, 404);
  assert.ok(logs.some((l) => (l as { msg: string; path?: string }).msg === 'request' && (l as { path?: string }).path === '/healthz'));
});

test('schema/schema.graphql matches the code (run `npm run schema` after changing the API)', async () => {
  const committed = readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8');
  assert.equal(committed, await schemaSdl(), 'schema drift');
});
