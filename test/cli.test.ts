import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, SEED_BUNDLE, startServe, tmpDir } from './helpers.js';

test('CLI exit codes and messages, table', () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  const badRules = join(dir, 'bad.json');
  writeFileSync(badRules, JSON.stringify({ name: 'x', version: 1, rules: [{ id: 'a', kind: 'nope', formats: ['glog'], literal: 'xx' }] }));
  const cases: { name: string; args: string[]; code: number; stderr?: RegExp; stdout?: RegExp }[] = [
    { name: 'no command', args: [], code: 2, stderr: /Usage: zbs-timeline \[options\] \[command\]/ },
    { name: 'unknown command', args: ['frobnicate'], code: 2, stderr: /unknown command 'frobnicate'/ },
    { name: 'a typo gets a suggestion', args: ['ingets'], code: 2, stderr: /unknown command 'ingets'\n\(Did you mean ingest\?\)/ },
    { name: 'version', args: ['--version'], code: 0, stdout: /^\d+\.\d+\.\d+\n$/ },
    {
      name: 'help for one command',
      args: ['help', 'ingest'],
      code: 0,
      stdout: /Usage: zbs-timeline ingest \[options\] <path\.\.\.>[^]*--year <yyyy>/,
    },
    {
      name: 'missing path',
      args: ['ingest', join(dir, 'nope'), '--store', store],
      code: 2,
      stderr: /cannot read .*nope: no such file or directory/,
    },
    {
      name: 'a file that is no log',
      args: ['ingest', join(ROOT, 'package.json'), '--store', store],
      code: 2,
      stderr: /no log file could be read from .*package\.json/,
    },
    { name: 'no path', args: ['ingest', '--store', store], code: 2, stderr: /missing required argument 'path'/ },
    {
      name: 'bad zone',
      args: ['ingest', SEED_BUNDLE, '--tz', 'Asia/Shangai', '--store', store],
      code: 2,
      stderr: /unknown time zone "Asia\/Shangai"/,
    },
    {
      name: 'ambiguous zone abbreviation',
      args: ['ingest', SEED_BUNDLE, '--tz', 'CST', '--store', store],
      code: 2,
      stderr: /"CST" is an ambiguous abbreviation: use an IANA name, e\.g\. Asia\/Shanghai, America\/Chicago/,
    },
    {
      name: 'bad year',
      args: ['ingest', SEED_BUNDLE, '--year', '22', '--store', store],
      code: 2,
      stderr: /--year must be a four-digit year/,
    },
    {
      name: 'bad rules file',
      args: ['ingest', SEED_BUNDLE, '--rules', badRules, '--store', store],
      code: 2,
      stderr: /unknown kind "nope"/,
    },
    { name: 'unknown flag', args: ['ingest', SEED_BUNDLE, '--timezone', 'UTC'], code: 2, stderr: /unknown option '--timezone'/ },
    { name: 'bad store url', args: ['ingest', SEED_BUNDLE, '--store', 'mysql://x'], code: 2, stderr: /unknown store/ },
    {
      name: 'ingest ok',
      args: ['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store],
      code: 0,
      stdout: /ingested 17 file\(s\)/,
    },
    { name: 'events bad time', args: ['events', '--store', store, '--from', 'noon'], code: 2, stderr: /not an ISO-8601 time/ },
    {
      name: 'events bad kind',
      args: ['events', '--store', store, '--kind', 'peer.down'],
      code: 2,
      stderr: /unknown event kind "peer.down"/,
    },
  ];
  for (const c of cases) {
    const r = cli(c.args);
    assert.equal(r.code, c.code, `${c.name}: ${r.stderr}`);
    if (c.stderr) assert.match(r.stderr, c.stderr, c.name);
    if (c.stdout) assert.match(r.stdout, c.stdout, c.name);
  }
});

test('ingest --json and events as JSON lines with the documented fields', () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  const r = cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.files.ingested, 17);
  assert.equal(report.events.byKind['peer.link_down'], 12);
  const ev = cli([
    'events',
    '--store',
    store,
    '--node',
    '172.17.57.26',
    '--kind',
    'peer.link_down',
    '--from',
    '2022-08-18T12:46:00+08:00',
    '--to',
    '2022-08-18T12:46:01+08:00',
  ]);
  assert.equal(ev.code, 0, ev.stderr);
  const rows = ev.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    rows.map((x) => [x.time, x.node, x.service, x.pid, x.kind, x.level, x.line, x.peer, x.times]),
    [
      ['2022-08-18T04:46:00.433372Z', '172.17.57.26', 'zbs-chunkd', 24081, 'peer.link_down', 'W', 7, '172.17.57.24:10201', 1],
      ['2022-08-18T04:46:00.433636Z', '172.17.57.26', 'zbs-chunkd', 24081, 'peer.link_down', 'W', 10, '172.17.57.27:10201', 1],
    ],
  );
  assert.match(rows[0].source, /zbs-chunkd\.log\.20220815-184059\.24081$/);
});

