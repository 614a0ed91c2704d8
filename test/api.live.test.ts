/**
 * Live updates: GraphQL subscriptions over WebSocket (graphql-ws) on serve's port.
 * `serve --watch` runs as a real process on the embedded store, following a directory
 * that gets the seed incident in two parts: before 12:40 local, then the rest (with the
 * 12:46 outage of 57.24). A graphql-ws client sees that outage arrive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startApiServer, type ApiServerOptions } from '../src/api/http-server.js';
import { DEFAULT_LIMITS } from '../src/api/limits/api-limits.config.js';
import { LiveFeed } from '../src/api/live/live-feed.service.js';
import { openStore } from '../src/store/store-factory.js';
import { cli, runIngest, SEED_BUNDLE, startServe, tmpDir } from './helpers.js';
import { seedInTwoParts, waitFor, writePart } from './seed-parts.js';

const CLUSTER = '1dacc7b3-11ec-4afd-93c0-062544dc4e10';
/** 12:00-13:00 local (UTC+8): both seed incidents. */
const WINDOW = { from: '2022-08-18T04:00:00Z', to: '2022-08-18T05:00:00Z' };
/** The 12:46 outage of 57.24 starts here (its ZooKeeper follower loses the leader). */
const LATE_OUTAGE_START = '2022-08-18T04:45:55.903000Z';

const OUTAGES = `subscription ($cluster: String, $window: TimeWindowInput!) {
  outagesChanged(cluster: $cluster, window: $window) { cluster version time outages { node start kinds evidence { source line } } }
}`;
const DATA = `subscription ($cluster: String) { dataChanged(cluster: $cluster) { cluster version time } }`;

interface OutagesMsg {
  outagesChanged: {
    cluster: string;
    version: string;
    time: string;
    outages: { node: string; start: string; kinds: string[]; evidence: { source: string; line: number }[] }[];
  };
}
interface DataMsg {
  dataChanged: { cluster: string; version: string; time: string };
}

function wsClient(httpUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: httpUrl.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
}

/** The next message of a subscription, or a failure after `ms`. */
async function next<T>(it: AsyncIterableIterator<{ data?: unknown; errors?: unknown }>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)));
  try {
    const r = await Promise.race([it.next(), timeout]);
    assert.equal(r.done, false, `${what}: the subscription ended`);
    assert.equal(r.value.errors, undefined, `${what}: ${JSON.stringify(r.value.errors)}`);
    return r.value.data as T;
  } finally {
    clearTimeout(timer);
  }
}

