import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareEvents, compareUtf8, isAfter, mergeEvents, sortEvents, type EventKey } from './event-order.js';

const sign = (x: number): number => Math.sign(x);

test('compareUtf8 is the order of the UTF-8 bytes, table', () => {
  const cases: [string, string][] = [
    ['a', 'b'],
    ['a', 'ab'],
    ['', 'a'],
    ['Z', 'a'],
    ['a/1.log', 'a/2.log'],
    ['é', 'z'.repeat(3) + '\u00ff'],
    ['\uffff', '😀'], // U+FFFF < U+1F600, though its UTF-16 unit is larger than the surrogate's
    ['\ue000', '\u{10000}'],
    ['😀', '😁'],
    ['x😀', 'x\uffff'],
  ];
  for (const [a, b] of cases) {
    const want = sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.equal(sign(compareUtf8(a, b)), want, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    assert.equal(sign(compareUtf8(b, a)), -want, `${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
  }
  assert.equal(compareUtf8('same', 'same'), 0);
});

test('compareEvents: time, then source, line, kind, table', () => {
  const r = (tsUs: number, source: string, line: number, kind: string) => ({ tsUs, source, line, kind: kind as never });
  const cases: [ReturnType<typeof r>, ReturnType<typeof r>, number][] = [
    [r(1, 'b', 9, 'z'), r(2, 'a', 1, 'a'), -1],
    [r(1, 'a', 9, 'z'), r(1, 'b', 1, 'a'), -1],
    [r(1, 'a', 1, 'z'), r(1, 'a', 2, 'a'), -1],
    [r(1, 'a', 1, 'peer.link_down'), r(1, 'a', 1, 'peer.link_up'), -1],
    [r(1, 'a', 1, 'x'), r(1, 'a', 1, 'x'), 0],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(sign(compareEvents(a, b)), want);
    assert.equal(sign(compareEvents(b, a)), want === 0 ? 0 : -want);
  }
});

test('isAfter and mergeEvents follow compareEvents, table', () => {
  const r = (tsUs: number, source: string, line = 1) => ({ tsUs, source, line, kind: 'x' as never });
  const cases: { name: string; a: ReturnType<typeof r>[]; b: ReturnType<typeof r>[]; limit?: number; want: string[] }[] = [
    { name: 'interleaved by time', a: [r(1, 'a'), r(3, 'a')], b: [r(2, 'a')], want: ['1a', '2a', '3a'] },
    { name: 'same time: source by UTF-8 bytes', a: [r(1, '\uffff')], b: [r(1, '😀')], want: ['1\uffff', '1😀'] },
    { name: 'limit keeps the first', a: [r(1, 'a'), r(3, 'a')], b: [r(2, 'a')], limit: 2, want: ['1a', '2a'] },
    { name: 'empty second list', a: [r(1, 'a')], b: [], want: ['1a'] },
  ];
  for (const c of cases)
    assert.deepEqual(
      mergeEvents(c.a, c.b, c.limit).map((e) => `${e.tsUs}${e.source}`),
      c.want,
      c.name,
    );
  // Random lists, ties in time, source and line included, against a sort of both.
  let x = 11;
  const rnd = (k: number): number => ((x = (x * 1103515245 + 12345) % 2147483648), x % k);
  for (let round = 0; round < 200; round++) {
    const list = (n: number, tag: string) =>
      Array.from({ length: n }, () => ({ ...r(rnd(20), `s${rnd(2)}`, rnd(3)), kind: tag as never })).sort(compareEvents);
    const [a, b] = [list(rnd(40), 'a'), list(rnd(6), 'b')];
    const limit = round % 3 ? undefined : rnd(50);
    const want = [...a, ...b].sort(compareEvents); // kind 'a' sorts before 'b' on equal time, source and line
    const got = mergeEvents(a, b, limit);
    assert.deepEqual(got, b.length ? want.slice(0, limit ?? Infinity) : a, `round ${round}`);
  }
  assert.equal(isAfter(r(1, '😀'), r(1, '\uffff')), true);
  assert.equal(isAfter(r(1, 'a'), r(1, 'a')), false);
});

test("sortEvents gives the comparator's order, table and random", () => {
  const e = (tsUs: number, source = 's', line = 1, kind = 'k'): EventKey => ({ tsUs, source, line, kind });
  const cases: { name: string; events: EventKey[] }[] = [
    { name: 'none', events: [] },
    { name: 'one', events: [e(5)] },
    { name: 'reversed', events: [e(3), e(2), e(1)] },
    { name: 'one microsecond, by source, line, kind', events: [e(1, 'b'), e(1, 'a', 2), e(1, 'a', 1, 'z'), e(1, 'a', 1, 'y'), e(0)] },
    { name: 'sources above U+FFFF against U+E000-U+FFFF', events: [e(1, '😀'), e(1, '\uffff'), e(1, '\ue000')] },
    { name: 'negative times', events: [e(-5), e(-1_000_000_000_000), e(0)] },
    { name: 'a span beyond 2^53: the comparator', events: [e(Number.MAX_SAFE_INTEGER), e(-Number.MAX_SAFE_INTEGER), e(0)] },
    { name: 'times that are no whole number: the comparator', events: [e(1.5), e(1)] },
  ];
  for (const c of cases) assert.deepEqual(sortEvents(c.events), [...c.events].sort(compareEvents), c.name);
  let x = 7;
  const rnd = (k: number): number => ((x = (x * 1103515245 + 12345) % 2147483648), x % k);
  for (let round = 0; round < 200; round++) {
    const n = rnd(300);
    const spread = [1, 10, 1_000_000, 7 * 86_400_000_000][round % 4]!;
    const events = Array.from({ length: n }, () => e(1_660_000_000_000_000 + rnd(spread), `s${rnd(3)}`, rnd(4), `k${rnd(2)}`));
    const input = [...events];
    assert.deepEqual(sortEvents(events), [...events].sort(compareEvents), `round ${round}`);
    assert.deepEqual(events, input, 'the input is left as it was');
  }
});
