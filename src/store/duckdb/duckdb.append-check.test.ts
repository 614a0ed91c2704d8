import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendModeFrom, chooseTextAppend, firstDifference, rawRoundTrip } from './duckdb.append-check.js';
import { DuckDBInstance, type DuckDBConnection } from './duckdb-api.js';
import { SCHEMA_SQL } from './duckdb.schema.js';
import { StoreConfigError } from '../store-url.js';

async function withConnection(schema: boolean, fn: (conn: DuckDBConnection) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    if (schema) await conn.run(SCHEMA_SQL);
    await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const modes: { name: string; env: NodeJS.ProcessEnv; want: string | typeof StoreConfigError }[] = [
  { name: 'unset is auto', env: {}, want: 'auto' },
  { name: 'auto', env: { ZBS_DUCKDB_APPEND: 'auto' }, want: 'auto' },
  { name: 'plain', env: { ZBS_DUCKDB_APPEND: 'plain' }, want: 'plain' },
  { name: 'invalid: raw cannot be forced', env: { ZBS_DUCKDB_APPEND: 'raw' }, want: StoreConfigError },
  { name: 'invalid: case matters', env: { ZBS_DUCKDB_APPEND: 'Plain' }, want: StoreConfigError },
];
for (const c of modes) {
  test(`appendModeFrom: ${c.name}`, () => {
    if (typeof c.want === 'string') assert.equal(appendModeFrom(c.env), c.want);
    else
      assert.throws(
        () => appendModeFrom(c.env),
        (e: unknown) => e instanceof StoreConfigError && /ZBS_DUCKDB_APPEND=\S+ is not one of auto, plain/.test(e.message),
      );
  });
}

const diffs: { name: string; want: unknown[][]; got: unknown[][]; is: string | null }[] = [
  { name: 'equal', want: [['a', null, '{}']], got: [['a', null, '{}']], is: null },
  {
    name: 'a row missing',
    want: [
      ['a', null, '{}'],
      ['b', 'p', '{}'],
    ],
    got: [['a', null, '{}']],
    is: '1 rows read back of 2',
  },
  { name: 'a changed peer', want: [['a', 'p', '{}']], got: [['a', 'q', '{}']], is: 'row 1 column peer read back differently' },
  { name: 'NULL read as empty', want: [['a', null, '{}']], got: [['a', '', '{}']], is: 'row 1 column peer read back differently' },
];
for (const c of diffs) {
  test(`firstDifference: ${c.name}`, () => assert.equal(firstDifference(c.want, c.got), c.is));
}

test('rawRoundTrip: this DuckDB reads every check text back as written, and the temporary tables are gone', async () => {
  await withConnection(true, async (conn) => {
    assert.equal(await rawRoundTrip(conn), null);
    const left = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'zbs_check_%'`);
    assert.equal(Number(left.getRowsJS()[0]![0]), 0);
    assert.equal(Number((await conn.runAndReadAll('SELECT count(*) FROM events')).getRowsJS()[0]![0]), 0);
  });
});

test('chooseTextAppend: raw after a passing check, plain when forced (without a check)', async () => {
  await withConnection(true, async (conn) => {
    assert.deepEqual(await chooseTextAppend(conn, 'auto'), { texts: 'raw' });
    assert.deepEqual(await chooseTextAppend(conn, 'plain'), { texts: 'plain' });
  });
});

test('chooseTextAppend: a check that cannot run falls back to plain with one warning', async () => {
  // No schema: the check's temporary tables cannot copy `events`, so the raw path is unproven.
  await withConnection(false, async (conn) => {
    const choice = await chooseTextAppend(conn, 'auto');
    assert.equal(choice.texts, 'plain');
    assert.match(choice.warning ?? '', /^DuckDB raw string append disabled \(the check failed: .*events.*\); using the plain appender$/s);
  });
});
