import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitsFor, tagsByTime } from './time-key-sort.js';

test('tagsByTime: tags in (time, tag) order, or null where the keys do not fit, table', () => {
  const f = (xs: number[]): Float64Array => Float64Array.from(xs);
  const u = (xs: number[]): Uint32Array => Uint32Array.from(xs);
  const cases: { name: string; times: number[]; tags: number[]; bits: number; want: number[] | null }[] = [
    { name: 'by time', times: [30, 10, 20], tags: [0, 1, 2], bits: 2, want: [1, 2, 0] },
    { name: 'equal times by tag', times: [5, 5, 5], tags: [3, 1, 2], bits: 2, want: [1, 2, 3] },
    { name: 'negative times and a span over 2^32', times: [2 ** 40, -(2 ** 40), 0], tags: [0, 1, 2], bits: 2, want: [1, 2, 0] },
    { name: 'none', times: [], tags: [], bits: 1, want: null },
    { name: 'a time that is no whole number', times: [1.5, 1], tags: [0, 1], bits: 1, want: null },
    { name: 'a span beyond 2^53', times: [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER], tags: [0, 1], bits: 1, want: null },
    { name: 'span and tags over 64 bits', times: [0, 2 ** 40], tags: [0, 1], bits: 30, want: null },
    { name: 'tags over 31 bits', times: [0, 1], tags: [0, 1], bits: 32, want: null },
  ];
  for (const c of cases) {
    const got = tagsByTime(f(c.times), u(c.tags), c.bits);
    assert.deepEqual(got && [...got], c.want, c.name);
  }
  assert.deepEqual([0, 1, 2, 3, 7, 8].map(bitsFor), [1, 1, 2, 2, 3, 4]);
});
