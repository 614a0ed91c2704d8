/** Issue 18.4: one store, many readers — ingest, events and query work on the store a running serve holds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cli, SEED_BUNDLE, startServe, tmpDir } from './helpers.js';
import { SERVE_SECRET_HEADER } from '../src/api/internal/serve-file.js';

test('ingest, events and query go through the serve that holds the store; the lock is exit 3 without it', async () => {
  const dir = tmpDir();
  const file = join(dir, 's.duckdb');
  const store = `duckdb:${file}`;
  const serveFile = join(dir, 's.serve.json');
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store]).code, 0);
  const before = cli(['events', '--store', store]).stdout;
  assert.equal(cli(['simulate', '--out', join(dir, 'sim'), '--seed', '1', '--size-mb', '1']).code, 0);
  const serve = await startServe(store);
  let viaServe: string;
  try {
    assert.equal(statSync(serveFile).mode & 0o777, 0o600, "the serve file (it holds a secret) is the owner's only");
    const { pid, url, secret } = JSON.parse(readFileSync(serveFile, 'utf8')) as { pid: number; url: string; secret: string };
    assert.equal(pid, serve.pid);

    assert.equal(cli(['events', '--store', store]).stdout, before, 'events through serve: the same dump');
    const q = cli(['query', '{ clusters { name timeZone } }', '--store', store]);
    assert.equal(q.code, 0, q.stderr);
    assert.equal((JSON.parse(q.stdout) as { data: { clusters: { timeZone: string }[] } }).data.clusters[0]!.timeZone, 'Asia/Shanghai');

    const ing = cli(['ingest', join(dir, 'sim', 'bundle'), '--store', store]);
    assert.equal(ing.code, 0, ing.stderr);
    assert.match(ing.stderr, new RegExp(`held by serve \\(PID ${serve.pid}\\): going through it`));
    assert.match(ing.stdout, /^ingested \d+ file\(s\)/);
    viaServe = cli(['events', '--store', store]).stdout;
    assert.ok(viaServe.length > before.length, 'the ingest through serve is visible to events');
    const served = await fetch(`${serve.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sources { source } }' }),
    });
    assert.ok(((await served.json()) as { data: { sources: unknown[] } }).data.sources.length > 20, "and to serve's own API");

    // Refusals go back as the command's own: one line, the table's code.
    const bad = cli(['events', '--store', store, '--node', 'nosuchnode']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^zbs-timeline events: unknown node "nosuchnode"\n$/);
    const stdin = cli(['ingest', '-', '--store', store], 'x\n');
    assert.equal(stdin.code, 3);
    assert.match(stdin.stderr, /stdin \(-\) cannot be passed to it/);

    // The endpoints: the secret is required, and no browser may call them.
    const call = (headers: Record<string, string>) =>
      fetch(`${url}/internal/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"document":"{ clusters { name } }"}',
      });
    assert.equal((await call({})).status, 403, 'no secret');
    assert.equal((await call({ [SERVE_SECRET_HEADER]: secret.slice(1) + 'x' })).status, 403, 'a wrong secret');
    assert.equal((await call({ [SERVE_SECRET_HEADER]: secret, origin: 'http://evil.example' })).status, 403, 'an Origin');
    assert.equal((await call({ [SERVE_SECRET_HEADER]: secret })).status, 200);

    // A serve that cannot be found (its file gone): the lock is what it was, exit 3, one line.
    rmSync(serveFile);
    const locked = cli(['events', '--store', store, '--limit', '1']);
    assert.equal(locked.code, 3);
    assert.match(
      locked.stderr,
      new RegExp(`^zbs-timeline events: the store .* is in use by another process \\(PID ${serve.pid}[^\\n]*\\n$`),
    );
  } finally {
    await serve.stop();
  }
  assert.equal(existsSync(serveFile), false);
  assert.equal(cli(['events', '--store', store]).stdout, viaServe, 'what went through serve is what the store holds');
});

test('serve bound to ::1 only: commands on its store reach it there, by a symlink too', async (t) => {
  const probe = createServer();
  const v6 = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
  if (!v6) return t.skip('SKIPPED: this machine cannot bind ::1');
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store]).code, 0);
  const serve = await startServe(store, {}, ['--host', '::1']);
  try {
    const { url } = JSON.parse(readFileSync(join(dir, 's.serve.json'), 'utf8')) as { url: string };
    assert.match(url, /^http:\/\/\[::1\]:\d+$/);
    const q = cli(['query', '{ clusters { name } }', '--store', store]);
    assert.equal(q.code, 0, q.stderr);
    // The same store by a symlink: its serve is found through the real path.
    symlinkSync(join(dir, 's.duckdb'), join(dir, 'link.duckdb'));
    const viaLink = cli(['query', '{ clusters { name } }', '--store', `duckdb:${join(dir, 'link.duckdb')}`]);
    assert.equal(viaLink.code, 0, viaLink.stderr);
  } finally {
    await serve.stop();
  }
});