test('serve --watch: a subscriber sees the new 57.24 outage within 2 s of the worker storing it; dataChanged fires; leaving stops the watch', async () => {
  const dir = tmpDir();
  const logs = join(dir, 'logs');
  const parts = seedInTwoParts();
  writePart(logs, parts, 'before');
  const serve = await startServe(`duckdb:${join(dir, 's.duckdb')}`, {}, ['--watch', logs, '--tz', 'Asia/Shanghai', '--interval', '100']);
  const client = wsClient(serve.url);
  try {
    await waitFor(() => /"msg":"poll".*"events":[1-9]/.test(serve.log()), 20_000, 'the first part to be stored');
    const outages = client.iterate({ query: OUTAGES, variables: { cluster: CLUSTER, window: WINDOW } });
    const data = client.iterate({ query: DATA, variables: { cluster: CLUSTER } });

    const first = (await next<OutagesMsg>(outages, 10_000, 'the current answer')).outagesChanged;
    assert.equal(first.cluster, CLUSTER);
    assert.ok(
      first.outages.length >= 4,
      `the 12:00 outages are there first: ${JSON.stringify(first.outages.map((o) => [o.node, o.start]))}`,
    );
    assert.ok(!first.outages.some((o) => o.start >= '2022-08-18T04:40:00Z'), 'nothing after 12:40 local yet');

    const dataNext = next<DataMsg>(data, 10_000, 'dataChanged');
    await waitFor(() => /"msg":"live: watching the data version"/.test(serve.log()), 5_000, 'the watch to start');
    const logBefore = serve.log().length;
    const appended = Date.now();
    writePart(logs, parts, 'after');
    // The append may be stored over two polls: each that changes the answer sends it.
    const complete = (o: OutagesMsg['outagesChanged']['outages'][number]): boolean =>
      o.start === LATE_OUTAGE_START && o.evidence.some((e) => e.source.endsWith('zbs-metad.log.20220818-124620.31100'));
    let changed = (await next<OutagesMsg>(outages, 10_000, 'the new outage')).outagesChanged;
    while (!changed.outages.some(complete))
      changed = (await next<OutagesMsg>(outages, 10_000, 'the rest of the new outage')).outagesChanged;
    const received = Date.now();
    const late = changed.outages.find(complete);
    assert.ok(late, `the 12:46 outage arrived: ${JSON.stringify(changed.outages.map((o) => [o.node, o.start]))}`);
    assert.equal(late.node, '172.17.57.24');
    assert.ok(late.kinds.includes('PROCESS_CRASH') && late.kinds.includes('ZK_SERVER_LOST'), late.kinds.join());
    assert.ok(BigInt(changed.version) > BigInt(first.version));

    // When the worker logged the last poll that stored lines (the append may span two polls), by serve's own clock.
    const infos = serve
      .log()
      .slice(logBefore)
      .split('\n')
      .filter((l) => l.startsWith('{"level":"info"'));
    const polls = infos
      .map((l) => JSON.parse(l) as { time: string; msg: string; files?: number })
      .filter((l) => l.msg === 'poll' && l.files! >= 1);
    assert.ok(polls.length, 'the worker logged the poll that stored the second part');
    const sinceStored = received - Date.parse(polls[polls.length - 1]!.time);
    assert.ok(sinceStored < 2000, `seen ${sinceStored} ms after the worker stored it`);
    process.stderr.write(
      `live: the new outage seen ${sinceStored} ms after the worker stored it (${received - appended} ms after the lines were written; ${polls.length} poll(s))\n`,
    );

    const dc = (await dataNext).dataChanged;
    assert.equal(dc.cluster, CLUSTER);
    assert.ok(BigInt(dc.version) > BigInt(first.version) && Date.parse(dc.time) >= appended - 1000);

    await outages.return?.();
    await data.return?.();
    await waitFor(
      () => /"msg":"live: no subscribers; stopped watching"/.test(serve.log()),
      5_000,
      'the watch to stop once nobody subscribes',
    );
  } finally {
    await client.dispose();
    assert.equal(await serve.stop(), 0, serve.log());
  }
});

test('LiveFeed: a write by someone else is seen by polling the data version, and polling stops when the last subscriber leaves', async () => {
  const dir = tmpDir();
  const logs = join(dir, 'logs');
  const parts = seedInTwoParts();
  writePart(logs, parts, 'before');
  const store = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
  try {
    await runIngest(store, [logs], { tz: 'Asia/Shanghai' });
    const feed = new LiveFeed({ store, log: () => undefined, pollMs: 50 });
    const changes = await feed.dataChanges({ cluster: CLUSTER });
    const other = await feed.dataChanges({});
    assert.equal(feed.subscribers, 2);
    assert.ok(feed.polling);
    const pending = changes.next();
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(feed.versionReads >= 2, `polled while subscribed: ${feed.versionReads}`);
    // Nobody calls notify(): as for a worker in another process, only the poll can tell.
    writePart(logs, parts, 'after');
    await runIngest(store, [logs], { tz: 'Asia/Shanghai' });
    const got = await pending;
    assert.equal(got.done, false);
    assert.equal(got.value!.cluster, CLUSTER);
    assert.equal(got.value!.version, await store.dataVersion());
    assert.equal((await other.next()).value!.cluster, null);

    await changes.return!();
    assert.ok(feed.polling, 'one subscriber left');
    await other.return!();
    assert.equal(feed.subscribers, 0);
    assert.equal(feed.polling, false);
    const reads = feed.versionReads;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(feed.versionReads, reads, 'no reads of the data version once nobody subscribes');
    feed.notify();
    assert.equal(feed.versionReads, reads, 'nor on a write with nobody to tell');
    await assert.rejects(
      feed.dataChanges({ cluster: 'nope' }),
      (e: Error & { extensions?: { code?: string } }) =>
        e.extensions?.code === 'BAD_USER_INPUT' && /unknown cluster "nope"/.test(e.message),
    );
  } finally {
    await store.close();
  }
});

