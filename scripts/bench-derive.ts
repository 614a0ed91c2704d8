/**
 * node dist/scripts/bench-derive.js [--events 10000000] [--runs 20] [--against /work/base-main ...]
 *
 * Cold embedded nodeOutages(7 d) and peerLinkHistory(7 d) on bench:query's store, as
 * bench:query times them (a data-version bump before each run), with this tree's code
 * and, with --against, other trees' builds in the same process, run by run in turn: on
 * a shared, loaded machine only an interleaved comparison means anything. Prints p50/p99
 * of wall time and of the process's CPU time per answer (all threads). Another tree
 * reads its own copy of the store (its bench-data/, made by its bench:query). Older
 * trees' APIs are met where they differ: the deprecated from/to of peerLinkHistory, and
 * catalog.bumpDataVersion where writeBatch does not bump an empty batch's version.
 * A benchmark, not a test.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/store-factory.js';
import type { EventStore } from '../src/store/event-store.js';
import { TimelineService } from '../src/api/services/timeline.service.js';
import { benchStoreFile, SPAN, T0 } from './bench-data.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '20' },
    against: { type: 'string', multiple: true, default: [] },
  },
});
const N = Number(values.events);
const RUNS = Number(values.runs);
const window = { from: T0, to: T0 + SPAN };

interface Tree {
  name: string;
  store: EventStore;
  service: new (s: EventStore) => TimelineService;
}

async function treeAt(dir: string): Promise<Tree> {
  const dist = join(dir, 'dist');
  const factory = (await import(join(dist, 'src/store/store-factory.js'))) as { openStore: typeof openStore };
  const svc = (await import(join(dist, 'src/api/services/timeline.service.js'))) as { TimelineService: Tree['service'] };
  const store = await factory.openStore(`duckdb:${join(dir, 'bench-data', `query-store-${N}.duckdb`)}`);
  return { name: dir, store, service: svc.TimelineService };
}

const trees: Tree[] = [{ name: 'this tree', store: await openStore(`duckdb:${await benchStoreFile(N)}`), service: TimelineService }];
for (const dir of values.against) trees.push(await treeAt(dir));

type Query = 'nodeOutages' | 'peerLinkHistory';
const ask = (t: Tree, q: Query): Promise<unknown> =>
  q === 'nodeOutages'
    ? new t.service(t.store).nodeOutages({ window })
    : new t.service(t.store).peerLinkHistory({ from: window.from, to: window.to });

/** Bumps the data version, as any write does. */
async function bump(store: EventStore): Promise<void> {
  const old = (store as unknown as { catalog?: { bumpDataVersion?: () => Promise<void> } }).catalog;
  if (typeof old?.bumpDataVersion === 'function') return old.bumpDataVersion();
  await store.writeBatch({ deletes: [], marks: [], sources: [], events: [] });
}
const samples = new Map<string, { wall: number[]; cpu: number[] }>();

/** One cold answer: computed afresh, not read from the analysis cache. */
async function coldRun(t: Tree, q: Query, keep: boolean): Promise<void> {
  await bump(t.store);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await ask(t, q);
  const wall = performance.now() - w0;
  const c = process.cpuUsage(c0);
  if (!keep) return;
  const key = `${q} ${t.name}`;
  if (!samples.has(key)) samples.set(key, { wall: [], cpu: [] });
  samples.get(key)!.wall.push(wall);
  samples.get(key)!.cpu.push((c.user + c.system) / 1000);
}

for (let i = -2; i < RUNS; i++) {
  // Turns alternate the trees' order: none always runs right after another's garbage.
  const order = i % 2 === 0 ? trees : [...trees].reverse();
  for (const q of ['nodeOutages', 'peerLinkHistory'] as const) for (const t of order) await coldRun(t, q, i >= 0);
}
function pct(xs: number[], p: number): string {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1).padStart(6);
}
for (const [key, s] of samples) {
  console.log(`  ${key.padEnd(44)} wall p50 ${pct(s.wall, 50)} p99 ${pct(s.wall, 99)} ms   cpu p50 ${pct(s.cpu, 50)} ms`);
}
for (const t of trees) await t.store.close();
