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
 * ingest into a fresh embedded store, then judge it. In-process: 28 CLI runs would
 * spend most of their time starting up. The CLI's exit codes are covered in check.test.ts.
 */
async function verdict(seed: number, faults: string) {
  const dir = tmpDir('zbs-sim-');
  const sim = await simulate({ outDir: join(dir, 'out'), seed, faults, hours: 1, sizeMb: 0.1 });
  const store = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
  try {
    await runIngest(store, [sim.bundleDir], { tz: 'UTC' });
    const report = await checkStore(store, loadCheckRules(undefined));
    assert.ok(report, `seed ${seed}: the store holds logs`);
    return report;
  } finally {
    await store.close();
  }
}

test('check passes 20 fault-free simulated clusters: first instances and first leaders are not changes', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = await verdict(seed, 'none');
    const failed = r.results.filter((x) => x.status !== 'pass').map((x) => `${x.assertion.id}: ${x.violations.map((v) => v.summary).join('; ')}`);
    assert.equal(r.verdict, 'pass', `seed ${seed}: ${failed.join(' | ')}`);
  }
});

/** The assertion that names each fault kind. Not clock_skew: the simulator writes it as indistinguishable in the logs (one node's clock shifted, nothing else). */
const NAMED_BY: Record<Exclude<FaultKind, 'clock_skew'>, string> = {
  crash: 'no_service_crash',
  graceful_restart: 'no_service_restart',
  rolling_restart: 'no_service_restart',
  power_loss: 'no_node_outage',
  partition: 'max_link_down_seconds',
  flap: 'max_link_downs',
  zk_leader_loss: 'max_zk_elections',
  meta_leader_change: 'no_meta_leader_change',
};

test('check fails on every fault kind the logs can show, naming it', async () => {
  const kinds = FAULT_KINDS.filter((k): k is keyof typeof NAMED_BY => k !== 'clock_skew');
  assert.deepEqual([...kinds].sort(), Object.keys(NAMED_BY).sort());
  for (const kind of kinds) {
    for (const seed of [3, 7]) {
      const r = await verdict(seed, kind);
      const failed = r.results.filter((x) => x.status === 'fail').map((x) => x.assertion.id);
      assert.equal(r.verdict, 'fail', `${kind}, seed ${seed}`);
      assert.ok(failed.includes(NAMED_BY[kind]), `${kind}, seed ${seed}: failed ${failed.join(', ')}`);
    }
  }
});
