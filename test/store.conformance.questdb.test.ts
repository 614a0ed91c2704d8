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
import { tmpDir } from './helpers.js';
import { storeConformance } from './store-conformance.js';

const url = process.env.QUESTDB_URL;

if (!url) {
  test('QuestDB conformance suite', { skip: 'SKIPPED: QUESTDB_URL is not set (e.g. QUESTDB_URL=questdb:http::addr=127.0.0.1:9000 npm test)' }, () => undefined);
} else {
  const run = `${process.pid}_${Date.now().toString(36)}`;
  storeConformance(`questdb (${url})`, async (name) => {
    const table = `zbs_test_${run}_${name}`;
    const store = await openStore(url, { catalog: { kind: 'sqlite', file: join(tmpDir(), 'c.catalog.db') }, questdbTable: table });
    const cfg = parseQuestDbConfig(url.slice('questdb:'.length));
    return { store, drop: async () => void (await exec(cfg, `DROP TABLE IF EXISTS ${table}`)) };
  });
}
