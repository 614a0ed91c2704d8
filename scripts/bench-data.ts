/**
 * The benchmark store shared by bench:query and bench:load: N events over 7 days in an
 * embedded store (a realistic mix: mostly background kinds; link failure episodes with
 * repeats; restarts; elections), generated once into bench-data/ and reused.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/store-factory.js';
import type { SourceWrite } from '../src/catalog/catalog.js';
import { KEY_EVENT_KINDS } from '../src/model/event.js';
import { MARK_REPEATS_SQL, MOVE_REPEATS_SQL } from '../src/store/duckdb/duckdb.schema.js';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const BENCH_DIR = join(ROOT, 'bench-data');
export const DAYS = 7;
export const T0 = Date.UTC(2022, 7, 15) * 1000;
export const SPAN = DAYS * 86_400_000_000;
export const NODES = 8;

/** The embedded bench store of `n` events (generated if it is not there yet): its file. */
export async function benchStoreFile(n: number): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `query-store-${n}.duckdb`);
  if (!existsSync(file)) await generate(file, n);
  return file;
}

async function generate(file: string, N: number): Promise<void> {
  const store = await openStore(`duckdb:${file}`);
  const conn = (store as unknown as { table: { conn: { run(sql: string): Promise<unknown> } } }).table.conn;
  const t = performance.now();
  await conn.run(`SET memory_limit = '2GB'`); // generating 10^7 rows needs more than ingest's write budget
  const node = (x: string): string => `'10.0.0.' || ((${x}) % ${NODES} + 1)`;
  // Every event is one row of range(N), spread evenly over 7 days. Per 1000 rows: an
  // episode of 8 repeated link failures and a recovery, one ZooKeeper session change,
  // one meta leader report; the rest are chunk status changes (kinds no answer reads).
  await conn.run(`
    INSERT INTO events
    SELECT make_timestamp(${T0} + i * ${Math.floor(SPAN / N)}), 'bench', ${node('i // 1000')}, 'zbs-chunkd', 100 + (i // 1000) % ${NODES},
      CASE WHEN i % 1000 < 8 THEN 'peer.link_down' WHEN i % 1000 = 8 THEN 'peer.link_up' WHEN i % 1000 = 9 THEN 'zk.client.session_state'
           WHEN i % 1000 = 10 THEN 'meta.leader_is' ELSE 'chunk.status_change' END,
      CASE WHEN i % 1000 < 8 THEN 'W' ELSE 'I' END,
      'bench/' || ${node('i // 1000')} || '/zbs-chunkd.log', i, 'generated event ' || i,
      CASE WHEN i % 1000 < 9 THEN ${node('i // 1000 + 1 + (i // 8000) % 7')} || ':10201' WHEN i % 1000 = 10 THEN '10.0.0.1:10100' ELSE NULL END,
      CASE WHEN i % 1000 < 8 THEN '{"times":' || (i % 1000 + 1) || '}' WHEN i % 1000 = 10 THEN '{"seq":1}' ELSE '{}' END
    FROM range(${N}) t(i)`);
  // Restarts: 20 per node of zbs-metad, as files (sources) with stop and start events.
  await store.writeBatch({ deletes: [], marks: [], sources: benchSources(), events: [] });
  await conn.run(`
    INSERT INTO events
    SELECT make_timestamp(${T0} + (k + 1) * ${Math.floor(SPAN / 20)}), 'bench', n, 'zbs-metad', 1000 + k, 'process.stop', 'I', 'bench/' || n || '/zbs-metad.' || k, 100, 'received signal 15, shutting down', NULL, '{"signal":15}'
    FROM (SELECT '10.0.0.' || (x + 1) AS n FROM range(${NODES}) a(x)), range(19) b(k)`);
  // What ingest does as it writes: the answers' kinds live in their own table.
  const keyKinds = KEY_EVENT_KINDS.map((k) => `'${k}'`).join(', ');
  await conn.run(`INSERT INTO key_events BY NAME SELECT * FROM events WHERE kind IN (${keyKinds})`);
  await conn.run(`DELETE FROM events WHERE kind IN (${keyKinds})`);
  await conn.run(MARK_REPEATS_SQL); // what ingest marks (and keeps apart) as it writes
  await conn.run(MOVE_REPEATS_SQL);
  await store.setClusterTimeZone('bench', 'UTC');
  console.error(`generated ${N} events in ${((performance.now() - t) / 1000).toFixed(1)} s → ${file}`);
  await store.close();
}

/** Restarts: 20 per node of zbs-metad, as files (sources) with stop and start events. */
export function benchSources(): SourceWrite[] {
  const slice = Math.floor(SPAN / 20);
  const files: SourceWrite[] = [];
  for (let x = 0; x < NODES; x++) {
    for (let k = 0; k < 20; k++) {
      const source = `bench/10.0.0.${x + 1}/zbs-metad.${k}`;
      files.push({
        status: 'done',
        info: {
          source,
          cluster: 'bench',
          node: `10.0.0.${x + 1}`,
          service: 'zbs-metad',
          pid: 1000 + k,
          aliases: [],
          format: 'glog',
          yearSource: 'header',
          nameStartUs: null,
          firstTsUs: T0 + k * slice + 30_000_000,
          lastTsUs: T0 + (k + 1) * slice,
          firstLine: 4,
          lastLine: 100,
          endKind: k < 19 ? 'stop' : 'none',
          lines: 100,
          records: 90,
          bytes: 10000,
        },
        checkpoint: { source, fingerprint: '', size: 0, offset: 0, line: 1, state: '{}' },
      });
    }
  }
  return files;
}
