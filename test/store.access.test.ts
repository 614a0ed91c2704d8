/** Issue 19.2 / 20.2: read commands never create a store; the store config is checked before anything is opened; events streams. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, SEED_BUNDLE, tmpDir, withStore, runIngest } from './helpers.js';
import { eventPages } from '../src/store/event-pages.js';

function cliIn(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/zbs-timeline'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertOneLine(r: { code: number | null; stderr: string }, code: number, pattern: RegExp, name: string): void {
  assert.equal(r.code, code, `${name}: ${r.stderr}`);
  assert.match(r.stderr, pattern, name);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${name}: one line: ${r.stderr}`);
}

test('read commands refuse a store that is not there, and create nothing', () => {
  const dir = tmpDir();
  const store = 'duckdb:./data/none.duckdb';
  const cases: [string, string[]][] = [
    ['events', ['events', '--store', store]],
    ['events (default store)', ['events']],
    ['query', ['query', '{ clusters { name } }', '--store', store]],
    ['report --store', ['report', '--store', store, '--out', 'r.html']],
    ['check --store', ['check', '--store', store]],
  ];
  for (const [name, args] of cases) assertOneLine(cliIn(dir, args), 2, /no store at \.\/data\/.*\.duckdb: ingest logs into it first/, name);
  assert.deepEqual(readdirSync(dir), [], 'no store, catalog or folder was created');
});

test('a bad store config is refused before anything is opened (exit 2, nothing created)', () => {
  const dir = tmpDir();
  assertOneLine(cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'duckdb:']), 2, /duckdb: needs a file/, 'empty duckdb:');
  assertOneLine(cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'sqlite:x.db']), 2, /unknown store "sqlite:x\.db"/, 'unknown scheme');
  assertOneLine(
    cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'duckdb:./s.duckdb'], { DATABASE_URL: 'mysql://u:secret@h/db' }),
    2,
    /DATABASE_URL must be postgresql:\/\/… or file:PATH \(got "mysql:\/\/u:\*\*\*@h\/db"\)/,
    'bad DATABASE_URL',
  );
  assertOneLine(
    cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'questdb:http::username=admin;']),
    2,
    /QuestDB config needs addr=HOST/,
    'a QuestDB config without addr',
  );
  assertOneLine(
    cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'questdb:http::port=9000']),
    2,
    /QuestDB config: "port" is not a key the client knows/,
    'a key the QuestDB client does not know',
  );
  mkdirSync(join(dir, 'folder.duckdb'));
  assertOneLine(cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'duckdb:./folder.duckdb']), 2, /is not a file/, 'a folder');
  writeFileSync(join(dir, 'junk.duckdb'), 'not a database\n'.repeat(500));
  assertOneLine(
    cliIn(dir, ['ingest', SEED_BUNDLE, '--store', 'duckdb:./junk.duckdb']),
    2,
    /is not a DuckDB database file/,
    'not a DuckDB file',
  );
  assert.deepEqual(
    readdirSync(dir).sort(),
    ['folder.duckdb', 'junk.duckdb'],
    'no catalog file was left beside a store that would not open',
  );
});

test('keyset pages give the whole read, in order, whatever the page sizes', async () => {
  await withStore(async (store) => {
    await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    const all = await store.queryEvents({});
    assert.ok(all.length > 20, `${all.length} events`);
    const key = (e: { tsUs: number; source: string; line: number; kind: string }): string => `${e.tsUs} ${e.source} ${e.line} ${e.kind}`;
    for (const sizes of [[1], [2, 3], [7, 50]]) {
      const paged = [];
      for await (const page of eventPages(store, {}, sizes)) paged.push(...page);
      assert.deepEqual(paged.map(key), all.map(key), `pages of ${sizes.join(', ')}`);
    }
    const limited = [];
    for await (const page of eventPages(store, { limit: 11 }, [2, 4])) limited.push(...page);
    assert.deepEqual(limited.map(key), all.slice(0, 11).map(key), 'a limit spans pages');
    const mid = all[Math.floor(all.length / 2)]!.tsUs;
    const window = { fromUs: mid - 3_600_000_000, toUs: mid + 60_000_000, node: all[0]!.node };
    const inWindow = [];
    for await (const page of eventPages(store, window, [2, 3])) inWindow.push(...page);
    assert.deepEqual(inWindow.map(key), (await store.queryEvents(window)).map(key), 'a window and a node');
    const starts = [];
    for await (const page of eventPages(store, { kinds: ['process.start'] }, [1])) starts.push(...page);
    assert.deepEqual(starts.map(key), all.filter((e) => e.kind === 'process.start').map(key), 'synthesized instance starts page too');
  });
});

test('events | head -1: the dump stops quietly when its reader goes away', async () => {
  const dir = tmpDir();
  assert.equal(cli(['simulate', '--out', join(dir, 'sim'), '--seed', '1']).code, 0);
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  assert.equal(cli(['ingest', join(dir, 'sim', 'bundle'), '--store', store]).code, 0);
  const full = cli(['events', '--store', store]);
  assert.equal(full.code, 0);
  assert.ok(full.stdout.length > 128 * 1024, `the dump (${full.stdout.length} bytes) is more than a pipe holds`);
  const r = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/zbs-timeline'), 'events', '--store', store], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.stdout.once('data', (c: Buffer) => {
      first = c.toString().split('\n', 1)[0]!;
      child.stdout.destroy(); // as `head -1` does once it has its line
    });
    child.on('exit', (code) => resolve({ code, stderr, first }));
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.first, full.stdout.split('\n', 1)[0]);
});
