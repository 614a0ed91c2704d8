/**
 * The live worker as a real process on real files and the embedded store: growing
 * files, a line written in two parts, rename rotation, copy-truncate, gzip of a rotated
 * file, `kill -9` mid-write, and a store that is unreachable for a while.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openStore, type OpenStoreOptions } from '../src/store/store-factory.js';
import type { TimelineEvent } from '../src/model/event.js';
import { ROOT, tmpDir } from './helpers.js';

const ZK_DIR = '10_0_0_1/zbs_logs/zookeeper';

/** One ZooKeeper line per event, each at its own millisecond, plus a noise line. */
function zkLines(from: number, n: number): string {
  let out = '';
  for (let i = from; i < from + n; i++) {
    const t = new Date(Date.UTC(2024, 2, 1, 10) + i).toISOString().replace('Z', '').replace('.', ',');
    out += `${t} [myid:1] - INFO  [QuorumPeer[myid=1]:QuorumPeer@742] - Peer state changed: following - broadcast\n`;
    out += `${t} [myid:1] - INFO  [NIOWorkerThread-1:ZooKeeperServer@1] - noise ${i}\n`;
  }
  return out;
}

/**
 * Workers still running. A test that fails before it stops its worker (a store that
 * went away mid-run) must not leave it behind: the live child would keep this file's
 * process, and with it the whole test run, waiting forever.
 */
const running = new Set<WorkerProcess>();
after(() => {
  for (const w of running) w.kill('SIGKILL');
});