/** serve's API on loopback over a fresh store holding the seed incident. */
async function seededApi(opts: Partial<ApiServerOptions>) {
  const store = await openStore(`duckdb:${join(tmpDir(), 's.duckdb')}`);
  await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
  const api = await startApiServer({ store, port: 0, host: '127.0.0.1', log: () => undefined, ...opts });
  return { store, api };
}

test('WebSocket endpoint: the authorize hook, errors with codes, queries refused, other paths 404', async () => {
  const { store, api } = await seededApi({
    live: { authorize: (params, req) => params?.authorization === 'Bearer s3cret' || req.headers.authorization === 'Bearer s3cret' },
  });
  const denied = wsClient(api.url);
  const allowed = wsClient(api.url, { authorization: 'Bearer s3cret' });
  try {
    await assert.rejects(denied.iterate({ query: DATA }).next(), (e: { code?: number }) => e.code === 4403);

    const outages = allowed.iterate({ query: OUTAGES, variables: { cluster: CLUSTER, window: WINDOW } });
    const all = (await next<OutagesMsg>(outages, 10_000, 'the current answer')).outagesChanged.outages;
    assert.ok(all.some((o) => o.start === LATE_OUTAGE_START && o.node === '172.17.57.24'));
    await outages.return?.();

    const errorOf = async (
      query: string,
      variables?: Record<string, unknown>,
    ): Promise<{ message: string; extensions?: { code?: string } }> => {
      try {
        const r = await allowed.iterate({ query, variables }).next();
        return (r.value as { errors: { message: string; extensions?: { code?: string } }[] }).errors[0]!;
      } catch (e) {
        return (e as { message: string; extensions?: { code?: string } }[])[0]!;
      }
    };
    const unknown = await errorOf(DATA, { cluster: 'nope' });
    assert.equal(unknown.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(unknown));
    assert.match(unknown.message, /unknown cluster "nope"/);
    const badTime = await errorOf(OUTAGES, { window: { from: 'yesterday', to: WINDOW.to } });
    assert.equal(badTime.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(badTime));
    const query = await errorOf('{ clusters { name } }');
    assert.equal(query.extensions?.code, 'BAD_REQUEST', JSON.stringify(query));
    assert.match(query.message, /POST \/graphql/);
    assert.equal((await errorOf('subscription { nope }')).extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal((await errorOf('subscription {')).extensions?.code, 'GRAPHQL_PARSE_FAILED');

    // Over HTTP a subscription is refused with a pointer to the WebSocket endpoint.
    const http = (await (
      await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: DATA }),
      })
    ).json()) as { errors: { message: string; extensions: { code: string } }[] };
    assert.equal(http.errors[0]!.extensions.code, 'BAD_REQUEST');
    assert.match(http.errors[0]!.message, /over WebSocket \(graphql-ws protocol\) at \/graphql/);

    const elsewhere = await new Promise<number>((resolve) => {
      const ws = new WebSocket(api.url.replace(/^http/, 'ws') + '/nope', 'graphql-transport-ws');
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    assert.equal(elsewhere, 404);
    const tooBig = await new Promise<number>((resolve) => {
      const ws = new WebSocket(api.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
      ws.on('open', () =>
        ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer s3cret', pad: 'x'.repeat(2 * 1024 * 1024) } })),
      );
      ws.on('close', (code) => resolve(code));
      ws.on('error', () => undefined);
    });
    assert.equal(tooBig, 1009, 'a message over the 1 MiB request limit closes the socket (Message Too Big)');
    assert.equal(api.live.subscribers, 0);
  } finally {
    await denied.dispose();
    await allowed.dispose();
    await api.close();
    await store.close();
  }
});

