/** The embedded store under concurrent use, as the API server uses it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, StoreConfigError } from '../src/store/store-factory.js';
import { analyzeWindow, DERIVATION_KINDS } from '../src/derive/timeline-analysis.js';
import { runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';
import { EventBatchBuilder } from '../src/model/event-batch.js';
import type { TimelineEvent } from '../src/model/event.js';
import type { EventStore } from '../src/store/event-store.js';
import type { SourceWrite } from '../src/catalog/catalog.js';

/** The DuckDB connection under a store opened on a `duckdb:` URL. */
function duckConn(store: EventStore): {
  run(sql: string, params?: unknown[]): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
} {
  return (store as unknown as { table: { conn: ReturnType<typeof duckConn> } }).table.conn;
}

const countOf = async (store: EventStore, sql: string): Promise<number> =>
  Number((await duckConn(store).runAndReadAll(sql)).getRows()[0]![0]);

/** A new store file (in `dir`, default a fresh temporary folder) holding the seed bundle. */
async function seededStore(name: string, dir = tmpDir()): Promise<{ file: string; store: EventStore }> {
  const file = join(dir, name);
  const store = await openStore(`duckdb:${file}`);
  await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
  return { file, store };
}

/** Makes a store's file look like an older schema (`undo` takes back what came since), then closes the store. */
async function rewindSchema(store: EventStore, version: number, undo: string[]): Promise<void> {
  for (const sql of undo) await duckConn(store).run(sql);
  await duckConn(store).run(`UPDATE meta SET value = '${version}' WHERE key = 'schema_version'`);
  await store.close();
}

test('concurrent reads on one store give the same answers as one at a time', async () => {
  const store = await openStore(`duckdb:${join(tmpDir(), 's.duckdb')}`);
  try {
    await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    const w = { fromUs: Date.UTC(2022, 7, 18, 3) * 1000, toUs: Date.UTC(2022, 7, 18, 5) * 1000 };
    const one = await analyzeWindow(store, w);
    const allEvents = (await store.queryEvents({})).length;
    assert.ok(allEvents > 50);
    const many = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0 ? store.listSources({}) : i % 3 === 1 ? store.queryEvents({}) : analyzeWindow(store, w),
      ),
    );
    for (const [i, r] of many.entries()) {
      if (i % 3 === 0) assert.equal((r as unknown[]).length, 17);
      else if (i % 3 === 1) assert.equal((r as unknown[]).length, allEvents);
      else
        assert.deepEqual(
          (r as typeof one).outages.map((o) => [o.node, o.startUs]),
          one.outages.map((o) => [o.node, o.startUs]),
        );
    }
  } finally {
    await store.close();
  }
});

test('a store from an older schema is migrated on open: every event kept, none doubled', async () => {
  const { file, store } = await seededStore('old.duckdb');
  const before = (await store.queryEvents({})).map((e) => `${e.source}#${e.line}#${e.kind}`);
  // Make it look like schema 1: every event in `events`, no `key_events`.
  await rewindSchema(store, 1, [
    'INSERT INTO events SELECT * EXCLUDE (is_repeat) FROM key_events UNION ALL SELECT * EXCLUDE (is_repeat) FROM key_repeats',
    'DROP TABLE key_events',
    'DROP TABLE key_repeats',
  ]);
  const reopened = await openStore(`duckdb:${file}`);
  try {
    const after = (await reopened.queryEvents({})).map((e) => `${e.source}#${e.line}#${e.kind}`);
    assert.deepEqual(after, before);
    assert.equal((await reopened.queryEvents({ kinds: ['peer.link_down'] })).length, 12);
  } finally {
    await reopened.close();
  }
});

test('a store of schema 5 (repeats marked among the key events) moves its repeats apart on open: the same events, the same answers', async () => {
  const { file, store } = await seededStore('v5.duckdb');
  const all = async (s: EventStore) => (await s.queryEvents({})).map((e) => `${e.tsUs} ${e.source}#${e.line}#${e.kind}`);
  const fresh = async (s: EventStore) =>
    (await s.queryEvents({ kinds: DERIVATION_KINDS, dropRepeats: true })).map((e) => `${e.tsUs} ${e.source}#${e.line}#${e.kind}`);
  const [allBefore, freshBefore] = [await all(store), await fresh(store)];
  const repeats = await countOf(store, 'SELECT count(*) FROM key_repeats');
  assert.ok(repeats > 0, 'the seed bundle has repeated link failures');
  // What schema 5 kept: the repeats marked in key_events, no key_repeats table.
  await rewindSchema(store, 5, ['INSERT INTO key_events SELECT * FROM key_repeats', 'DROP TABLE key_repeats']);
  const reopened = await openStore(`duckdb:${file}`);
  try {
    assert.equal(await countOf(reopened, 'SELECT count(*) FROM key_repeats'), repeats);
    assert.equal(await countOf(reopened, 'SELECT count(*) FROM key_events WHERE is_repeat'), 0);
    assert.deepEqual(await all(reopened), allBefore);
    assert.deepEqual(await fresh(reopened), freshBefore);
  } finally {
    await reopened.close();
  }
});