class WorkerProcess {
  private child: ChildProcess;
  private port = 0;
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(watch: string, store: string, env: Record<string, string> = {}) {
    this.child = spawn(
      process.execPath,
      [join(ROOT, 'bin/zbs-timeline'), 'worker', '--watch', watch, '--store', store, '--interval', '50', '--metrics-port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...env },
      },
    );
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      const m = /"url":"http:\/\/127\.0\.0\.1:(\d+)\/metrics"/.exec(this.stderr);
      if (m) this.port = Number(m[1]);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  async metrics(): Promise<Record<string, number>> {
    while (!this.port) await sleep(20);
    const text = await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
    return Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])]),
    );
  }

  /** Until a full poll after now has succeeded with nothing left to read. */
  async caughtUp(timeoutMs = 30_000): Promise<Record<string, number>> {
    const deadline = Date.now() + timeoutMs;
    const start = (await this.metrics()).zbs_worker_polls_total!;
    for (;;) {
      const m = await this.metrics();
      if (m.zbs_worker_polls_total! >= start + 2 && m.zbs_worker_lag_bytes === 0 && m.zbs_worker_store_up === 1) return m;
      if (Date.now() > deadline) throw new Error(`worker did not catch up: ${JSON.stringify(m)}\n${this.stderr}`);
      await sleep(50);
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** The worker opens the embedded store for each poll: take it between two polls. */
async function openWhenFree(url: string, opts: OpenStoreOptions = {}): ReturnType<typeof openStore> {
  for (let i = 0; ; i++) {
    try {
      return await openStore(url, opts);
    } catch (e) {
      if (i > 200 || !/lock/i.test((e as Error).message)) throw e;
      await sleep(10);
    }
  }
}

/** The stores the worker is tested on: the embedded one always, QuestDB when QUESTDB_URL names one. */
const TARGETS = ['duckdb', ...(process.env.QUESTDB_URL ? ['questdb'] : [])] as const;
let tables = 0;

interface Setup {
  logs: string;
  log: string;
  file: string;
  /** The store URL the worker gets, and the environment that places its table and catalog. */
  store: string;
  env: Record<string, string>;
  states: () => Promise<TimelineEvent[]>;
}

/** A followed directory with one ZooKeeper log of `lines` events, and a store for it. */
function setUp(lines: number, target: (typeof TARGETS)[number] = 'duckdb'): Setup {
  const dir = tmpDir();
  const logs = join(dir, 'logs');
  mkdirSync(join(logs, ZK_DIR), { recursive: true });
  const log = join(logs, ZK_DIR, 'zookeeper.log');
  writeFileSync(log, zkLines(0, lines));
  const file = join(dir, 's.duckdb');
  if (target === 'duckdb') return { logs, log, file, store: `duckdb:${file}`, env: {}, states: () => storedStates(`duckdb:${file}`) };
  const table = `zbs_wtest_${process.pid}_${tables++}`;
  const catalog = join(dir, 'catalog.db');
  const url = process.env.QUESTDB_URL!;
  return {
    logs,
    log,
    file,
    store: url,
    env: { ZBS_QUESTDB_TABLE: table, DATABASE_URL: `file:${catalog}` },
    states: () => storedStates(url, { questdbTable: table, catalog: { kind: 'sqlite', file: catalog } }),
  };
}

/** SIGTERM: the worker finishes its poll and exits 0. */
async function stop(w: WorkerProcess): Promise<void> {
  w.kill('SIGTERM');
  assert.equal(await w.exited, 0, w.stderr);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function storedStates(storeUrl: string, opts: OpenStoreOptions = {}): Promise<TimelineEvent[]> {
  const store = await openWhenFree(storeUrl, opts);
  try {
    await store.settle(); // QuestDB applies its WAL asynchronously
    return await store.queryEvents({ kinds: ['zk.server.state'] });
  } finally {
    await store.close();
  }
}

/** Every line written is one event, none twice. */
function assertExactly(events: TimelineEvent[], n: number): void {
  const times = events.map((e) => e.tsUs);
  assert.equal(new Set(times).size, times.length, 'no event twice');
  assert.equal(events.length, n, 'no event lost');
  const want = Array.from({ length: n }, (_, i) => (Date.UTC(2024, 2, 1, 10) + i) * 1000);
  assert.deepEqual(
    [...times].sort((a, b) => a - b),
    want,
  );
}

for (const target of TARGETS) {
  test(`worker on ${target}: growing files, a line in two parts, rename rotation, copy-truncate, gzip of a rotated file`, async () => {
    const { logs, log, store, env, states } = setUp(100, target);
    const w = new WorkerProcess(logs, store, env);
    try {
      await w.caughtUp();
      appendFileSync(log, zkLines(100, 100)); // grows
      await w.caughtUp();
      // A line written in two parts, with a poll in between.
      const line = zkLines(200, 1);
      appendFileSync(log, line.slice(0, 40));
      await w.caughtUp();
      appendFileSync(log, line.slice(40));
      await w.caughtUp();
      // Rename rotation: the file becomes .1, a new one takes its name.
      appendFileSync(log, zkLines(201, 50));
      renameSync(log, `${log}.1`);
      writeFileSync(log, zkLines(251, 50));
      await w.caughtUp();
      // Copy-truncate: .1 moves on to .2 first, as logrotate does, then the copy and the truncate.
      renameSync(`${log}.1`, `${log}.2`);
      appendFileSync(log, zkLines(301, 50));
      copyFileSync(log, `${log}.1`);
      truncateSync(log, 0);
      appendFileSync(log, zkLines(351, 50));
      await w.caughtUp();
      // Later the rotated files are gzipped.
      for (const f of [`${log}.1`, `${log}.2`]) {
        writeFileSync(`${f}.gz`, gzipSync(readFileSync(f)));
        unlinkSync(f);
      }
      appendFileSync(log, zkLines(401, 10));
      await w.caughtUp();
      await stop(w);
    } finally {
      w.kill('SIGKILL');
    }
    assertExactly(await states(), 411);
  });

  test(`worker on ${target}: kill -9 mid-write, then restart: no event lost, none twice`, async () => {
    const { logs, log, store, env, states } = setUp(10, target);
    const first = new WorkerProcess(logs, store, env);
    await first.caughtUp();
    // A big append, and the worker killed while it reads and writes it.
    appendFileSync(log, zkLines(10, 60_000));
    const base = (await first.metrics()).zbs_worker_events_written_total!;
    while ((await first.metrics()).zbs_worker_events_written_total! < base + 10_000) await sleep(5);
    first.kill('SIGKILL');
    await first.exited;
    const partial = (await states()).length;
    console.log(`killed with ${partial} of 60010 events stored`);
    assert.ok(partial > 10 && partial < 60_010, 'the kill came while the append was being stored');
    appendFileSync(log, zkLines(60_010, 100));
    const second = new WorkerProcess(logs, store, env);
    try {
      await second.caughtUp(60_000);
      await stop(second);
    } finally {
      second.kill('SIGKILL');
    }
    assertExactly(await states(), 60_110);
  });
}

test('worker: the store unreachable for a while — retries with backoff, then catches up', async () => {
  const { logs, log, file } = setUp(10);
  const w = new WorkerProcess(logs, `duckdb:${file}`);
  try {
    await w.caughtUp();
    // This process takes the embedded store: DuckDB locks the file, so the worker cannot open it.
    const holder = await openWhenFree(`duckdb:${file}`);
    appendFileSync(log, zkLines(10, 500));
    let m = await w.metrics();
    const deadline = Date.now() + 20_000;
    while (m.zbs_worker_errors_total! < 2 && Date.now() < deadline) {
      await sleep(100);
      m = await w.metrics();
    }
    assert.ok(m.zbs_worker_errors_total! >= 2, `the worker saw the outage: ${JSON.stringify(m)}`);
    assert.equal(m.zbs_worker_store_up, 0);
    assert.ok(m.zbs_worker_lag_bytes! > 0, 'the unread bytes show as lag');
    assert.match(w.stderr, /poll failed; retrying/);
    await holder.close();
    await w.caughtUp();
    await stop(w);
  } finally {
    w.kill('SIGKILL');
  }
  assertExactly(await storedStates(`duckdb:${file}`), 510);
});
