/**
 * node dist/scripts/bench-cut-off.js [--intervals 2000] [--nodes 8] [--runs 5]
 *
 * Times the cut-off sweep (cut-off.sweep.ts, what the outage analysis runs) beside the
 * plain reference (cut-off.ts) on the same generated link histories, and checks that
 * both give the same spans. A benchmark, not a test: compare within one run.
 */
import { parseArgs } from 'node:util';
import type { TimelineEvent } from '../src/model/event.js';
import { cutOffSpans } from '../src/derive/cut-off.js';
import { sweepCutOffSpans } from '../src/derive/cut-off.sweep.js';
import type { PeerLinkHistory } from '../src/derive/derive.types.js';
import { Prng } from '../src/simulate/prng.js';

const { values } = parseArgs({
  options: {
    intervals: { type: 'string', default: '2000' },
    nodes: { type: 'string', default: '8' },
    runs: { type: 'string', default: '5' },
  },
});
const S = 1_000_000;

/** Episodes in which one node is lost by most peers, among background flaps, over 7 days. */
function links(intervals: number, n: number): PeerLinkHistory[] {
  const r = new Prng(1);
  const byPair = new Map<string, PeerLinkHistory>();
  const add = (observer: number, target: number, startUs: number, endUs: number): void => {
    const key = `${observer}>${target}`;
    let l = byPair.get(key);
    if (!l) byPair.set(key, (l = { observer: `10.0.0.${observer}`, target: `10.0.0.${target}`, intervals: [] }));
    const last = l.intervals[l.intervals.length - 1];
    if (last && last.endUs! > startUs) return; // one link's intervals never overlap
    const e = {
      tsUs: startUs,
      cluster: 'c',
      node: l.observer,
      service: 'zbs-chunkd',
      pid: 1,
      kind: 'peer.link_down',
      level: 'W',
      source: 'x',
      line: 1,
      message: '',
      peer: l.target,
      fields: {},
    } as TimelineEvent;
    l.intervals.push({ state: 'DOWN', startUs, endUs, endedBy: 'back_to_normal', evidence: [e] });
  };
  const step = (7 * 86_400 * S) / (intervals / n);
  for (let t = 0, made = 0; made < intervals; t += step) {
    const target = r.int(0, n - 1);
    for (let o = 0; o < n && made < intervals; o++) {
      if (o === target || r.next() < 0.2) continue;
      add(o, target, t + r.int(0, 5) * S, t + r.int(20, 90) * S);
      made++;
    }
  }
  return [...byPair.values()];
}

function time(f: () => unknown, runs: number): { ms: number; result: unknown } {
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    ms.push(performance.now() - t);
  }
  return { ms: ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!, result };
}

const l = links(Number(values.intervals), Number(values.nodes));
const count = l.reduce((a, x) => a + x.intervals.length, 0);
const sweep = time(() => sweepCutOffSpans(l, []), Number(values.runs));
const reference = time(() => cutOffSpans(l, []), Math.min(3, Number(values.runs)));
const same = JSON.stringify(sweep.result) === JSON.stringify(reference.result);
console.log(`${count} DOWN intervals, ${values.nodes} nodes, ${(sweep.result as unknown[]).length} spans; same spans: ${same}`);
console.log(
  `sweep median ${sweep.ms.toFixed(1)} ms; reference median ${reference.ms.toFixed(1)} ms (${(reference.ms / sweep.ms).toFixed(1)}x)`,
);
if (!same) process.exitCode = 1;
