import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEvent } from '../model/event.js';
import { Prng } from '../simulate/prng.js';
import { cutOffSpans, type CutOffSpan } from './cut-off.js';
import { sortedByComparator, sortedByKey, sweepCutOffSpans } from './cut-off.sweep.js';
import type { LinkInterval, PeerLinkHistory } from './derive.types.js';

const T0 = Date.UTC(2022, 7, 18, 4, 0, 0) * 1000;
const s = (sec: number): number => T0 + sec * 1e6;
let line = 0;

function failure(observer: string, target: string, sec: number, cluster = 'c'): TimelineEvent {
  const peer = `${target}:10201`;
  return {
    tsUs: s(sec),
    cluster,
    node: observer,
    service: 'zbs-chunkd',
    pid: 1,
    kind: 'peer.link_down',
    level: 'W',
    source: `${observer}.log`,
    line: ++line,
    message: 'Fail to ping',
    peer,
    fields: { times: 1 },
  };
}

function downInterval(observer: string, target: string, from: number, to: number | null): LinkInterval {
  return {
    state: 'DOWN',
    startUs: s(from),
    endUs: to === null ? null : s(to),
    endedBy: to === null ? null : 'back_to_normal',
    evidence: [failure(observer, target, from)],
  };
}

/** `a>x 0-30` is a DOWN interval from second 0 to 30 (`-` for still down); pairs as given. */
function links(spec: string[]): PeerLinkHistory[] {
  const byPair = new Map<string, PeerLinkHistory>();
  for (const item of spec) {
    const [pair, span] = item.split(' ') as [string, string];
    const [observer, target] = pair.split('>') as [string, string];
    const [from, to] = span.split('-');
    let l = byPair.get(pair);
    if (!l) byPair.set(pair, (l = { observer, target, intervals: [] }));
    l.intervals.push(downInterval(observer, target, Number(from), to ? Number(to) : null));
  }
  return [...byPair.values()];
}

const show = (spans: CutOffSpan[]): string[] =>
  spans.map(
    (c) =>
      `${c.node} ${(c.startUs - T0) / 1e6}-${c.endUs === null ? '' : (c.endUs - T0) / 1e6} by ${c.events.map((e) => e.node).join(',')}`,
  );

test('cut-off rule, table (reference and sweep)', () => {
  const cases: { name: string; links: string[]; want: string[] }[] = [
    { name: 'three peers lose x while reaching each other', links: ['a>x 0-30', 'b>x 1-30', 'c>x 2-30'], want: ['x 1-30 by a,b,c'] },
    { name: 'still lost at the end of the data: open', links: ['a>x 0-', 'b>x 0-', 'c>x 0-'], want: ['x 0- by a,b,c'] },
    { name: 'one peer alone is a flap', links: ['a>x 0-30', 'b>y 0-1', 'c>y 0-1'], want: [] },
    { name: 'half the peers is not most', links: ['a>x 0-30', 'b>x 0-30', 'x>a 50-51', 'c>a 50-51', 'd>a 50-51'], want: [] },
    { name: 'shorter than MIN_CUT_OFF_US', links: ['a>x 0-9', 'b>x 0-9', 'c>x 0-9'], want: [] },
    {
      name: 'a partition: the failing peers cannot reach each other either',
      links: ['a>x 0-30', 'b>x 0-30', 'c>x 0-30', 'a>b 0-30', 'b>a 0-30', 'a>c 0-30', 'c>a 0-30', 'b>c 0-30', 'c>b 0-30'],
      want: [],
    },
    { name: 'touching intervals do not overlap', links: ['a>x 0-20', 'b>x 20-40', 'c>x 20-40'], want: ['x 20-40 by b,c'] },
    {
      name: 'two of four peers are not most; a third is',
      links: ['a>x 0-40', 'b>x 0-40', 'c>x 15-40', 'd>x 0-1'],
      want: ['x 15-40 by a,b,c'],
    },
    { name: 'a peer joins an open span', links: ['a>x 0-40', 'b>x 0-40', 'c>x 0-40', 'd>x 15-40'], want: ['x 0-40 by a,b,c,d'] },
    {
      name: 'a failure and its recovery in the same microsecond are no interval',
      links: ['a>x 0-0', 'b>x 0-30', 'c>x 0-30', 'd>x 0-30', 'a>x 50-60'],
      want: ['x 0-30 by b,c,d'],
    },
    { name: 'an empty interval alone blames nobody', links: ['a>x 5-5', 'b>x 5-5', 'c>x 5-5'], want: [] },
  ];
  for (const c of cases) {
    const l = links(c.links);
    assert.deepEqual(show(cutOffSpans(l, [])), c.want, `reference: ${c.name}`);
    assert.deepEqual(show(sweepCutOffSpans(l, [])), c.want, `sweep: ${c.name}`);
  }
});

/** Random histories: few nodes, times on a coarse grid (ties are common), one link's intervals apart or touching, some empty. */
function randomLinks(r: Prng): PeerLinkHistory[] {
  const nodes = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].slice(0, r.int(2, 7));
  const out: PeerLinkHistory[] = [];
  for (const observer of nodes) {
    for (const target of nodes) {
      if (observer === target || r.next() < 0.3) continue;
      const intervals: LinkInterval[] = [];
      let t = r.int(0, 20);
      for (let k = r.int(0, 4); k > 0; k--) {
        const end = r.next() < 0.1 ? null : t + (r.next() < 0.1 ? 0 : r.int(1, 40));
        intervals.push(downInterval(observer, target, t, end));
        if (end === null) break;
        t = end + r.int(0, 20);
      }
      if (intervals.length || r.next() < 0.2) out.push({ observer, target, intervals });
    }
  }
  return r.next() < 0.5 ? out : out.reverse();
}

test('the sweep gives exactly the reference spans on random link histories', () => {
  const r = new Prng(20);
  let spans = 0;
  for (let round = 0; round < 3000; round++) {
    const l = randomLinks(r);
    const events = l.flatMap((x) => x.intervals.map((i) => i.evidence[0]!)).map((e) => (r.next() < 0.3 ? { ...e, cluster: 'other' } : e));
    const want = cutOffSpans(l, events);
    const got = sweepCutOffSpans(l, events);
    assert.deepEqual(got, want, `round ${round}`);
    got.forEach((g, i) => g.events.forEach((e, j) => assert.equal(e, want[i]!.events[j], `round ${round}: the same event objects`)));
    spans += want.length;
  }
  assert.ok(spans > 500, `random histories exercise the rule (${spans} spans)`);
});

test('changes sorted by 64-bit key come in the comparator order, ties included', () => {
  const r = new Prng(18);
  for (let round = 0; round < 500; round++) {
    const count = r.int(1, 300);
    const base = r.next() < 0.5 ? T0 : 0;
    const grid = r.next() < 0.5 ? 1 : 1e6; // coarse times: many ties
    const times = Float64Array.from({ length: 2 * count }, () => base + r.int(0, 50) * grid);
    const list = Int32Array.from({ length: 2 * count }, (_, i) => i).filter(() => r.next() < 0.9);
    assert.deepEqual(sortedByKey(list.slice(), times), sortedByComparator(list.slice(), times), `round ${round}`);
  }
  const wide = Float64Array.from([0, 2 ** 60, 1.5, 3]);
  assert.equal(sortedByKey(Int32Array.from([0, 1]), wide), null, 'times too far apart for the key');
  assert.equal(sortedByKey(Int32Array.from([2, 3]), wide), null, 'a time that is no whole number');
});