test('a store written by a newer build is refused, and left as it was', async () => {
  const { file, store } = await seededStore('newer.duckdb');
  await rewindSchema(store, 99, []);
  await assert.rejects(
    openStore(`duckdb:${file}`),
    (e: Error) => e instanceof StoreConfigError && /schema 99, written by a newer zbs-timeline/.test(e.message),
  );
  await assert.rejects(openStore(`duckdb:${file}`), StoreConfigError, 'refused again: the first refusal did not rewrite the version');
});

test('a store from before the catalog (schema 3) hands its sources, checkpoints and zones to the catalog on open', async () => {
  const dir = tmpDir();
  const { file, store } = await seededStore('v3.duckdb', dir);
  const before = (await store.queryEvents({})).map((e) => `${e.tsUs} ${e.source}#${e.line}#${e.kind}`);
  const sources = await store.listSources({});
  const checkpoints = await store.loadCheckpoints();
  // Rebuild what schema 3 kept in DuckDB itself: sources, clusters, stored instance starts.
  const conn = duckConn(store);
  await conn.run(`CREATE TABLE sources (source VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, cluster VARCHAR NOT NULL, node VARCHAR NOT NULL, service VARCHAR NOT NULL, pid BIGINT,
    aliases VARCHAR NOT NULL, format VARCHAR NOT NULL, year_source VARCHAR, name_start_ts TIMESTAMP, first_ts TIMESTAMP, last_ts TIMESTAMP, first_line BIGINT, last_line BIGINT,
    end_kind VARCHAR NOT NULL, lines BIGINT NOT NULL, records BIGINT NOT NULL, bytes BIGINT NOT NULL, fingerprint VARCHAR NOT NULL, size BIGINT NOT NULL, resume_offset BIGINT NOT NULL,
    resume_line BIGINT NOT NULL, state VARCHAR NOT NULL, reserved VARCHAR, updated_at TIMESTAMP NOT NULL)`);
  await conn.run('CREATE TABLE clusters (name VARCHAR PRIMARY KEY, time_zone VARCHAR)');
  const ts = (us: number | null): string => (us === null ? 'NULL' : `make_timestamp(${us})`);
  for (const s of sources) {
    const cp = checkpoints.get(s.source)!;
    await conn.run(
      `INSERT INTO sources VALUES ($1, 'done', $2, $3, $4, ${s.pid ?? 'NULL'}, $5, $6, ${s.yearSource ? `'${s.yearSource}'` : 'NULL'}, ${ts(s.nameStartUs)}, ${ts(s.firstTsUs)}, ${ts(s.lastTsUs)},
        ${s.firstLine ?? 'NULL'}, ${s.lastLine ?? 'NULL'}, $7, ${s.lines}, ${s.records}, ${s.bytes}, $8, ${cp.size}, ${cp.offset}, ${cp.line}, $9, NULL, now())`,
      [s.source, s.cluster, s.node, s.service, JSON.stringify(s.aliases), s.format, s.endKind, cp.fingerprint, cp.state],
    );
  }
  await conn.run(`INSERT INTO clusters VALUES ('1dacc7b3-11ec-4afd-93c0-062544dc4e10', 'Asia/Shanghai')`);
  await rewindSchema(store, 3, [
    'INSERT INTO key_events SELECT * FROM key_repeats', // schema 6 moved them
    'DROP TABLE key_repeats',
    'ALTER TABLE key_events DROP COLUMN is_repeat', // schema 5 added it
    `INSERT INTO key_events SELECT ts, cluster, node, service, pid, 'process.start', 'I', source, line, 'old stored start', NULL, '{"via":"new_file"}' FROM key_events WHERE kind = 'peer.link_down' LIMIT 3`,
  ]);
  rmSync(join(dir, 'v3.catalog.db')); // schema 3 had no catalog

  const reopened = await openStore(`duckdb:${file}`);
  try {
    assert.deepEqual(
      (await reopened.listSources({})).map((s) => s.source),
      sources.map((s) => s.source),
    );
    assert.deepEqual(await reopened.getClusterTimeZone('1dacc7b3-11ec-4afd-93c0-062544dc4e10'), 'Asia/Shanghai');
    assert.deepEqual(
      (await reopened.queryEvents({})).map((e) => `${e.tsUs} ${e.source}#${e.line}#${e.kind}`),
      before,
      'stored instance starts replaced by derived ones, none doubled',
    );
    const again = await runIngest(reopened, [SEED_BUNDLE]);
    assert.equal(again.files.unchanged, 17, 'checkpoints survived: nothing is read twice');
  } finally {
    await reopened.close();
  }
});

