/**
 * Ingest into a QuestDB that goes away. Always: a server that is not there at start-up
 * ends the command at once with exit 3 and one line. With `QUESTDB_URL` set: a TCP proxy
 * between ingest and QuestDB is cut mid-ingest; ingest gives up within --store-timeout
 * (exit 3, one line saying what was stored), and a re-run once the proxy is back leaves
 * exactly the events of a clean ingest; a shorter outage is waited out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../src/store/store-factory.js';
import { parseQuestDbConfig } from '../src/store/questdb/questdb.config.js';
import { exec } from '../src/store/questdb/questdb.rest.js';
import { tablesOf } from '../src/store/questdb/questdb.events-table.js';
import { simulate } from '../src/simulate/simulate.js';
import { ROOT, SEED_BUNDLE, tmpDir } from './helpers.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When the process exited (Date.now()). */
  endedAt: number;
}

/** The real CLI, asynchronously (a proxy in this process must keep forwarding meanwhile), killed after `killAfterMs`. */
function cliAsync(args: string[], env: Record<string, string>, killAfterMs = 120_000): Promise<Run> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/zbs-timeline'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, endedAt: Date.now() });
    }),
  );
}

test('ingest into a QuestDB that is not there: exit 3 at once, with one line', async () => {
  const t0 = Date.now();
  const catalog = join(tmpDir(), 'c.catalog.db');
  const r = await cliAsync(
    ['ingest', SEED_BUNDLE, '--store', 'questdb:http::addr=127.0.0.1:1;', '--store-timeout', '120'],
    { DATABASE_URL: `file:${catalog}` },
    150_000,
  );
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stderr, 'zbs-timeline ingest: QuestDB at http://127.0.0.1:1 unreachable: ECONNREFUSED; nothing was written\n');
  assert.equal(r.stdout, '');
  // Refused at start-up is not an outage to wait out: far within the 120 s store timeout
  // (the margin is for the CLI's start-up on a loaded CI machine, which took over 5 s there).
  assert.ok(r.endedAt - t0 < 30_000, `took ${r.endedAt - t0} ms`);
});

