/** The embedded store under concurrent use, as the API server uses it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/store-factory.js';
import { analyzeWindow } from '../src/derive/timeline-analysis.js';
import { runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';

test('concurrent reads on one store give the same answers as one at a time', async () => {
  const store = await openStore(`duckdb:${join(tmpDir(), 's.duckdb')}`);
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

test('a store from an older schema is migrated on open: every event kept, none doubled', async () => {
  const file = join(tmpDir(), 'old.duckdb');
  const store = await openStore(`duckdb:${file}`);
  await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
  const before = (await store.queryEvents({})).map((e) => `${e.source}#${e.line}#${e.kind}`);
  // Make it look like schema 1: every event in `events`, no `key_events`.
  const conn = (store as unknown as { table: { conn: { run(sql: string): Promise<unknown> } } }).table.conn;
  await conn.run('INSERT INTO events SELECT * FROM key_events');
  await conn.run('DROP TABLE key_events');
  await conn.run(`UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
  await store.close();
  const reopened = await openStore(`duckdb:${file}`);
  try {
    const after = (await reopened.queryEvents({})).map((e) => `${e.source}#${e.line}#${e.kind}`);
    assert.deepEqual(after, before);
    assert.equal((await reopened.queryEvents({ kinds: ['peer.link_down'] })).length, 12);
  } finally {
    await reopened.close();
  }
});