test('any text reads back as written: control characters (the row text separator), unicode, empty and NULL values', async () => {
  const store = await openStore(`duckdb:${join(tmpDir(), 'text.duckdb')}`);
  try {
    const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: null, source: 'f.log' });
    const t0 = Date.UTC(2024, 2, 1) * 1000;
    b.add(t0 + 1000, 1, 'peer.link_down', 'W', 'a\u0001b\u0002c ü 😀', '10.0.0.2:10201', { note: 'x\u0001y' });
    b.add(t0 + 2000, 2, 'meta.leader_is', 'I', '', '', {});
    b.add(t0 + 3000, 3, 'meta.leader_is', 'I', 'no peer', null, { seq: 2 });
    await store.writeBatch({ deletes: [], marks: ['f.log'], sources: [], events: [b.take()] });
    const want = [
      { line: 1, pid: null, message: 'a\u0001b\u0002c ü 😀', peer: '10.0.0.2:10201', fields: { note: 'x\u0001y' } },
      { line: 2, pid: null, message: '', peer: '', fields: {} },
      { line: 3, pid: null, message: 'no peer', peer: null, fields: { seq: 2 } },
    ];
    const pick = (es: TimelineEvent[]) => es.map((e) => ({ line: e.line, pid: e.pid, message: e.message, peer: e.peer, fields: e.fields }));
    // With the separator in a value: read value by value.
    assert.deepEqual(pick(await store.queryEvents({})), want);
    assert.deepEqual(pick(await store.queryEvents({ kinds: ['peer.link_down', 'meta.leader_is'], dropRepeats: true })), want);
    // A range of days is read as two half-range queries; the separator sends it value by value too.
    const day = 86_400_000_000;
    assert.deepEqual(pick(await store.queryEvents({ fromUs: t0 - day, toUs: t0 + day })), want);
    assert.deepEqual(pick(await store.queryEvents({ fromUs: t0 + 1500, toUs: t0 + 2 * day, kinds: ['meta.leader_is'] })), want.slice(1));
    assert.deepEqual(
      pick(await store.queryEvents({ fromUs: t0 + 2500 - day, toUs: t0 + 2500 + day, kinds: ['meta.leader_is'] })),
      want.slice(1),
      'one row in each half',
    );
    // Without it: read as one text.
    assert.deepEqual(pick(await store.queryEvents({ kinds: ['meta.leader_is'] })), want.slice(1));
    assert.deepEqual(pick(await store.queryEvents({ kinds: ['meta.leader_is'], limit: 1 })), want.slice(1, 2));
  } finally {
    await store.close();
  }
});

test('the data version: concurrent askers share one read, and a write is seen by the next ask', async () => {
  const store = await openStore(`duckdb:${join(tmpDir(), 'version.duckdb')}`);
  try {
    const before = await store.dataVersion();
    const [a, b] = [store.dataVersion(), store.dataVersion()];
    assert.equal(a, b, 'one read in flight, shared');
    assert.equal(await a, before);
    const batch = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 1, source: 'v.log' });
    batch.add(Date.UTC(2024, 0, 1) * 1000, 1, 'peer.link_down', 'W', 'down', '10.0.0.2:1', {});
    const inFlight = store.dataVersion();
    await store.writeBatch({ deletes: [], marks: ['v.log'], sources: [], events: [batch.take()] });
    const after = store.dataVersion();
    assert.notEqual(after, inFlight, 'a read begun before the write is not shared after it');
    assert.notEqual(await after, before);
  } finally {
    await store.close();
  }
});

/** Each event as `time source#line#kind`, in store order. */
const eventKeys = (events: TimelineEvent[]): string[] => events.map((e) => `${e.tsUs} ${e.source}#${e.line}#${e.kind}`);

