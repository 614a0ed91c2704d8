/** The embedded store under concurrent use, as the API server uses it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb.store.js';
import { analyzeWindow } from '../src/derive/timeline-analysis.js';
import { runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';

test('concurrent reads on one store give the same answers as one at a time', async () => {
  const store = await DuckDbStore.open(join(tmpDir(), 's.duckdb'));
  try {
    await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    const w = { fromUs: Date.UTC(2022, 7, 18, 3) * 1000, toUs: Date.UTC(2022, 7, 18, 5) * 1000 };
    const one = await analyzeWindow(store, w);
    const allEvents = (await store.queryEvents({})).length;
    assert.ok(allEvents > 50);
    const many = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? store.listSources({}) : i % 3 === 1 ? store.queryEvents({}) : analyzeWindow(store, w))));
    for (const [i, r] of many.entries()) {
      if (i % 3 === 0) assert.equal((r as unknown[]).length, 17);
      else if (i % 3 === 1) assert.equal((r as unknown[]).length, allEvents);
      else assert.deepEqual((r as typeof one).outages.map((o) => [o.node, o.startUs]), one.outages.map((o) => [o.node, o.startUs]));
    }
  } finally {
    await store.close();
  }
});
