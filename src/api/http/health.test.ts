import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/store-factory.js';
import { HEALTH_FRESH_MS, HEALTH_STALE_MS, HealthProbe, type Pingable } from './health.js';

/** A store whose ping answers when the test says (to hold one in flight). */
class HeldPing implements Pingable {
  pings = 0;
  release: ((ok: boolean) => void) | null = null;
  ping(): Promise<void> {
    this.pings++;
    return new Promise((resolve, reject) => (this.release = (ok) => (ok ? resolve() : reject(new Error('gone')))));
  }
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('health probe on a real store: ok while open, unavailable once closed (after a refresh)', async () => {
  const store = await openStore(`duckdb:${join(mkdtempSync(join(tmpdir(), 'zbs-health-')), 's.duckdb')}`);
  let t = 0;
  const failures: unknown[] = [];
  const probe = new HealthProbe(
    store,
    (e) => failures.push(e),
    () => t,
  );
  assert.equal(await probe.healthy(), true, 'first call waits for a ping');
  await store.close();
  assert.equal(await probe.healthy(), true, 'within HEALTH_FRESH_MS the last answer stands');
  t += HEALTH_FRESH_MS;
  await probe.healthy(); // starts the refresh
  for (let i = 0; i < 50 && failures.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await probe.healthy(), false, 'the refreshed ping failed');
  assert.equal(failures.length, 1);
});

test('health probe: one ping at a time; a ping stuck past HEALTH_STALE_MS is a failure, table', async () => {
  const store = new HeldPing();
  let t = 0;
  const probe = new HealthProbe(
    store,
    () => undefined,
    () => t,
  );
  const first = probe.healthy();
  store.release!(true);
  assert.equal(await first, true);
  const steps: { name: string; advance: number; want: boolean; pings: number }[] = [
    { name: 'fresh: no new ping', advance: 10, want: true, pings: 1 },
    { name: 'old: answers from the last, refreshes', advance: HEALTH_FRESH_MS, want: true, pings: 2 },
    { name: 'refresh in flight: no second ping', advance: HEALTH_FRESH_MS, want: true, pings: 2 },
    { name: 'refresh stuck too long', advance: HEALTH_STALE_MS, want: false, pings: 2 },
  ];
  for (const s of steps) {
    t += s.advance;
    assert.equal(await probe.healthy(), s.want, s.name);
    assert.equal(store.pings, s.pings, s.name);
  }
  store.release!(true);
  await turn();
  assert.equal(await probe.healthy(), true, 'answered again');
});