/** A closed store file (and its catalog beside it) holding the seed bundle: how many files it read, and its events. */
async function seedStoreFile(file: string): Promise<{ files: number; events: string[] }> {
  const store = await openStore(`duckdb:${file}`);
  try {
    const report = await runIngest(store, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    return { files: report.files.ingested, events: eventKeys(await store.queryEvents({})) };
  } finally {
    await store.close();
  }
}

test('a store file deleted beside its catalog: the new store reads every file again instead of trusting stale checkpoints', async () => {
  const file = join(tmpDir(), 'gone.duckdb');
  const { files, events } = await seedStoreFile(file);
  rmSync(file); // the user starts over by deleting the store file; its catalog stays
  const second = await openStore(`duckdb:${file}`);
  try {
    assert.equal(second.notices.length, 1);
    assert.match(second.notices[0]!, /remembered 17 file\(s\).*read again/);
    const again = await runIngest(second, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    assert.equal(again.files.ingested, files, 'every file read again, none skipped as unchanged');
    assert.equal(again.notices.length, 1, 'the ingest report says so');
    assert.deepEqual(eventKeys(await second.queryEvents({})), events);
  } finally {
    await second.close();
  }
  const third = await openStore(`duckdb:${file}`);
  try {
    assert.deepEqual(third.notices, [], 'an existing store file: nothing to repair');
  } finally {
    await third.close();
  }
});

test('a catalog deleted beside its store: reading the files again replaces their events instead of doubling them', async () => {
  const dir = tmpDir();
  const { events: before } = await seedStoreFile(join(dir, 'kept.duckdb'));
  rmSync(join(dir, 'kept.catalog.db'));
  const file = join(dir, 'kept.duckdb');
  const second = await openStore(`duckdb:${file}`);
  try {
    assert.equal(second.notices.length, 1);
    assert.match(second.notices[0]!, /holds events of \d+ file\(s\)/);
    const again = await runIngest(second, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
    assert.equal(again.files.unchanged, 0);
    assert.deepEqual(eventKeys(await second.queryEvents({})), before, 'the same events, none doubled');
  } finally {
    await second.close();
  }
});

test('a batch that fails takes the batches handed over behind it down too: none lands or records its file as read', async () => {
  const store = await openStore(`duckdb:${join(tmpDir(), 'fail.duckdb')}`);
  try {
    const t0 = Date.UTC(2024, 2, 1) * 1000;
    const batch = (source: string, line: number) => {
      const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 7, source });
      b.add(t0 + line * 1000, line, 'peer.link_down', 'W', `down ${line}`, '10.0.0.2:10201', {});
      return b.take();
    };
    const done = (source: string): SourceWrite => ({
      status: 'done',
      info: {
        source,
        cluster: 'c',
        node: '10.0.0.1',
        service: 'zbs-chunkd',
        pid: 7,
        aliases: [],
        format: 'glog',
        yearSource: 'header',
        nameStartUs: null,
        firstTsUs: t0,
        lastTsUs: t0,
        firstLine: 1,
        lastLine: 2,
        endKind: 'none',
        lines: 2,
        records: 2,
        bytes: 100,
      },
      checkpoint: { source, fingerprint: 'glog/x', size: 100, offset: 100, line: 3, state: '{}' },
    });
    // A kind code no kind has: appending it throws, as a failing store would.
    const broken = batch('a.log', 1);
    broken.kind[0] = 250;
    // As ingest hands them over: a file spanning the failed batch and the next one.
    const results = await Promise.allSettled([
      store.writeBatch({ deletes: [], marks: ['a.log'], sources: [], events: [broken] }),
      store.writeBatch({ deletes: [], marks: ['b.log'], sources: [done('a.log')], events: [batch('a.log', 2), batch('b.log', 1)] }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.deepEqual(await store.queryEvents({}), [], 'nothing of the batch behind the failed one landed');
    const cps = await store.loadCheckpoints();
    assert.equal(cps.get('a.log')?.status, 'ingesting', 'a.log is not recorded as read: the next run reads it again');
    // A batch handed over once the failure is known is not held back by it.
    await store.writeBatch({ deletes: [], marks: ['c.log'], sources: [done('c.log')], events: [batch('c.log', 1)] });
    assert.deepEqual(
      (await store.queryEvents({ kinds: ['peer.link_down'] })).map((e) => e.source),
      ['c.log'],
    );
    assert.equal((await store.loadCheckpoints()).get('c.log')?.status, 'done');
  } finally {
    await store.close();
  }
});
