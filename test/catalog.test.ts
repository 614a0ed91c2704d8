/** The Prisma catalog on both of its databases: real SQLite files and a real PostgreSQL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openCatalog, catalogConfigFor, type CatalogConfig } from '../src/catalog/catalog-factory.js';
import { loadMigrations } from '../src/catalog/migrator.js';
import type { SourceWrite } from '../src/catalog/catalog.js';
import { tmpDir } from './helpers.js';
import { createTestDatabase } from './pg-helpers.js';

interface Backend {
  name: string;
  make: () => Promise<{ cfg: CatalogConfig; migrations: () => Promise<string[]>; drop: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    make: async () => {
      const file = join(tmpDir(), 'cat.db');
      const migrations = async (): Promise<string[]> => {
        const db = new Database(file, { readonly: true });
        try {
          return (db.prepare('SELECT name FROM _zbs_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
        } finally {
          db.close();
        }
      };
      return { cfg: { kind: 'sqlite', file }, migrations, drop: async () => undefined };
    },
  },
  {
    name: 'postgresql',
    make: async () => {
      const db = await createTestDatabase('catalog');
      const migrations = async (): Promise<string[]> => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        try {
          return (await c.query<{ name: string }>('SELECT name FROM _zbs_migrations ORDER BY name')).rows.map((r) => r.name);
        } finally {
          await c.end();
        }
      };
      return { cfg: { kind: 'postgresql', url: db.url }, migrations, drop: db.drop };
    },
  },
];

function sourceWrite(key: string, over: Partial<SourceWrite['info']> = {}): SourceWrite {
  return {
    status: 'done',
    info: {
      source: key,
      cluster: 'c1',
      node: '10.0.0.1',
      service: 'zbs-chunkd',
      pid: 4242,
      aliases: ['192.168.0.1'],
      format: 'glog',
      yearSource: 'header',
      nameStartUs: null,
      firstTsUs: 1_700_000_000_123_456,
      lastTsUs: 1_700_000_100_654_321,
      firstLine: 4,
      lastLine: 99,
      endKind: 'crash',
      lines: 100,
      records: 97,
      bytes: 12_345,
      nodeFrom: 'layout',
      yearDetail: 'from the glog header',
      events: 31,
      unmatchedLines: 2,
      ...over,
    },
    checkpoint: { source: key, fingerprint: 'glog/abc', size: 12_345, offset: 12_000, line: 99, state: '{"offset":12000}' },
  };
}

for (const b of backends) {
  test(`catalog on ${b.name}: migrations apply on open, once, also when opened concurrently`, async () => {
    const env = await b.make();
    try {
      const cats = await Promise.all([openCatalog(env.cfg), openCatalog(env.cfg)]);
      await Promise.all(cats.map((c) => c.close()));
      const again = await openCatalog(env.cfg);
      await again.close();
      assert.deepEqual(
        await env.migrations(),
        loadMigrations(b.name === 'sqlite' ? 'sqlite' : 'postgresql').map((m) => m.name),
      );
    } finally {
      await env.drop();
    }
  });

  test(`catalog on ${b.name}: the data version moves with every bump, seen at once by another opening of the same catalog`, async () => {
    const env = await b.make();
    const [one, other] = [await openCatalog(env.cfg), await openCatalog(env.cfg)];
    try {
      const v0 = await one.dataVersion();
      assert.equal(await other.dataVersion(), v0);
      await one.bumpDataVersion();
      await one.bumpDataVersion();
      assert.equal(await one.dataVersion(), String(BigInt(v0) + 2n), 'its own bumps');
      assert.equal(await other.dataVersion(), String(BigInt(v0) + 2n), "another connection's bumps");
      await other.bumpDataVersion();
      assert.equal(await one.dataVersion(), String(BigInt(v0) + 3n));
    } finally {
      await Promise.all([one.close(), other.close()]);
      await env.drop();
    }
  });

  test(`catalog on ${b.name}: sources, checkpoints, nodes, zones and runs round-trip exactly`, async () => {
    const env = await b.make();
    const cat = await openCatalog(env.cfg);
    try {
      await cat.markIngesting(['a.log']);
      assert.equal((await cat.loadCheckpoints()).get('a.log')?.status, 'ingesting');
      assert.deepEqual(await cat.listSources({}), [], 'a source being written is not listed');
      await cat.saveSources([
        sourceWrite('a.log'),
        sourceWrite('b.log', { node: '10.0.0.2', aliases: ['n2'], pid: null, firstTsUs: null }),
      ]);
      const cps = await cat.loadCheckpoints();
      assert.deepEqual(cps.get('a.log'), {
        source: 'a.log',
        path: 'a.log',
        status: 'done',
        cluster: 'c1',
        node: '10.0.0.1',
        service: 'zbs-chunkd',
        pid: 4242,
        fingerprint: 'glog/abc',
        size: 12_345,
        offset: 12_000,
        line: 99,
        state: '{"offset":12000}',
      });
      const list = await cat.listSources({ cluster: 'c1' });
      assert.deepEqual(
        list.map((s) => s.source),
        ['a.log', 'b.log'],
        'by first record time, unknown last',
      );
      assert.deepEqual(list[0], sourceWrite('a.log').info, 'microsecond times survive');
      await cat.saveSources([sourceWrite('c.log', { aliases: ['host-1'] })]);
      assert.deepEqual(await cat.listNodes('c1'), [
        { cluster: 'c1', name: '10.0.0.1', aliases: ['192.168.0.1', 'host-1'] },
        { cluster: 'c1', name: '10.0.0.2', aliases: ['n2'] },
      ]);
      await cat.moveSource('a.log', 'a.log.1');
      assert.equal((await cat.loadCheckpoints()).get('a.log')?.path, 'a.log.1');
      assert.equal(await cat.getClusterTimeZone('c1'), null);
      await cat.setClusterTimeZone('c1', 'Asia/Shanghai');
      assert.deepEqual(await cat.listClusters(), [{ name: 'c1', timeZone: 'Asia/Shanghai' }]);
      const id = await cat.startRun({ command: 'ingest', store: 'duckdb:x' });
      await cat.finishRun(id, {
        status: 'ok',
        files: 3,
        bytes: 5_000_000_000,
        records: 7,
        events: 2,
        skipped: 1,
        errors: [{ source: 'x', message: 'bad' }],
      });
      const [run] = await cat.listRuns(1);
      assert.equal(run?.status, 'ok');
      assert.equal(run?.bytes, 5_000_000_000);
      assert.deepEqual(run?.errors, [{ source: 'x', message: 'bad' }]);
    } finally {
      await cat.close();
      await env.drop();
    }
  });
}

test('catalog location: beside the DuckDB file, or DATABASE_URL', () => {
  const cases: { name: string; store: string | null; env?: string; want: CatalogConfig }[] = [
    { name: 'beside the store', store: './data/zbs-timeline.duckdb', want: { kind: 'sqlite', file: './data/zbs-timeline.catalog.db' } },
    { name: 'in-memory store', store: ':memory:', want: { kind: 'sqlite', file: ':memory:' } },
    { name: 'QuestDB store, no DATABASE_URL', store: null, want: { kind: 'sqlite', file: './data/zbs-timeline.catalog.db' } },
    {
      name: 'postgresql URL',
      store: 'x.duckdb',
      env: 'postgresql://u:p@db:5432/zbs',
      want: { kind: 'postgresql', url: 'postgresql://u:p@db:5432/zbs' },
    },
    { name: 'file URL', store: 'x.duckdb', env: 'file:/var/lib/zbs/catalog.db', want: { kind: 'sqlite', file: '/var/lib/zbs/catalog.db' } },
  ];
  for (const c of cases) assert.deepEqual(catalogConfigFor(c.store, c.env ?? ''), c.want, c.name);
  assert.throws(() => catalogConfigFor('x.duckdb', 'mysql://x'), /DATABASE_URL must be postgresql/);
});
