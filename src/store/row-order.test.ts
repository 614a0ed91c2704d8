import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRows, compareUtf8 } from './row-order.js';

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

test('compareRows: time, then source, line, kind, table', () => {
  const r = (tsUs: number, source: string, line: number, kind: string) => ({ tsUs, source, line, kind: kind as never });
  const cases: [ReturnType<typeof r>, ReturnType<typeof r>, number][] = [
    [r(1, 'b', 9, 'z'), r(2, 'a', 1, 'a'), -1],
    [r(1, 'a', 9, 'z'), r(1, 'b', 1, 'a'), -1],
    [r(1, 'a', 1, 'z'), r(1, 'a', 2, 'a'), -1],
    [r(1, 'a', 1, 'peer.link_down'), r(1, 'a', 1, 'peer.link_up'), -1],
    [r(1, 'a', 1, 'x'), r(1, 'a', 1, 'x'), 0],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(sign(compareRows(a, b)), want);
    assert.equal(sign(compareRows(b, a)), want === 0 ? 0 : -want);
  }
});
