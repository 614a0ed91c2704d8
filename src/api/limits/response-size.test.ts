import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonBytesOver } from './response-size.js';

test('jsonBytesOver agrees with the serialised length around the limit, table', () => {
  const event = { time: '2022-08-18T04:46:00.433372Z', node: '172.17.57.24', kind: 'peer.link_down', line: 7, peer: null, ok: true };
  const values: unknown[] = [
    null,
    'x',
    12345,
    { a: [1, 2, 3] },
    Array.from({ length: 100 }, () => event),
    { nodeOutages: [{ evidence: Array.from({ length: 50 }, () => event) }] },
    'ü'.repeat(10),
  ];
  for (const v of values) {
    const bytes = Buffer.byteLength(JSON.stringify(v));
    // Escapes and separators are approximated: within 10 % of the truth either way.
    assert.equal(jsonBytesOver(v, Math.floor(bytes * 1.1) + 2), false, `${bytes} B fits in ${Math.floor(bytes * 1.1) + 2}`);
    assert.equal(jsonBytesOver(v, Math.floor(bytes * 0.9) - 1), true, `${bytes} B is over ${Math.floor(bytes * 0.9) - 1}`);
  }
});

test('jsonBytesOver stops at the limit instead of walking a huge value', () => {
  const huge = Array.from({ length: 1_000_000 }, (_, i) => ({ i, s: 'x'.repeat(20) }));
  const t = performance.now();
  assert.equal(jsonBytesOver(huge, 1000), true);
  assert.ok(performance.now() - t < 50, 'stopped early');
});
