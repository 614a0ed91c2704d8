import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cli, ROOT, SEED_BUNDLE, startServe, tmpDir } from './helpers.js';

/** The CLI in a folder of its own: what it creates there (a default ./data store) shows. */
function cliIn(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/zbs-timeline'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A port something else listens on. */
async function busyPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

interface ErrorPathContext {
  dir: string;
  store: string;
  locked: string;
  serve: { pid?: number };
  port: { port: number };
  questdb: string;
  empty: string;
}

/** The error paths of issue 19, each with the exit code and the one line it must give. */
function errorPaths({
  dir,
  store,
  locked,
  serve,
  port,
  questdb,
  empty,
}: ErrorPathContext): { name: string; args: string[]; code: number; stderr: RegExp; cwd?: string }[] {
  return [
    {
      name: 'store locked by serve',
      args: ['events', '--store', locked, '--limit', '1'],
      code: 3,
      stderr: new RegExp(`is in use by another process \\(PID ${serve.pid}`),
    },
    {
      name: 'QuestDB unreachable (read)',
      args: ['events', '--store', questdb],
      code: 3,
      stderr: /QuestDB at http:\/\/127\.0\.0\.1:1 unreachable/,
    },
    {
      name: 'QuestDB unreachable (ingest)',
      args: ['ingest', SEED_BUNDLE, '--store', questdb, '--store-timeout', '1'],
      code: 3,
      stderr: /unreachable.*nothing was written/,
    },
    {
      name: 'a busy port',
      args: ['serve', '--port', String(port.port), '--store', store],
      code: 2,
      stderr: new RegExp(`port ${port.port} on 127\\.0\\.0\\.1 is in use`),
    },
    {
      name: '--junit into a missing folder',
      args: ['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--junit', join(dir, 'nope', 'j.xml')],
      code: 2,
      stderr: /--junit .*j\.xml: folder .*nope does not exist/,
    },
    {
      name: 'score --faults nonsense',
      args: ['score', '--faults', 'nonsense', '--seeds', '1'],
      code: 2,
      stderr: /--faults: unknown fault "nonsense"/,
    },
    {
      name: 'ingest a file that is no log',
      args: ['ingest', '/etc/passwd', '--store', `duckdb:${join(dir, 'p.duckdb')}`],
      code: 2,
      stderr: /no log file could be read from \/etc\/passwd/,
    },
    {
      name: 'check a file that is no log',
      args: ['check', '/etc/passwd'],
      code: 2,
      stderr: /^zbs-timeline check: no log file could be read from \/etc\/passwd \(skipped: not_a_log 1\)$/m,
    },
    {
      name: 'ingest a path that does not exist',
      args: ['ingest', '/nonexistent'],
      code: 2,
      stderr: /cannot read \/nonexistent: no such file or directory/,
      cwd: empty,
    },
    { name: 'an unknown node', args: ['events', '--store', store, '--node', 'nosuchnode'], code: 2, stderr: /unknown node "nosuchnode"/ },
    {
      name: 'an inverted window',
      args: ['events', '--store', store, '--from', '2022-08-18T13:00:00Z', '--to', '2022-08-18T12:00:00Z'],
      code: 2,
      stderr: /the window is empty or inverted/,
    },
    {
      name: 'simulate into a folder with files',
      args: ['simulate', '--out', dir, '--seed', '1'],
      code: 2,
      stderr: /is not empty; choose another folder, or --force/,
    },
  ];
}

test("every error path of issue 19 exits with the table's code and one line, no stack trace", async () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store]).code, 0);
  const locked = `duckdb:${join(dir, 'locked.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', locked]).code, 0);
  const serve = await startServe(locked);
  // Without its serve file a command cannot go through serve (store.shared.test.ts): the lock stands.
  rmSync(join(dir, 'locked.serve.json'));
  const port = await busyPort();
  const questdb = 'questdb:http::addr=127.0.0.1:1;'; // nothing listens on port 1
  const empty = tmpDir();
  const cases = errorPaths({ dir, store, locked, serve, port, questdb, empty });
  try {
    for (const c of cases) {
      const r = c.cwd ? cliIn(c.cwd, c.args) : cli(c.args);
      assert.equal(r.code, c.code, `${c.name}: ${r.stderr}`);
      assert.match(r.stderr, c.stderr, c.name);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${c.name}: one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${c.name}: no stack trace`);
    }
  } finally {
    port.close();
    await serve.stop();
  }
  assert.deepEqual(readdirSync(empty), [], 'ingest of a missing path created nothing');
  assert.equal(existsSync(join(dir, 'nope')), false);
});

test('--debug adds the stack trace after the same line and exit code', () => {
  const plain = cli(['events', '--store', 'mysql://x']);
  const debug = cli(['events', '--store', 'mysql://x', '--debug']);
  assert.equal(plain.code, 2);
  assert.equal(debug.code, 2);
  assert.equal(plain.stderr.split('\n').length, 2);
  assert.ok(debug.stderr.startsWith(plain.stderr.trimEnd() + '\n'), debug.stderr);
  assert.match(debug.stderr, /\n\s+at /);
});
