/** The repeat rule's cases (model/repeat-rule.cases.ts) against DuckDB's MARK_REPEATS_SQL, on a real in-memory DuckDB. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseEvents, REPEAT_CASES } from '../../model/repeat-rule.cases.js';
import { DuckDBInstance } from './duckdb-api.js';
import { MARK_REPEATS_SQL, SCHEMA_SQL } from './duckdb.schema.js';

for (const c of REPEAT_CASES) {
  test(`repeat rule, DuckDB SQL: ${c.name}`, async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(SCHEMA_SQL);
      for (const e of caseEvents(c)) {
        await conn.run(
          `INSERT INTO key_events (ts, cluster, node, service, pid, kind, level, source, line, message, peer, fields)
           VALUES (make_timestamp($1::BIGINT), 'c', 'n', 's', 7, $2, 'W', $3, $4, 'm', $5, $6)`,
          [e.tsUs, e.kind, e.source, e.line, e.peer, JSON.stringify(e.fields)],
        );
      }
      await conn.run(MARK_REPEATS_SQL);
      const r = await conn.runAndReadAll('SELECT line, is_repeat FROM key_events ORDER BY line');
      assert.deepEqual(
        r.getRows().map(([, rep]) => (rep ? 1 : 0)),
        c.want,
      );
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
}
