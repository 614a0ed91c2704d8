/**
 * The real-log corpus (test/fixtures/real-logs, sources and licenses in SOURCES.md): for
 * each file, what an engineer concluded by reading it (expectations.json) against what the
 * tool derives from it alone. Times in the files are local and carry no zone: read as UTC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWindow } from '../src/derive/timeline-analysis.js';
import type { TimelineEvent } from '../src/model/event.js';
import { FIXTURES, runIngest, withStore } from './helpers.js';

const REAL = join(FIXTURES, 'real-logs');

interface Expected {
  path: string;
  format: string;
  year: number;
  servers?: { myid: number | null }[];
  starts?: string[];
  stops?: { time: string; line: number; myid?: number }[];
  crashes?: { time: string; line: number }[];
  leaders?: { myid: number; from: string; line: number }[];
  elections?: { start: string; end?: string }[];
}

const corpus = (JSON.parse(readFileSync(join(REAL, 'expectations.json'), 'utf8')) as { files: Expected[] }).files;
/** A local time as written (no zone) → UTC µs, the files being read as UTC. */
const us = (local: string): number => Date.parse(`${local}Z`) * 1000;
const near = (a: number, b: number, toleranceMs: number): boolean => Math.abs(a - b) <= toleranceMs * 1000;
const times = (events: TimelineEvent[]): string => events.map((e) => new Date(e.tsUs / 1000).toISOString()).join(', ');
/** The tool's times have µs; the files' ZooKeeper times ms, glog headers seconds. */
const tolerance = (e: Expected): number => (e.format === 'glog' ? 1000 : 1);

/** Files the tool cannot read as a log, and why (each still has to be named, never dropped quietly). */
const NOT_READ: Record<string, string> = {
  'glog-PaddlePaddle-Paddle/workerlog.0': 'a Python log around a C++ failure summary, no glog record',
};

for (const e of corpus) {
  test(`real log ${e.path}`, async () => {
    await withStore(async (store) => {
      const r = await runIngest(store, [join(REAL, e.path)]);
      if (NOT_READ[e.path]) {
        assert.equal(r.files.ingested, 0);
        assert.equal(r.skippedFiles.length, 1, 'the file is named with a reason');
        return;
      }
      assert.equal(r.files.ingested, 1, JSON.stringify(r.skippedFiles));
      const sources = r.sources;
      assert.ok(
        sources.every((s) => s.format === e.format),
        `format ${sources.map((s) => s.format)}`,
      );
      assert.equal(sources[0]!.year, e.year, 'year');
      const events = await store.queryEvents({});
      checkServers(
        e,
        sources.map((s) => s.node),
      );
      checkStarts(e, events);
      checkLifecycle(e, events);
      const span = { fromUs: events[0]!.tsUs - 3_600_000_000, toUs: events[events.length - 1]!.tsUs + 3_600_000_000 };
      const an = await analyzeWindow(store, span);
      for (const l of e.leaders ?? []) {
        const won = an.elections.find((x) => x.leaderMyid === l.myid && x.endUs !== null && near(x.endUs, us(l.from), 1));
        assert.ok(won, `leader ${l.myid} from ${l.from}: elections ${JSON.stringify(an.elections.map((x) => [x.leaderMyid, x.endUs]))}`);
      }
    });
  });
}

/** One node per ZooKeeper server, named by its myid where it has one. */
function checkServers(e: Expected, nodes: string[]): void {
  if (!e.servers) return;
  const distinct = [...new Set(nodes)].sort();
  assert.equal(distinct.length, e.servers.length, `servers: ${distinct}`);
  for (const s of e.servers) if (s.myid !== null) assert.ok(distinct.includes(`zk-myid-${s.myid}`), `zk-myid-${s.myid} in ${distinct}`);
}

function checkStarts(e: Expected, events: TimelineEvent[]): void {
  if (!e.starts) return;
  const starts = events.filter((x) => x.kind === 'process.start');
  assert.equal(starts.length, e.starts.length, `starts: ${times(starts)}`);
  for (const t of e.starts)
    assert.ok(
      starts.some((x) => near(x.tsUs, us(t), tolerance(e))),
      `a start at ${t}: ${times(starts)}`,
    );
}

/** Crashes and stops at the lines the reader named; no crash or stop the reader did not see. */
function checkLifecycle(e: Expected, events: TimelineEvent[]): void {
  const crashes = events.filter((x) => x.kind === 'process.crash');
  assert.deepEqual(
    crashes.map((x) => x.line),
    (e.crashes ?? []).map((c) => c.line),
    `crashes: ${times(crashes)}`,
  );
  for (const c of e.crashes ?? [])
    assert.ok(
      crashes.some((x) => near(x.tsUs, us(c.time), tolerance(e))),
      `crash at ${c.time}`,
    );
  const stops = events.filter((x) => x.kind === 'process.stop');
  assert.deepEqual(
    stops.map((x) => x.line).sort((a, b) => a - b),
    (e.stops ?? []).map((s) => s.line).sort((a, b) => a - b),
    `stops: ${times(stops)}`,
  );
}
