/**
 * The /timeline page and the `report` file in a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core; no browser download). UPDATE_SCREENSHOTS=1
 * also writes the README's pictures to docs/img/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApiServer, type ApiServer } from '../src/api/http-server.js';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { cli, ROOT, runIngest, SEED_BUNDLE, startServe, tmpDir } from './helpers.js';
import { seedInTwoParts, waitFor, writePart } from './seed-parts.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLUSTER = '1dacc7b3-11ec-4afd-93c0-062544dc4e10';
const NODES = ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27'];
const WINDOW = { from: '2022-08-18T11:30:00+08:00', to: '2022-08-18T13:30:00+08:00' };
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/img') : null;

/** The page's globals, as the callbacks run by page.evaluate see them (this tsconfig has no DOM lib). */
interface Chart {
  convertToPixel(finder: object, value: (number | string)[]): number[];
}
declare const window: {
  timeline: { state: { lanes: Chart; matrix: Chart; model: { lanes: string[] }; data: { nodeOutages: { node: string }[] } } };
  loadedOnce?: boolean;
};
declare const document: {
  getElementById(id: string): { getBoundingClientRect(): { left: number; top: number } };
  querySelectorAll(selector: string): Iterable<{ textContent: string | null }>;
};

let api: ApiServer;
let store: EventStore;
let browser: Browser;
const dir = tmpDir('zbs-browser-');

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  store = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
  await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
  api = await startApiServer({ store, port: 0, host: '127.0.0.1', log: () => {} });
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await api?.close();
  await store?.close();
});

async function open(url: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-state=ready], body[data-state=error]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready', (await page.textContent('#error')) ?? '');
  return { page, requests, errors };
}

const svgTexts = (page: Page, id: string) => page.locator(`#${id} svg text`).allTextContents();

/** Where a mark of the lanes chart is on screen: a time (ms) on a lane, `dy` lanes below its centre. */
async function lanePoint(page: Page, timeMs: number, lane: string, dy: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ timeMs, lane, dy }) => {
      const t = window.timeline.state;
      const i = t.model.lanes.indexOf(lane);
      const [x, y] = t.lanes.convertToPixel({ seriesName: 'outages' }, [timeMs, i]);
      const [, next] = t.lanes.convertToPixel({ seriesName: 'outages' }, [timeMs, i + 1]);
      const box = document.getElementById('lanes')!.getBoundingClientRect();
      return { x: box.left + x!, y: box.top + y! + dy * (next! - y!) };
    },
    { timeMs, lane, dy },
  );
}

/** What the seed shows, asserted on the rendered page (served or from disk). */
async function assertSeedViews(page: Page): Promise<void> {
  // One lane per node (named by storage address), then leadership.
  const laneLabels = await svgTexts(page, 'lanes');
  for (const lane of [...NODES, 'ZooKeeper leader', 'meta leader'])
    assert.ok(laneLabels.includes(lane), `lane ${lane} in ${laneLabels.join('|')}`);
  assert.ok(laneLabels.includes('election 9.0 s'), 'the 12:46 ZooKeeper election with its length');
  assert.ok(laneLabels.includes('leader 172.17.57.25'), 'the leader it elected');
  const tick = laneLabels.find((t) => /^\d\d:\d\d:\d\d UTC/.test(t));
  assert.ok(laneLabels.some((t) => / local$/.test(t)) || (tick && /local/.test(tick)), 'the time axis shows the local time too');

  // The 12:00 cluster-wide band and 57.24 alone at 12:46: captions on the bands and the incidents list.
  assert.ok(laneLabels.includes('CLUSTER_WIDE 12:00:02'), 'the 12:00 band');
  assert.ok(laneLabels.includes('SINGLE_NODE 12:45:55'), 'the 12:46 band');
  const items = await page.locator('#incidents li').allTextContents();
  assert.equal(items.length, 2, items.join('\n'));
  assert.match(items[0]!, /^CLUSTER_WIDE 12:00:02–12:00:21 Asia\/Shanghai \(04:00:02–04:00:21 UTC\) — all 4 nodes: zbs-metad restarted/);
  assert.match(items[1]!, /^SINGLE_NODE 12:45:55–12:46:20 Asia\/Shanghai .* — 172\.17\.57\.24: crash/);
  assert.doesNotMatch(items[1]!, /172\.17\.57\.2[567]/, '57.24 alone at 12:46');

  // The link matrix: 4 x 4 nodes, 12 directed links, the seed's failed ones coloured with their DOWN time.
  assert.equal(await page.getAttribute('#matrix', 'data-failed-links'), '6');
  assert.match((await page.textContent('#matrix-caption'))!, /^6 of 12 links were DOWN in the window/);
  const cells = (await svgTexts(page, 'matrix')).filter((t) => /^\d+ s$/.test(t));
  assert.equal(cells.length, 6, cells.join('|'));
}

