/** The derivations scored against the simulator's truth on fixed seeds (see `zbs-timeline score`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers.js';

test('fixed seeds, every fault kind, in Asia/Shanghai: F1 ≥ 0.95 for every answer, ends within 1 s (median)', () => {
  const r = cli(['score', '--seeds', '3', '--first-seed', '101', '--hours', '2', '--tz', 'Asia/Shanghai', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout).rows as { type: string; truth: number; f1: number; endErrorMedianS: number | null }[];
  for (const row of rows) {
    assert.ok(row.truth > 0, `${row.type}: the seeds produce some truth`);
    assert.ok(row.f1 >= 0.95, `${row.type}: F1 ${row.f1}`);
    assert.ok((row.endErrorMedianS ?? 0) <= 1, `${row.type}: median end error ${row.endErrorMedianS}`);
  }
});