const url = process.env.QUESTDB_URL;
if (!url) {
  test(
    'ingest into a QuestDB that goes away mid-ingest',
    { skip: 'SKIPPED: QUESTDB_URL is not set (e.g. QUESTDB_URL=questdb:http::addr=127.0.0.1:9000 npm test)' },
    () => undefined,
  );
} else {
  const cfg = parseQuestDbConfig(url.slice('questdb:'.length));
  const target = new URL(cfg.httpBase);
  const run = `${process.pid}_${Date.now().toString(36)}`;
  const tables: string[] = [];

  /** A bundle dense in events: 24 nodes, eight partitions (about 23 600 events in 72 files). */
  const bundle = (async () => {
    const r = await simulate({
      outDir: join(tmpDir(), 'sim'),
      seed: 5,
      nodes: 24,
      hours: 6,
      sizeMb: 2,
      faults: Array(8).fill('partition').join(','),
    });
    return r.bundleDir;
  })();

  /** A table and catalog of its own; the store URL goes through `port` (the proxy) when given. */
  const place = (name: string, port?: number): { store: string; env: Record<string, string>; dump: () => Promise<string[]> } => {
    const table = `zbs_outage_${run}_${name}`;
    tables.push(table);
    const catalog = join(tmpDir(), 'c.catalog.db');
    return {
      store: port === undefined ? url : `questdb:http::addr=127.0.0.1:${port};`,
      env: { ZBS_QUESTDB_TABLE: table, DATABASE_URL: `file:${catalog}` },
      dump: () => dumpEvents(url, table, catalog),
    };
  };

  test.after(async () => {
    for (const t of tables.flatMap(tablesOf)) await exec(cfg, `DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  });

  let clean: string[] = [];
  test('a clean ingest, for reference', async () => {
    const p = place('clean');
    const r = await cliAsync(['ingest', await bundle, '--store', p.store], p.env);
    assert.equal(r.code, 0, r.stderr);
    clean = await p.dump();
    assert.ok(clean.length > 20_000, `only ${clean.length} events: the cut below would not fall mid-ingest`);
  });

  test('QuestDB cut mid-ingest: exit 3 within --store-timeout with one line; a re-run stores exactly a clean ingest', async () => {
    let cutAt = 0;
    // ~1 MiB of the ~6 MiB of rows: the cut falls in an early batch, mid-request.
    const proxy = await startTcpProxy(
      { host: target.hostname, port: Number(target.port) },
      { cutAfterBytes: 1 << 20, onCut: () => (cutAt = Date.now()) },
    );
    try {
      const p = place('cut', proxy.port);
      const args = ['ingest', await bundle, '--store', p.store, '--store-timeout', '5'];
      const r = await cliAsync(args, p.env, 60_000);
      assert.ok(cutAt > 0, 'the proxy was never cut: ingest sent less than 1 MiB');
      assert.equal(r.code, 3, r.stderr);
      assert.ok(r.endedAt - cutAt < 5_000 + 5_000, `ended ${r.endedAt - cutAt} ms after the cut (timeout 5 s)`);
      assert.ok(r.endedAt - cutAt >= 5_000, `gave up ${r.endedAt - cutAt} ms after the cut, before the 5 s`);
      // Off a terminal: one line when the wait starts, one when giving up; no stack trace.
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(
        lines[0]!,
        /^zbs-timeline: QuestDB at http:\/\/127\.0\.0\.1:\d+ unreachable \(\w+\); retrying for up to 5 s \(--store-timeout\)$/,
      );
      const gaveUp =
        /^zbs-timeline ingest: QuestDB at http:\/\/127\.0\.0\.1:\d+ unreachable for 5 s \((?<causes>[^)]+)\), gave up \(--store-timeout 5\); stored before that: (?<files>\d+) of 72 file\(s\) finished, (?<events>\d+) event\(s\) acknowledged; ingest again once it is back$/.exec(
          lines[1]!,
        );
      assert.ok(gaveUp, String(lines[1]));
      assert.ok(Number(gaveUp.groups!.events) < clean.length, 'the cut left events unwritten');

      await proxy.restore();
      const again = await cliAsync([...args, '--json'], p.env, 60_000);
      assert.equal(again.code, 0, again.stderr);
      const report = JSON.parse(again.stdout) as { files: { ingested: number; unchanged: number } };
      // The files finished before the cut are skipped; the others are read again.
      assert.equal(report.files.unchanged, Number(gaveUp.groups!.files));
      assert.equal(report.files.ingested + report.files.unchanged, 72);
      const after = await p.dump();
      assert.equal(after.length, clean.length, 'nothing lost or doubled');
      assert.deepEqual(after, clean);
    } finally {
      await proxy.close();
    }
  });

  test('QuestDB away for 2 s of a 20 s --store-timeout: ingest waits, goes on, exits 0 with every event', async () => {
    const proxy: TcpProxy = await startTcpProxy(
      { host: target.hostname, port: Number(target.port) },
      { cutAfterBytes: 1 << 20, onCut: () => setTimeout(() => void proxy.restore(), 2_000) },
    );
    try {
      const p = place('blip', proxy.port);
      const r = await cliAsync(['ingest', await bundle, '--store', p.store, '--store-timeout', '20'], p.env, 60_000);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /unreachable \(\w+\); retrying for up to 20 s \(--store-timeout\)\n.*reachable again; going on\n/);
      assert.deepEqual(await p.dump(), clean);
    } finally {
      await proxy.close();
    }
  });
}

/** Every stored event (with the instance starts the catalog adds), one sorted line each. */
async function dumpEvents(url: string, table: string, catalog: string): Promise<string[]> {
  const store = await openStore(url, { questdbTable: table, catalog: { kind: 'sqlite', file: catalog } });
  try {
    await store.settle();
    return (await store.queryEvents({})).map((e) => JSON.stringify(e)).sort();
  } finally {
    await store.close();
  }
}