test('serve: JSON logs, /healthz, graceful exit 0 on SIGTERM', async () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store]).code, 0);
  const serve = await startServe(store);
  const h = await fetch(`${serve.url}/healthz`);
  assert.equal(h.status, 200);
  assert.equal(await serve.stop(), 0);
  const lines = serve
    .log()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string });
  assert.deepEqual(
    lines.map((l) => l.msg).filter((m) => m !== 'request'),
    ['listening', 'shutting down', 'stopped'],
  );
});

test('while a serve that cannot be reached holds the embedded store, ingest, events and query say who holds it and exit 3, no stack trace', async () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store]).code, 0);
  const serve = await startServe(store);
  // With its serve file they would go through serve instead (store.shared.test.ts).
  rmSync(join(dir, 's.serve.json'));
  try {
    for (const args of [
      ['events', '--store', store, '--limit', '1'],
      ['query', '{ clusters { name } }', '--store', store],
      ['ingest', SEED_BUNDLE, '--store', store],
    ]) {
      const r = cli(args);
      assert.equal(r.code, 3, `${args[0]!}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`is in use by another process \\(PID ${serve.pid}`), args[0]!);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${args[0]!}: no stack trace`);
    }
  } finally {
    await serve.stop();
  }
});

test('ingest of paths that do not exist creates no store folder', () => {
  const dir = tmpDir();
  const r = cli(['ingest', join(dir, 'nope'), '--store', `duckdb:${join(dir, 'data', 's.duckdb')}`]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(existsSync(join(dir, 'data')), false);
});

test("read commands: node aliases, times in the cluster's zone, a table with UTC and local time, query from a file or stdin", () => {
  const dir = tmpDir();
  const store = `duckdb:${join(dir, 's.duckdb')}`;
  assert.equal(cli(['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', store]).code, 0);
  const window = ['--kind', 'peer.link_down', '--from', '2022-08-18T12:46:00+08:00', '--to', '2022-08-18T12:46:01+08:00'];
  const byName = cli(['events', '--store', store, '--node', '172.17.57.26', ...window]);
  assert.equal(byName.stdout.trim().split('\n').length, 2, byName.stderr);
  for (const alias of ['192.168.57.26', 'node57-26'])
    assert.equal(cli(['events', '--store', store, '--node', alias, ...window]).stdout, byName.stdout, alias);
  // No offset: the cluster's zone (Asia/Shanghai), as the bundle's own lines read.
  const local = cli([
    'events',
    '--store',
    store,
    '--node',
    '172.17.57.26',
    '--kind',
    'peer.link_down',
    '--from',
    '2022-08-18T12:46:00',
    '--to',
    '2022-08-18 12:46:01',
  ]);
  assert.equal(local.stdout, byName.stdout);

  const table = cli(['events', '--store', store, '--node', '172.17.57.26', ...window, '--format', 'table']);
  const [head, first] = table.stdout.split('\n');
  assert.match(head!, /^time \(UTC\) +local time \(Asia\/Shanghai\) +node +service +kind +peer +message$/);
  assert.match(
    first!,
    /^2022-08-18T04:46:00\.433372Z +2022-08-18 12:46:00\.433372 +172\.17\.57\.26 +zbs-chunkd +peer\.link_down +172\.17\.57\.24:10201 +/,
  );

  const doc = '{ clusters { name timeZone } }';
  const file = join(dir, 'q.graphql');
  writeFileSync(file, doc);
  const inline = cli(['query', doc, '--store', store]);
  assert.equal(inline.code, 0, inline.stderr);
  assert.match(inline.stdout, /"timeZone": "Asia\/Shanghai"/);
  for (const args of [
    ['query', `@${file}`],
    ['query', '--file', file],
  ])
    assert.equal(cli([...args, '--store', store]).stdout, inline.stdout, args.join(' '));
  assert.equal(cli(['query', '-', '--store', store], doc).stdout, inline.stdout, 'stdin');
  const none = cli(['query', '--store', store]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /query needs one GraphQL document/);
});

test('simulate --force replaces the bundle; worker --node is an option', () => {
  const dir = tmpDir();
  const out = join(dir, 'sim');
  assert.equal(cli(['simulate', '--out', out, '--seed', '1', '--size-mb', '0.1', '--hours', '1']).code, 0);
  const again = cli(['simulate', '--out', out, '--seed', '2', '--size-mb', '0.1', '--hours', '1', '--force', '--json']);
  assert.equal(again.code, 0, again.stderr);
  // The first run's files are gone: only the second bundle's are there.
  const files = readdirSync(join(out, 'bundle'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.equal(files.length, JSON.parse(again.stdout).files);
  assert.match(cli(['help', 'worker']).stdout, /--node <name> +node name for every file/);
});