/** The status an upgrade to /graphql with these headers gets: 101 when the WebSocket opens. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', { headers });
    ws.on('open', () => (ws.close(), resolve(101)));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

test('WebSocket upgrades meet the Host check and an Origin check; subscriptions meet the query limits, table', async () => {
  const { store, api } = await seededApi({
    corsOrigins: ['https://portal.example'],
    limits: { ...DEFAULT_LIMITS, maxAliases: 3, maxDepth: 3 },
  });
  const self = new URL(api.url).host;
  const client = wsClient(api.url);
  try {
    const upgrades: [string, Record<string, string>, number][] = [
      ['no Origin (not a browser)', {}, 101],
      ["the server's own page", { Origin: api.url }, 101],
      ['an allowed portal', { Origin: 'https://portal.example' }, 101],
      ['another site (cross-site WebSocket hijacking)', { Origin: 'https://evil.example' }, 403],
      ['another port of this host', { Origin: `http://127.0.0.1:${Number(new URL(api.url).port) + 1}` }, 403],
      ['a null origin', { Origin: 'null' }, 403],
      ['a rebound name (Host)', { Host: `evil.example:${new URL(api.url).port}` }, 421],
      ['a rebound name with its own page', { Host: 'evil.example', Origin: 'http://evil.example' }, 421],
    ];
    for (const [name, headers, want] of upgrades) assert.equal(await upgradeStatus(api.url, headers), want, `${name} (${self})`);

    const aliases = Array.from({ length: 4 }, (_, i) => `a${i}: dataChanged { version }`).join(' ');
    const deep = `subscription { outagesChanged(window: { from: "${WINDOW.from}", to: "${WINDOW.to}" }) { outages { evidence { source } } } }`;
    const refused: [string, string][] = [
      ['aliases over the limit (3)', `subscription { ${aliases} }`],
      ['nested deeper than the limit (3)', deep],
      ['tokens over the limit', `subscription { ${'dataChanged { version } '.repeat(1300)} }`],
      [
        'outages x evidence pages over the cost limit',
        deep.replace('outages {', 'outages(first: 1000) {').replace('evidence {', 'evidence(first: 1000) {'),
      ],
    ];
    for (const [name, query] of refused) {
      const errors = await client
        .iterate({ query })
        .next()
        .then(
          (r) => (r.value as { errors?: { extensions?: { code?: string } }[] }).errors,
          (e: { extensions?: { code?: string } }[]) => e,
        );
      assert.ok(
        Array.isArray(errors) && errors.some((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX'),
        `${name}: ${JSON.stringify(errors)}`,
      );
    }
    const shallow = `subscription { outagesChanged(window: { from: "${WINDOW.from}", to: "${WINDOW.to}" }) { version outages { node } } }`;
    const ok = await next<{ outagesChanged: { outages: { node: string }[] } }>(
      client.iterate({ query: shallow }),
      10_000,
      'a subscription within the limits',
    );
    assert.ok(ok.outagesChanged.outages.length > 0);
  } finally {
    await client.dispose();
    await api.close();
    await store.close();
  }
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

test(
  'in a real browser: the playground loads with its WebSocket client, and the served graphql-ws client subscribes',
  { skip: existsSync(CHROMIUM) ? false : `SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)` },
  async () => {
    const { chromium } = await import('playwright-core');
    const dir = tmpDir();
    const store = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
    await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    const api = await startApiServer({ store, port: 0, host: '127.0.0.1', log: () => undefined });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${api.url}/playground`);
      await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
      assert.deepEqual(pageErrors, []);
      const outages = await page.evaluate(
        async ({ query, variables }) => {
          const { createClient } = await import('/playground/assets/graphql-ws/client.js' as string);
          const origin = (globalThis as unknown as { location: { origin: string } }).location.origin;
          const client = createClient({ url: origin.replace(/^http/, 'ws') + '/graphql' });
          const it = client.iterate({ query, variables });
          const first = await it.next();
          await it.return();
          await client.dispose();
          return first.value.data.outagesChanged.outages.map((o: { node: string; start: string }) => `${o.node} ${o.start}`);
        },
        { query: OUTAGES, variables: { cluster: CLUSTER, window: WINDOW } },
      );
      assert.ok(outages.includes(`172.17.57.24 ${LATE_OUTAGE_START}`), outages.join('\n'));
      assert.equal((await fetch(`${api.url}/playground/assets/graphql-ws/nope.js`)).status, 404);
    } finally {
      await browser.close();
      await api.close();
      await store.close();
    }
  },
);

test('serve: --watch mistakes are usage errors (exit 2) named on the first line, before anything is opened', () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  for (const [args, message] of [
    [['--watch', join(dir, 'nope')], /--watch .*nope: not a directory/],
    [['--tz', 'Asia/Shanghai'], /--tz and --interval go with --watch DIR/],
    [['--watch', dir, '--interval', '5'], /--interval must be at least 10/],
  ] as const) {
    const r = cli(['serve', '--port', '0', '--store', store, ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.split('\n')[0]!, message, 'the mistake first, then the usage');
  }
  assert.equal(existsSync(join(dir, 's.duckdb')), false, 'no store created');
});
