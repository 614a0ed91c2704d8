/** The derivations scored against the simulator's truth on fixed seeds (see `zbs-timeline score`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers.js';

const ALL_BUT_SKEW = 'crash,graceful_restart,rolling_restart,power_loss,partition,flap,zk_leader_loss,meta_leader_change';

test('fixed seeds, every fault kind but a skewed clock, in Asia/Shanghai: F1 ≥ 0.95, ends within 1 s (median)', () => {
  const r = cli([
    'score',
    '--seeds',
    '3',
    '--first-seed',
    '101',
    '--hours',
    '2',
    '--tz',
    'Asia/Shanghai',
    '--faults',
    ALL_BUT_SKEW,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const row of out.rows as { type: string; truth: number; f1: number; endErrorMedianS: number | null }[]) {
    assert.ok(row.truth > 0, `${row.type}: the seeds produce some truth`);
    assert.ok(row.f1 >= 0.95, `${row.type}: F1 ${row.f1}`);
    assert.ok((row.endErrorMedianS ?? 0) <= 1, `${row.type}: median end error ${row.endErrorMedianS}`);
  }
  assert.deepEqual(out.skewedNodeRows, []);
});

test('a skewed clock is marked in the truth and scored apart, not hidden', () => {
  const r = cli(['score', '--seeds', '1', '--first-seed', '7', '--hours', '1', '--faults', 'clock_skew,crash,power_loss', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(
    (out.skewedNodeRows as { truth: number }[]).some((x) => x.truth > 0),
    'some answers involve the skewed node',
  );
});
