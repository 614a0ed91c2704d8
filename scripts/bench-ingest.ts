/**
 * npm run bench:ingest [-- --size-mb 1024 --event-pct 3 --nodes 4 --tar-gz --keep --json]
 *
 * Generates a realistic bundle (several nodes and services, glog + ZooKeeper, a few
 * percent event lines, multi-line records, a gzipped rotated file), then in the same
 * run times, on the same files with a warm page cache:
 *   cat      — the read limit;
 *   rg       — `rg -n -z` searching the rule set's literals (the same event families);
 *   ingest   — `zbs-timeline ingest` into a fresh embedded store, as a child process.
 * Prints MB/s for each, ingest's ratio to rg, and ingest's peak RSS.
 * With `--sim` the bundle comes from the cluster simulator (`simulate --size-mb`, seed 42,
 * 6 hours, every fault kind) instead of the generator below.
 * With `--tar-gz` it also packs the bundle into one .tar.gz, the way bundles usually arrive,
 * and times the same three on it: `gzip -dc` (the read limit: one gzip stream inflates on
 * one core), `rg -n -z -a` (text mode, or rg stops at the tar headers' NUL bytes) and
 * ingest; MB/s are of the uncompressed bytes.
 * With `--questdb 'questdb:http::addr=127.0.0.1:9000'` it also ingests into QuestDB (table
 * zbs_bench_events, dropped before each run) and prints events/s of both stores.
 * A benchmark, not a test: these machines are noisy, so compare within one run.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { compileMatcher, literalSource } from '../src/rules/rule-matcher.js';
import { loadDefaultRules } from '../src/rules/rule-set.js';
import { simulate } from '../src/simulate/simulate.js';
import { parseQuestDbConfig } from '../src/store/questdb/questdb.config.js';
import { exec } from '../src/store/questdb/questdb.rest.js';
import { tablesOf } from '../src/store/questdb/questdb.events-table.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '1024' },
    'event-pct': { type: 'string', default: '3' },
    nodes: { type: 'string', default: '4' },
    dir: { type: 'string', default: join(ROOT, 'bench-data') },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    questdb: { type: 'string' },
    sim: { type: 'boolean', default: false },
    'tar-gz': { type: 'boolean', default: false },
  },
});
const sizeMb = Number(values['size-mb']);
const eventPct = Number(values['event-pct']);
const nodes = Number(values.nodes);
const runs = Number(values.runs);
const simDir = join(values.dir, `sim-${sizeMb}mb-${nodes}n`);
const bundle = values.sim ? join(simDir, 'bundle') : join(values.dir, `bundle-${sizeMb}mb-${eventPct}pct-${nodes}n`);

/** A seeded PRNG: the same options give the same bundle. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORDINARY = [
  (r: () => number) => `io completed lba=${Math.floor(r() * 1e9)} len=4096 latency_us=${Math.floor(r() * 900)}`,
  (r: () => number) => `heartbeat ok, ${Math.floor(r() * 64)} chunks, pending ${Math.floor(r() * 10)}`,
  (r: () => number) => `recover extent ${Math.floor(r() * 1e6)} progress ${Math.floor(r() * 100)}%`,
  (r: () => number) => `access handler: read request cid ${Math.floor(r() * 1e4)} volume 7f3a${Math.floor(r() * 1e6).toString(16)}`,
  (r: () => number) => `meta rpc GetVolume took ${Math.floor(r() * 5000)} us from 172.17.57.${24 + Math.floor(r() * 4)}:10100`,
  (r: () => number) => `lease renewed for session ${Math.floor(r() * 1e5)} expire in 10000 ms`,
];
const EVENTS = [
  (r: () => number, peer: string) =>
    `Fail to ping : ${peer}:10201 ping error times: ${1 + Math.floor(r() * 3)} st:\nTraceback:\n[EShutDown]:`,
  (_r: () => number, peer: string) => `datachannel back to normal : ip : ${peer} port 10201`,
  (_r: () => number, peer: string) =>
    `[ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [${peer}:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response`,
  (r: () => number) => `Chunk ${Math.floor(r() * 1000)} status change: HEALTHY --> DEGRADED`,
  (r: () => number) => `zookeeper session event: CONNECTED_STATE --> ${r() < 0.5 ? 'CONNECTING_STATE' : 'EXPIRED_SESSION_STATE'}`,
];

async function generate(): Promise<void> {
  if (values.sim) {
    if (existsSync(join(simDir, 'truth.json'))) return;
    rmSync(simDir, { recursive: true, force: true });
    await simulate({ outDir: simDir, seed: 42, nodes, hours: 6, sizeMb, tz: 'UTC' });
    return;
  }
  if (existsSync(join(bundle, '.complete'))) return;
  rmSync(bundle, { recursive: true, force: true });
  rmSync(`${bundle}.tar.gz`, { force: true }); // packed from the bundle this replaces
  const r = rng(42);
  const services = ['zbs-chunkd', 'zbs-metad', 'zbs-taskd'];
  const perFile = (sizeMb * 1048576) / (nodes * (services.length + 0.2));
  for (let n = 0; n < nodes; n++) {
    const ip = `172.17.57.${24 + n}`;
    const base = join(bundle, `172_17_57_${24 + n}`, `192_168_57_${24 + n}_1dacc7b3-11ec-4afd-93c0-062544dc4e10`, 'zbs_logs');
    for (const svc of services) {
      const dir = join(base, svc);
      mkdirSync(dir, { recursive: true });
      const pid = 1000 + n * 10 + services.indexOf(svc);
      // A small gzipped rotated file, then the live file.
      const old = `Log file created at: 2022/08/14 00:00:00\nRunning on machine: node${n}\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\nI0814 00:00:00.000000 ${pid} main.cc:1] ${svc} starting\n`;
      writeFileSync(
        join(dir, `${svc}.log.20220814-000000.${pid}.gz`),
        gzipSync(old + `I0814 23:59:59.000000 ${pid} main.cc:2] rotating\n`),
      );
      const out = createWriteStream(join(dir, `${svc}.log.20220815-000000.${pid}`));
      let written = 0;
      let t = Date.UTC(2022, 7, 15) * 1000;
      let chunk = `Log file created at: 2022/08/15 00:00:00\nRunning on machine: node${n}\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n`;
      while (written < perFile) {
        t += Math.floor(r() * 20_000);
        const d = new Date(Math.floor(t / 1000));
        const stamp = `${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}.${String(t % 1_000_000).padStart(6, '0')}`;
        const tid = String(pid + Math.floor(r() * 40)).padStart(5);
        if (r() * 100 < eventPct) {
          const peer = `172.17.57.${24 + Math.floor(r() * nodes)}`;
          const ev = EVENTS[Math.floor(r() * EVENTS.length)]!(r, peer);
          chunk += `${ev.startsWith('Fail') || ev.startsWith('[ZOO]') ? 'W' : 'I'}${stamp} ${tid} data_channel_manager.cc:240] ${ev}\n`;
        } else {
          chunk += `I${stamp} ${tid} ${svc.slice(4)}_${Math.floor(r() * 30)}.cc:${Math.floor(r() * 900)}] ${ORDINARY[Math.floor(r() * ORDINARY.length)]!(r)}\n`;
          if (r() < 0.002) chunk += 'Traceback:\n[ETimedOut]: operation timed out\n';
        }
        if (chunk.length > 1 << 20) {
          written += chunk.length;
          if (!out.write(chunk)) await new Promise((res) => out.once('drain', res));
          chunk = '';
        }
      }
      out.end(chunk);
      await new Promise((res) => out.once('finish', res));
    }
    const zk = join(base, 'zookeeper');
    mkdirSync(zk, { recursive: true });
    let z = '';
    for (let i = 0; i < 2000; i++) {
      z += `2022-08-15T${String(Math.floor(i / 100) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${String(i % 1000).padStart(3, '0')} [myid:${n + 1}] - INFO  [QuorumPeer[myid=${n + 1}](plain=${ip}:2181)(secure=disabled):QuorumPeer@${700 + (i % 50)}] - ${i % 500 === 0 ? 'Peer state changed: following - broadcast' : `Processing request ${i}`}\n`;
    }
    writeFileSync(join(zk, 'zookeeper.log'), z);
  }
  writeFileSync(join(bundle, '.complete'), '');
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (!e.name.startsWith('.')) out.push(p);
  }
  return out;
}

function time(
  cmd: string,
  args: string[],
  opts: { shell?: boolean; env?: NodeJS.ProcessEnv } = {},
): { secs: number; rssKb: number; status: number | null; stderr: string; stdout: string } {
  // GNU time reports the child's peak RSS; fall back to wall time alone without it.
  const haveTime = existsSync('/usr/bin/time');
  const argv = haveTime ? ['/usr/bin/time', '-f', '%e %M', cmd, ...args] : [cmd, ...args];
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: opts.shell,
    env: opts.env,
  });
  const secs = (performance.now() - t0) / 1000;
  const last = (r.stderr ?? '').trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  return { secs, rssKb: m ? Number(m[2]) : 0, status: r.status, stderr: r.stderr ?? '', stdout: r.stdout ?? '' };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const t0 = performance.now();
await generate();
const list = files(bundle);
const bytes = list.reduce((a, f) => a + statSync(f).size, 0);
const genSecs = (performance.now() - t0) / 1000;
const mb = bytes / 1048576;

const rules = loadDefaultRules();
const literals = [...new Set([...compileMatcher(rules, 'glog').literals, ...compileMatcher(rules, 'zookeeper').literals])];
/** rg over `path` with the rule set's literals; `extra` goes first (e.g. `-a`). */
const rgArgs = (path: string, extra: string[] = []): string[] => [
  ...extra,
  '-n',
  '-z',
  '--no-messages',
  ...literals.flatMap((l) => ['-e', literalSource(l)]),
  '-e',
  '^F[0-9]{4} ',
  path,
];

