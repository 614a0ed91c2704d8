import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkStore } from '../src/check/check-store.js';
import { loadCheckRules } from '../src/check/check-rules.js';
import { FAULT_KINDS, simulate, type FaultKind } from '../src/simulate/simulate.js';
import { openStore } from '../src/store/store-factory.js';
import { runIngest, tmpDir } from './helpers.js';

/**
 * What `check` concludes on a small simulated bundle (an hour, ~100 KiB; its services
 * start before the window, as in every simulation), through the command's own steps:
 * ingest into a fresh embedded store, then judge it. In-process: 58 CLI runs would
 * spend most of their time starting up. The CLI's exit codes are covered in check.test.ts.
 */
async function verdict(seed: number, faults: string) {
  return (await verdictAndTruth(seed, faults)).report;
}

async function verdictAndTruth(seed: number, faults: string) {
  const dir = tmpDir('zbs-sim-');
  const sim = await simulate({ outDir: join(dir, 'out'), seed, faults, hours: 1, sizeMb: 0.1 });
  const store = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
  try {
    await runIngest(store, [sim.bundleDir], { tz: 'UTC' });
    const report = await checkStore(store, loadCheckRules(undefined));
    assert.ok(report, `seed ${seed}: the store holds logs`);
    return { report, truth: sim.truth };
  } finally {
    await store.close();
  }
}

test('check passes 20 fault-free simulated clusters: first instances and first leaders are not changes', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = await verdict(seed, 'none');
    const failed = r.results
      .filter((x) => x.status !== 'pass')
      .map((x) => `${x.assertion.id}: ${x.violations.map((v) => v.summary).join('; ')}`);
    assert.equal(r.verdict, 'pass', `seed ${seed}: ${failed.join(' | ')}`);
  }
});

/** The assertion that names each fault kind: every kind the simulator plays. */
const NAMED_BY: Record<FaultKind, string> = {
  crash: 'no_service_crash',
  graceful_restart: 'no_service_restart',
  rolling_restart: 'no_service_restart',
  power_loss: 'no_node_outage',
  partition: 'max_link_down_seconds',
  flap: 'max_link_downs',
  zk_leader_loss: 'max_zk_elections',
  meta_leader_change: 'no_meta_leader_change',
  clock_skew: 'no_clock_skew',
};

test('check fails on every fault kind, naming it', async () => {
  assert.deepEqual([...FAULT_KINDS].sort(), Object.keys(NAMED_BY).sort());
  for (const kind of FAULT_KINDS) {
    for (const seed of [3, 7]) {
      const r = await verdict(seed, kind);
      const failed = r.results.filter((x) => x.status === 'fail').map((x) => x.assertion.id);
      assert.equal(r.verdict, 'fail', `${kind}, seed ${seed}`);
      assert.ok(failed.includes(NAMED_BY[kind]), `${kind}, seed ${seed}: failed ${failed.join(', ')}`);
    }
  }
});

test('a clock that is off is named, with its node and direction, in 20 of 20 seeds; nothing else fails', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const { report, truth } = await verdictAndTruth(seed, 'clock_skew');
    const fault = truth.faults.find((f) => f.kind === 'clock_skew')!;
    const offset = Number(/off by (-?[\d.]+) s/.exec(fault.indistinguishable!)![1]);
    const failed = report.results.filter((x) => x.status !== 'pass');
    assert.deepEqual(
      failed.map((x) => x.assertion.id),
      ['no_clock_skew'],
      `seed ${seed}`,
    );
    const [v, ...more] = failed[0]!.violations;
    assert.equal(more.length, 0, `seed ${seed}: one node`);
    assert.equal(v!.node, fault.node, `seed ${seed}: ${v!.summary}`);
    assert.match(v!.summary, offset > 0 ? /clock is ahead by about/ : /clock is behind by about/, `seed ${seed} (${offset} s)`);
  }
});
