/** Secrets in store URLs and DATABASE_URL never leave: every output path is searched for them. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { redactUrl } from '../src/store/store-url.js';
import { createTestDatabase } from './pg-helpers.js';
import { ROOT, SEED_BUNDLE, startServe, tmpDir } from './helpers.js';

const SECRET = 'S3cretPW';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/zbs-timeline'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('redactUrl, table', () => {
  const cases: [string, string][] = [
    ['questdb:http::addr=h:9000;username=admin;password=S3cretPW;', 'questdb:http::addr=h:9000;username=admin;password=***;'],
    ['questdb:http::addr=h:9000;token=abc;', 'questdb:http::addr=h:9000;token=***;'],
    ['questdb:tcp::addr=h:9009;username=k;token=t;token_x=x;token_y=y', 'questdb:tcp::addr=h:9009;username=k;token=***;token_x=***;token_y=***'],
    ['postgresql://zbs:S3cretPW@db:5432/catalog', 'postgresql://zbs:***@db:5432/catalog'],
    ['duckdb:./data/zbs-timeline.duckdb', 'duckdb:./data/zbs-timeline.duckdb'],
  ];
  for (const [url, want] of cases) assert.equal(redactUrl(url), want, url);
});

test('a QuestDB password is in no output of ingest, check or a bad store URL', () => {
  const store = `questdb:http::addr=127.0.0.1:1;username=admin;password=${SECRET};`;
  for (const args of [
    ['ingest', SEED_BUNDLE, '--store', store, '--store-timeout', '2'],
    ['ingest', SEED_BUNDLE, '--store', store, '--store-timeout', '2', '--json'],
    ['events', '--store', store],
    ['ingest', SEED_BUNDLE, '--store', `questdb:ftp::addr=h;password=${SECRET}`],
  ]) {
    const r = run(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.ok(!r.out.includes(SECRET), `${args.join(' ')}: ${r.out}`);
  }
});

const db = await createTestDatabase('zbs_secrets');
after(() => db.drop());

test('a DATABASE_URL password is in no output of ingest, the ingest report, serve or /healthz', async () => {
  const url = new URL(db.url);
  url.password = SECRET; // the local server trusts; the password is only carried
  const env = { DATABASE_URL: url.toString() };
  const store = `duckdb:${join(tmpDir(), 's.duckdb')}`;
  for (const args of [['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store], ['ingest', SEED_BUNDLE, '--store', store, '--json']]) {
    const r = run(args, env);
    assert.equal(r.code, 0, r.out);
    assert.ok(!r.out.includes(SECRET), r.out);
  }
  const { health, log } = await serve(store, env);
  assert.ok(!health.includes(SECRET) && !log.includes(SECRET), `${health}\n${log}`);
});

/** `serve` on a free port, stopped again: its log lines and its /healthz answer. */
async function serve(store: string, env: Record<string, string> = {}): Promise<{ health: string; log: string }> {
  const s = await startServe(store, env);
  const health = await (await fetch(`${s.url}/healthz`)).text();
  await s.stop();
  return { health, log: s.log() };
}

const questdb = process.env.QUESTDB_URL;
test('a QuestDB password is not in serve\'s log or /healthz', { skip: questdb ? false : 'SKIPPED: QUESTDB_URL is not set' }, async () => {
  const { health, log } = await serve(`${questdb!.replace(/;?$/, ';')}username=admin;password=${SECRET};`);
  assert.match(health, /"status":"ok"/);
  assert.ok(!health.includes(SECRET) && !log.includes(SECRET), `${health}\n${log}`);
});