/** A click on the 57.24 outage (on its chunkd row, which no restart covers) shows its log lines with file and line. */
async function assertAliasesOnHover(page: Page): Promise<void> {
  const at = await lanePoint(page, Date.parse(WINDOW.from), '172.17.57.24', 0);
  await page.mouse.move(at.x - 30, at.y);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#lanes svg text')].some((t) => t.textContent === '172.17.57.24: 192.168.57.24, node57-24'),
  );
}

async function assertOutageEvidence(page: Page): Promise<void> {
  const at = await lanePoint(page, Date.parse('2022-08-18T04:46:10Z'), '172.17.57.24', -0.3);
  await page.mouse.click(at.x, at.y);
  assert.match((await page.textContent('#evidence-title'))!, /^172\.17\.57\.24 outage 12:45:55–12:46:20 Asia\/Shanghai .*process_crash/);
  const rows = await page
    .locator('#evidence tr.evidence-line')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.ok(rows.length >= 3, `evidence rows: ${rows.length}`);
  for (const r of rows) assert.match(r[5]!, /^172_17_57_\d+\/.+:\d+$/, 'file:line');
  const crash = rows.find((r) => r[4] === 'process.crash')!;
  assert.deepEqual([crash[1], crash[5]!.split('/').pop()], ['2022-08-18 12:46:05.100', 'zbs-metad.log.20220818-120012.30100:8']);
  assert.match(crash[6]!, /^Check failed: zk_session_ok\(\)/);
}

