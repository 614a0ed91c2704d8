/**
 * The cut-off rule of cut-off.ts, fast: a sweep over the DOWN intervals' starts and
 * ends that re-judges, at each moment, only the nodes the changes there can affect
 * (nodes are few, moments many). cut-off.test.ts holds it to the reference.
 *
 * Why the typed columns: a 7-day window has ~10 000 intervals and ~20 000 changes; as
 * objects they lived until the query's end and the young-generation GC copied them.
 * Why index loops: this often runs before V8 optimizes it, and an unoptimized for-of
 * allocates an iterator result per element.
 */
import type { TimelineEvent } from '../model/event.js';
import { bitsFor, tagsByTime } from '../model/time-key-sort.js';
import type { PeerLinkHistory } from './derive.types.js';
import { MAX_MUTUAL_DOWN_SHARE, finishSpan, type CutOffSpan, type OpenSpan } from './cut-off.js';

/**
 * The DOWN intervals as columns, interval d at index d, nodes by number. A change is a
 * number too: 2d is interval d opening, 2d + 1 it closing; `times` holds each one's time.
 */
interface Intervals {
  names: string[];
  count: number;
  observer: Int32Array;
  target: Int32Array;
  first: TimelineEvent[];
  times: Float64Array;
  /** Node numbers of every link's observer. */
  observers: Set<number>;
}

const isOpening = (change: number): boolean => (change & 1) === 0;
const intervalOf = (change: number): number => change >> 1;

export function sweepCutOffSpans(links: readonly PeerLinkHistory[], events: readonly TimelineEvent[]): CutOffSpan[] {
  const iv = intervalColumns(links);
  if (!iv.count) return [];
  return new CutOffSweep(iv, events).run(changesInOrder(iv));
}

function countDown(links: readonly PeerLinkHistory[]): number {
  let count = 0;
  for (let li = 0; li < links.length; li++) {
    const ivs = links[li]!.intervals;
    for (let j = 0; j < ivs.length; j++) if (ivs[j]!.state === 'DOWN') count++;
  }
  return count;
}

function intervalColumns(links: readonly PeerLinkHistory[]): Intervals {
  const count = countDown(links);
  const numberOf = new Map<string, number>();
  const names: string[] = [];
  const num = (node: string): number => {
    let i = numberOf.get(node);
    if (i === undefined) numberOf.set(node, (i = names.push(node) - 1));
    return i;
  };
  const iv: Intervals = {
    names,
    count,
    observer: new Int32Array(count),
    target: new Int32Array(count),
    first: new Array<TimelineEvent>(count),
    times: new Float64Array(2 * count),
    observers: new Set(),
  };
  let d = 0;
  for (let li = 0; li < links.length; li++) {
    const l = links[li]!;
    const observer = num(l.observer);
    const target = num(l.target);
    iv.observers.add(observer);
    for (let j = 0; j < l.intervals.length; j++) {
      const i = l.intervals[j]!;
      if (i.state !== 'DOWN') continue;
      iv.observer[d] = observer;
      iv.target[d] = target;
      iv.times[2 * d] = i.startUs;
      iv.times[2 * d + 1] = i.endUs ?? Infinity;
      iv.first[d++] = i.evidence[0]!;
    }
  }
  return iv;
}

/** Changes in time order; at equal times closings before openings, so touching intervals do not overlap. */
function changesInOrder(iv: Intervals): Int32Array {
  let n = 0;
  const changes = new Int32Array(2 * iv.count);
  for (let d = 0; d < iv.count; d++) {
    // A failure and its recovery in the same microsecond: no moment down (the reference ignores it too).
    if (iv.times[2 * d + 1] === iv.times[2 * d]) continue;
    changes[n++] = 2 * d;
    if (Number.isFinite(iv.times[2 * d + 1]!)) changes[n++] = 2 * d + 1;
  }
  const list = changes.subarray(0, n);
  return sortedByKey(list, iv.times) ?? sortedByComparator(list, iv.times);
}

/**
 * The changes sorted natively (no JS call per comparison: ~300 000 of them for a week's
 * 20 000 changes) as 64-bit keys: µs since the first change, then closing (0) before
 * opening (1), then the interval — the order the comparator below gives, as its sort is
 * stable and the list is in interval order. null when a time is no whole number or
 * time and interval number do not fit in 64 bits together (beyond ~8 years).
 */
export function sortedByKey(list: Int32Array, times: Float64Array): Int32Array | null {
  const intervalBits = bitsFor(times.length / 2);
  const opening = 2 ** intervalBits;
  const at = new Float64Array(list.length);
  const tags = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    at[i] = times[c]!;
    tags[i] = (isOpening(c) ? opening : 0) + intervalOf(c); // the kind, then the interval
  }
  const sorted = tagsByTime(at, tags, 1 + intervalBits);
  if (!sorted) return null;
  for (let i = 0; i < list.length; i++) {
    const k = sorted[i]!;
    list[i] = k >= opening ? 2 * (k - opening) : 2 * k + 1; // back to the change: 2d opening, 2d + 1 closing
  }
  return list;
}

export function sortedByComparator(list: Int32Array, times: Float64Array): Int32Array {
  changeTimes = times;
  try {
    return list.sort(byChangeTime);
  } finally {
    changeTimes = NO_TIMES;
  }
}

