/**
 * The store conformance suite on QuestDB, when `QUESTDB_URL` names one
 * (e.g. QUESTDB_URL='questdb:http::addr=127.0.0.1:9000'). Each test writes its own table
 * and drops it afterwards; the catalog is a throw-away SQLite file.
 */
import { test } from 'node:test';
import { join } from 'node:path';
import { openStore } from '../src/store/store-factory.js';
import { parseQuestDbConfig } from '../src/store/questdb/questdb.config.js';
import { exec } from '../src/store/questdb/questdb.rest.js';
import { keyTableOf, tablesOf } from '../src/store/questdb/questdb.events-table.js';
import { analyzeWindow } from '../src/derive/timeline-analysis.js';
import { EventBatchBuilder } from '../src/model/event-batch.js';
import assert from 'node:assert/strict';
import { runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';
import { storeConformance } from './store-conformance.js';

const url = process.env.QUESTDB_URL;

if (!url) {
  test(
    'QuestDB conformance suite',
    { skip: 'SKIPPED: QUESTDB_URL is not set (e.g. QUESTDB_URL=questdb:http::addr=127.0.0.1:9000 npm test)' },
    () => undefined,
  );
} else {
  const run = `${process.pid}_${Date.now().toString(36)}`;
  storeConformance(
    `questdb (${url})`,
    async (name) => {
      const table = `zbs_test_${run}_${name}`;
      const store = await openStore(url, { catalog: { kind: 'sqlite', file: join(tmpDir(), 'c.catalog.db') }, questdbTable: table });
      const cfg = parseQuestDbConfig(url.slice('questdb:'.length));
      return {
        store,
        drop: async () => {
          for (const t of tablesOf(table)) await exec(cfg, `DROP TABLE IF EXISTS ${t}`);
        },
      };
    },
    { utf16Pages: true },
  );

  test('questdb: a store written before its key table has its key rows moved there on open, with the same answers', async () => {
    const table = `zbs_test_${run}_prekeys`;
    const catalog = join(tmpDir(), 'c.catalog.db');
    const open = () => openStore(url, { catalog: { kind: 'sqlite', file: catalog }, questdbTable: table });
    const cfg = parseQuestDbConfig(url.slice('questdb:'.length));
    const w = { fromUs: Date.UTC(2022, 7, 18, 3) * 1000, toUs: Date.UTC(2022, 7, 18, 5) * 1000 };
    try {
      const store = await open();
      await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
      const before = await analyzeWindow(store, w);
      await store.close();
      // As an older version wrote them: every row in the events table, no key table.
      await exec(cfg, `INSERT INTO ${table} SELECT * FROM ${keyTableOf(table)}`);
      await exec(cfg, `DROP TABLE ${keyTableOf(table)}`);
      for (let applied = false; !applied; await new Promise((r) => setTimeout(r, 50))) {
        const [row] = (await exec(cfg, `SELECT writerTxn, sequencerTxn FROM wal_tables() WHERE name = '${table}'`)).dataset;
        applied = Number(row?.[0]) >= Number(row?.[1]);
      }
      const reopened = await open();
      try {
        const after = await analyzeWindow(reopened, w);
        assert.ok(before.links.length > 0 && before.outages.length > 0);
        assert.deepEqual({ links: after.links, outages: after.outages }, { links: before.links, outages: before.outages });
      } finally {
        await reopened.close();
      }
    } finally {
      for (const t of tablesOf(table)) await exec(cfg, `DROP TABLE IF EXISTS ${t}`);
    }
  });

  test('questdb: a read whose group outgrows the send buffer comes back whole, row by row', async () => {
    const table = `zbs_test_${run}_biggroup`;
    const store = await openStore(url, { catalog: { kind: 'sqlite', file: join(tmpDir(), 'c.catalog.db') }, questdbTable: table });
    const cfg = parseQuestDbConfig(url.slice('questdb:'.length));
    try {
      // One source, kind and day: ~3 MB of text in one group, over QuestDB's 2 MiB default.
      const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zookeeper', pid: 7, source: 'z.log' }, 12_000);
      const t0 = Date.UTC(2024, 2, 1) * 1000;
      for (let line = 1; line <= 12_000; line++)
        b.add(t0 + line * 1000, line, 'zk.server.state', 'I', `state ${line} ${'x'.repeat(240)}`, null, { state: 'LOOKING' });
      await store.writeBatch({ deletes: [], marks: ['z.log'], sources: [], events: [b.take()] });
      await store.settle();
      const got = await store.queryEvents({ fromUs: t0, toUs: t0 + 86_400_000_000, kinds: ['zk.server.state'] });
      assert.equal(got.length, 12_000);
      assert.deepEqual([got[0]!.line, got[11_999]!.line, got[11_999]!.message.slice(0, 11)], [1, 12_000, 'state 12000']);
    } finally {
      await store.close();
      for (const t of tablesOf(table)) await exec(cfg, `DROP TABLE IF EXISTS ${t}`);
    }
  });
}