test('/timeline for the seed incident: lanes, bands, link matrix, evidence on click', async () => {
  const url = `${api.url}/timeline?${new URLSearchParams({ cluster: CLUSTER, ...WINDOW })}`;
  const { page, requests, errors } = await open(url);
  try {
    await assertSeedViews(page);
    await assertAliasesOnHover(page);
    await page.waitForSelector('body[data-live=on]', { timeout: 10_000 });
    const ws = api.url.replace(/^http/, 'ws');
    assert.deepEqual(
      requests.filter((r) => !r.startsWith(api.url) && !r.startsWith(ws)),
      [],
      'every asset from the process, none from a CDN',
    );
    assert.ok(requests.includes(`${ws}/graphql`), 'live updates subscribed over the same process');
    assert.ok(
      requests.some((r) => r === `${api.url}/graphql`),
      'data from the public GraphQL endpoint',
    );
    await assertOutageEvidence(page);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.mouse.move(0, 0); // no tooltip in the picture
      await page.screenshot({ path: join(SCREENSHOTS, 'timeline-seed.png'), fullPage: true });
    }

    // A matrix cell shows that pair's intervals.
    const cell = await page.evaluate(() => {
      const t = window.timeline.state;
      const [x, y] = t.matrix.convertToPixel({ seriesIndex: 0 }, ['172.17.57.24', '172.17.57.26']);
      const box = document.getElementById('matrix')!.getBoundingClientRect();
      return { x: box.left + x!, y: box.top + y! };
    });
    await page.mouse.click(cell.x, cell.y);
    assert.match((await page.textContent('#evidence-title'))!, /^172\.17\.57\.26 → 172\.17\.57\.24: DOWN 114 s in the window/);
    assert.match(
      (await page.locator('#evidence-body p.summary').first().textContent())!,
      /^DOWN 12:46:00–12:47:54 Asia\/Shanghai .*ended by back_to_normal/,
    );
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('/timeline follows serve --watch: the new 12:46 outage of 57.24 is drawn without a reload', async () => {
  const live = tmpDir('zbs-browser-live-');
  const logs = join(live, 'logs');
  const parts = seedInTwoParts();
  writePart(logs, parts, 'before');
  const serve = await startServe(`duckdb:${join(live, 's.duckdb')}`, {}, ['--watch', logs, '--tz', 'Asia/Shanghai', '--interval', '200']);
  let page: Page | undefined;
  try {
    await waitFor(() => /"msg":"poll".*"events":[1-9]/.test(serve.log()), 30_000, 'the first part to be stored');
    const window1240 = { cluster: CLUSTER, from: '2022-08-18T12:40:00+08:00', to: '2022-08-18T12:50:00+08:00' };
    ({ page } = await open(`${serve.url}/timeline?${new URLSearchParams(window1240)}`));
    assert.equal(await page.locator('#incidents li').count(), 0, 'nothing after 12:40 yet');
    await page.waitForSelector('body[data-live=on]', { timeout: 10_000 });
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    await page.evaluate(() => (window.loadedOnce = true));

    const appended = Date.now();
    writePart(logs, parts, 'after');
    // Budget for a loaded 2-core box: worker poll (200 ms) + store + debounce (300 ms) + query.
    await page.waitForFunction(
      () =>
        window.timeline.state.data.nodeOutages.some((o) => o.node === '172.17.57.24') &&
        [...document.querySelectorAll('#incidents li[data-scope=SINGLE_NODE]')].length === 1,
      undefined,
      { timeout: 15_000 },
    );
    const seenMs = Date.now() - appended;
    await page.waitForSelector('body[data-state=ready]');
    assert.match(
      (await page.locator('#incidents li').first().textContent())!,
      /^SINGLE_NODE 12:45:55–12:46:\d\d Asia\/Shanghai .* — 172\.17\.57\.24: crash/,
    );
    assert.ok((await svgTexts(page, 'lanes')).includes('SINGLE_NODE 12:45:55'), 'the band is drawn on the lanes');
    assert.equal(await page.evaluate(() => window.loadedOnce), true, 'the same document: no reload');
    assert.equal(navigations, 0);
    process.stderr.write(`timeline live: 57.24's outage drawn ${seenMs} ms after the lines were appended\n`);
  } finally {
    await page?.close();
    assert.equal(await serve.stop(), 0, serve.log());
  }
});

test('/timeline with no window opens on the last incident and puts it in the URL', async () => {
  const { page } = await open(`${api.url}/timeline`);
  try {
    const params = new URL(page.url()).searchParams;
    assert.deepEqual(
      [params.get('cluster'), params.get('from'), params.get('to')],
      [CLUSTER, '2022-08-18T03:45:55.903000Z', '2022-08-18T05:16:20.700000Z'],
    );
    assert.equal(await page.locator('#incidents li').count(), 2);
  } finally {
    await page.close();
  }
});

test('/timeline with a bad window says why on the page', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${api.url}/timeline?${new URLSearchParams({ cluster: CLUSTER, from: WINDOW.to, to: WINDOW.from })}`);
    await page.waitForSelector('body[data-state=error]');
    assert.match((await page.textContent('#error'))!, /the window is empty or inverted/);
  } finally {
    await page.close();
  }
});

test('report: one HTML file that renders the same views from disk, with no network', async () => {
  const out = join(dir, 'seed-report.html');
  const r = cli(['report', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--from', WINDOW.from, '--to', WINDOW.to, '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^wrote .*seed-report\.html \(1\.\d+ MiB\): cluster 1dacc7b3/m);
  const { page, requests, errors } = await open(pathToFileURL(out).href);
  try {
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')),
      [],
      'no request leaves the file',
    );
    await assertSeedViews(page);
    await assertOutageEvidence(page);
    assert.equal(await page.locator('a.served-only').isVisible(), false, 'no link to a server the file does not have');
    assert.equal(await page.getAttribute('body', 'data-live'), null, 'no subscription from a file');
    assert.ok(!requests.some((u) => /graphql-ws|^wss?:/.test(u)), requests.join('\n'));
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SCREENSHOTS, 'report-seed.png'), fullPage: true });
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('check --html writes the same report beside its verdict', () => {
  const out = join(dir, 'check.html');
  const r = cli(['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--html', out, '--quiet']);
  assert.equal(r.code, 1, 'the seed violates the default assertions');
  const html = readFileSync(out, 'utf8');
  const data = JSON.parse(/<script type="application\/json" id="timeline-data">(.*?)<\/script>/s.exec(html)![1]!) as {
    variables: { from: string };
    data: { incidents: unknown[] };
  };
  assert.equal(data.variables.from, '2022-08-18T03:45:55.903000Z', 'the last incident, as report picks it');
  assert.equal(data.data.incidents.length, 2);
});

test('report: bad input is one line and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['report', SEED_BUNDLE], /--out FILE\.html is required/],
    [['report', '--out', join(dir, 'x.html')], /report needs log paths, or --store URL/],
    [
      ['report', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--from', 'yesterday', '--out', join(dir, 'x.html')],
      /--from: "yesterday" is not an ISO-8601 time/,
    ],
    [
      ['report', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--cluster', 'nope', '--store', 'duckdb:/nonexistent', '--out', join(dir, 'x.html')],
      /give log paths or --store, not both/,
    ],
  ];
  for (const [args, want] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