/**
 * The comparator reads the times from module state, set only around the synchronous
 * sort above: one function V8 optimizes once, comparing unboxed doubles, where a
 * closure per analysis ran unoptimized and boxed every time (µs are no small integers).
 */
const NO_TIMES = new Float64Array(0);
let changeTimes: Float64Array = NO_TIMES;
function byChangeTime(a: number, b: number): number {
  const ta = changeTimes[a]!;
  const tb = changeTimes[b]!;
  return ta < tb ? -1 : ta > tb ? 1 : (b & 1) - (a & 1);
}

/** The sweep's state between moments; pairs index as `observer * n + target`. */
class CutOffSweep {
  private readonly n: number;
  /** observer * n + target → 1 + the interval open for that pair, 0 when none. */
  private readonly open: Int32Array;
  /** target * n + observer → 1 while the observer fails to reach the target. */
  private readonly fails: Uint8Array;
  private readonly failCount: Int32Array;
  /** Per target, the observers that could witness its absence (all but itself). */
  private readonly couldWitness: Int32Array;
  private readonly targets: number[] = [];
  private readonly affected: Uint8Array;
  private readonly spans = new Map<number, OpenSpan>();
  private readonly out: CutOffSpan[] = [];

  constructor(
    private readonly iv: Intervals,
    private readonly events: readonly TimelineEvent[],
  ) {
    const n = (this.n = iv.names.length);
    this.open = new Int32Array(n * n);
    this.fails = new Uint8Array(n * n);
    this.failCount = new Int32Array(n);
    this.couldWitness = new Int32Array(n);
    this.affected = new Uint8Array(n);
    for (let d = 0; d < iv.count; d++) {
      const t = iv.target[d]!;
      if (this.targets.includes(t)) continue;
      this.targets.push(t); // in order of first appearance
      this.couldWitness[t] = iv.observers.size - (iv.observers.has(t) ? 1 : 0);
    }
  }

  run(order: Int32Array): CutOffSpan[] {
    const times = this.iv.times;
    for (let i = 0; i < order.length;) {
      const t = times[order[i]!]!;
      const from = i;
      for (; i < order.length && times[order[i]!] === t; i++) this.apply(order[i]!);
      this.markAffected(order, from, i);
      this.judgeAffected(t);
    }
    for (const target of [...this.spans.keys()]) this.close(target, Infinity);
    return this.out;
  }

  private apply(change: number): void {
    const d = intervalOf(change);
    const observer = this.iv.observer[d]!;
    const target = this.iv.target[d]!;
    const pair = observer * this.n + target;
    const failing = target * this.n + observer;
    if (isOpening(change)) {
      this.open[pair] = d + 1;
      if (!this.fails[failing]) this.failCount[target]!++;
      this.fails[failing] = 1;
    } else if (this.open[pair] === d + 1) {
      this.open[pair] = 0;
      this.failCount[target]!--;
      this.fails[failing] = 0;
    }
  }

  /**
   * A pair's change alters its target's failing set, and the mutual count of any target
   * that both of its nodes fail to reach; no other judgement can change.
   */
  private markAffected(order: Int32Array, from: number, to: number): void {
    const n = this.n;
    this.affected.fill(0);
    for (let j = from; j < to; j++) {
      const d = intervalOf(order[j]!);
      const observer = this.iv.observer[d]!;
      const target = this.iv.target[d]!;
      this.affected[target] = 1;
      for (let x = 0; x < n; x++) if (this.fails[x * n + observer] && this.fails[x * n + target]) this.affected[x] = 1;
    }
  }

  private judgeAffected(t: number): void {
    for (let j = 0; j < this.targets.length; j++) {
      const target = this.targets[j]!;
      if (!this.affected[target]) continue;
      if (this.isCutOff(target)) this.extend(target, t);
      else if (this.spans.has(target)) this.close(target, t);
    }
  }

  /** isCutOff of cut-off.ts over the columns. */
  private isCutOff(target: number): boolean {
    const n = this.n;
    const f = this.failCount[target]!;
    if (f < 2 || f <= this.couldWitness[target]! / 2) return false;
    let mutual = 0;
    for (let a = 0; a < n; a++) {
      if (!this.fails[target * n + a]) continue;
      for (let b = 0; b < n; b++) if (a !== b && this.fails[target * n + b] && this.open[a * n + b]) mutual++;
    }
    return mutual <= MAX_MUTUAL_DOWN_SHARE * f * (f - 1);
  }

  /** Opens the target's span at t if needed, and adds each failing peer's first event. */
  private extend(target: number, t: number): void {
    const n = this.n;
    let span = this.spans.get(target);
    if (!span) this.spans.set(target, (span = { startUs: t, events: [] }));
    for (let o = 0; o < n; o++) {
      if (!this.fails[target * n + o]) continue;
      const first = this.iv.first[this.open[o * n + target]! - 1]!;
      if (!span.events.includes(first)) span.events.push(first);
    }
  }

  private close(target: number, endUs: number): void {
    const open = this.spans.get(target)!;
    this.spans.delete(target);
    const span = finishSpan(this.events, this.iv.names[target]!, open, endUs);
    if (span) this.out.push(span);
  }
}