const haveRg = spawnSync('rg', ['--version']).status === 0;
const results: Record<string, { secs: number[]; rssKb: number[] }> = {};
for (const k of ['cat', 'rg', 'ingest', 'questdb', 'gunzip', 'rgTgz', 'ingestTgz']) results[k] = { secs: [], rssKb: [] };
// The bundle as one archive, packed once per generated bundle (packing 1 GiB takes ~30 s).
const archive = `${bundle}.tar.gz`;
// rg cannot look inside gzipped members of an archive; the simulated bundle gzips half its files.
if (values['tar-gz'] && values.sim)
  throw new Error("--tar-gz needs the generated bundle: rg cannot search the simulated bundle's gzipped files inside an archive");
if (values['tar-gz'] && !existsSync(archive)) {
  const t = performance.now();
  const r = spawnSync(
    'bash',
    ['-o', 'pipefail', '-c', `tar -C '${bundle}' -cf - . | gzip -6 > '${archive}.part' && mv '${archive}.part' '${archive}'`],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('packing the bundle into a .tar.gz failed');
  console.error(`packed ${archive} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
let events = 0;
const QUESTDB_BENCH_TABLE = 'zbs_bench_events';
const storeDir = join(values.dir, 'bench-store');
for (let i = 0; i < runs; i++) {
  const c = time('sh', ['-c', `cat ${list.map((f) => `'${f}'`).join(' ')} > /dev/null`]);
  results.cat!.secs.push(c.secs);
  if (haveRg) {
    const g = time('rg', rgArgs(bundle));
    results.rg!.secs.push(g.secs);
    results.rg!.rssKb.push(g.rssKb);
  }
  rmSync(storeDir, { recursive: true, force: true });
  const ing = time(join(ROOT, 'bin/zbs-timeline'), ['ingest', bundle, '--store', `duckdb:${join(storeDir, 's.duckdb')}`, '--json']);
  if (ing.status !== 0) throw new Error(`ingest failed: ${ing.stderr}`);
  results.ingest!.secs.push(ing.secs);
  results.ingest!.rssKb.push(ing.rssKb);
  events = JSON.parse(ing.stdout).events.total as number;
  if (values['tar-gz']) {
    results.gunzip!.secs.push(time('sh', ['-c', `gzip -dc '${archive}' > /dev/null`]).secs);
    if (haveRg) results.rgTgz!.secs.push(time('rg', rgArgs(archive, ['-a'])).secs);
    rmSync(storeDir, { recursive: true, force: true });
    const t = time(join(ROOT, 'bin/zbs-timeline'), ['ingest', archive, '--store', `duckdb:${join(storeDir, 's.duckdb')}`, '--json']);
    if (t.status !== 0) throw new Error(`ingest of the archive failed: ${t.stderr}`);
    const n = JSON.parse(t.stdout).events.total as number;
    if (n !== events) throw new Error(`the archive gave ${n} events, the folder ${events}`);
    results.ingestTgz!.secs.push(t.secs);
    results.ingestTgz!.rssKb.push(t.rssKb);
  }
  if (values.questdb) {
    const cfg = parseQuestDbConfig(values.questdb.replace(/^questdb:/, ''));
    for (const t of tablesOf(QUESTDB_BENCH_TABLE)) await exec(cfg, `DROP TABLE IF EXISTS ${t}`);
    rmSync(storeDir, { recursive: true, force: true });
    const q = time(join(ROOT, 'bin/zbs-timeline'), ['ingest', bundle, '--store', values.questdb, '--json'], {
      env: { ...process.env, ZBS_QUESTDB_TABLE: QUESTDB_BENCH_TABLE, DATABASE_URL: `file:${join(storeDir, 'catalog.db')}` },
    });
    if (q.status !== 0) throw new Error(`ingest into QuestDB failed: ${q.stderr}`);
    results.questdb!.secs.push(q.secs);
    results.questdb!.rssKb.push(q.rssKb);
  }
}
if (!values.keep) rmSync(storeDir, { recursive: true, force: true });

const rate = (k: string): number => mb / median(results[k]!.secs);
const summary = {
  bundle,
  files: list.length,
  sizeMiB: Math.round(mb),
  eventPct,
  generateSecs: Math.round(genSecs * 10) / 10,
  runs,
  cores: (await import('node:os')).availableParallelism(),
  catMiBs: Math.round(rate('cat')),
  rgMiBs: haveRg ? Math.round(rate('rg')) : null,
  ingestMiBs: Math.round(rate('ingest')),
  ingestVsRg: haveRg ? Math.round((rate('ingest') / rate('rg')) * 1000) / 1000 : null,
  ingestPeakRssMiB: Math.round(Math.max(...results.ingest!.rssKb) / 1024),
  rgPeakRssMiB: haveRg ? Math.round(Math.max(...results.rg!.rssKb) / 1024) : null,
  events,
  duckdbEventsPerSec: Math.round(events / median(results.ingest!.secs)),
  questdbMiBs: values.questdb ? Math.round(rate('questdb')) : null,
  questdbEventsPerSec: values.questdb ? Math.round(events / median(results.questdb!.secs)) : null,
  questdbPeakRssMiB: values.questdb ? Math.round(Math.max(...results.questdb!.rssKb) / 1024) : null,
  tarGz: values['tar-gz']
    ? {
        archiveMiB: Math.round(statSync(archive).size / 1048576),
        gunzipMiBs: Math.round(rate('gunzip')),
        rgMiBs: haveRg ? Math.round(rate('rgTgz')) : null,
        ingestMiBs: Math.round(rate('ingestTgz')),
        ingestVsRg: haveRg ? Math.round((rate('ingestTgz') / rate('rgTgz')) * 1000) / 1000 : null,
        ingestPeakRssMiB: Math.round(Math.max(...results.ingestTgz!.rssKb) / 1024),
      }
    : null,
};
if (values.json) console.log(JSON.stringify(summary, null, 2));
else {
  console.log(
    `bundle: ${summary.files} files, ${summary.sizeMiB} MiB on disk, ${values.sim ? 'simulated (seed 42, 6 h, every fault kind)' : `~${eventPct}% event lines`} (${bundle})`,
  );
  console.log(`median of ${runs} runs, warm page cache, ${summary.cores} cores:`);
  console.log(`  cat     ${String(summary.catMiBs).padStart(7)} MiB/s   (read limit)`);
  console.log(
    `  rg      ${haveRg ? String(summary.rgMiBs).padStart(7) + ' MiB/s   peak RSS ' + summary.rgPeakRssMiB + ' MiB' : '   n/a   (install ripgrep for the baseline)'}`,
  );
  console.log(
    `  ingest  ${String(summary.ingestMiBs).padStart(7)} MiB/s   peak RSS ${summary.ingestPeakRssMiB} MiB   ${haveRg ? `= ${summary.ingestVsRg}× rg` : ''}   (DuckDB, ${summary.duckdbEventsPerSec} events/s)`,
  );
  const tg = summary.tarGz;
  if (tg) {
    console.log(`the same bundle as one .tar.gz (${tg.archiveMiB} MiB; MiB/s of the ${summary.sizeMiB} MiB inside):`);
    console.log(`  gunzip  ${String(tg.gunzipMiBs).padStart(7)} MiB/s   (read limit: one gzip stream, one core)`);
    console.log(`  rg      ${tg.rgMiBs !== null ? String(tg.rgMiBs).padStart(7) + ' MiB/s' : '   n/a'}`);
    console.log(
      `  ingest  ${String(tg.ingestMiBs).padStart(7)} MiB/s   peak RSS ${tg.ingestPeakRssMiB} MiB   ${tg.ingestVsRg !== null ? `= ${tg.ingestVsRg}× rg` : ''}`,
    );
  }
  if (values.questdb)
    console.log(
      `  questdb ${String(summary.questdbMiBs).padStart(7)} MiB/s   peak RSS ${summary.questdbPeakRssMiB} MiB   (ingest into QuestDB, ${summary.questdbEventsPerSec} events/s of ${events})`,
    );
}
