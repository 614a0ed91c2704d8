import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBatchBuilder } from '../../model/event-batch.js';
import type { EventFields, EventKind, Level } from '../../model/event.js';
import { EVENT_KINDS } from '../../model/event.js';
import { runsByKindAndLevel } from './duckdb.direct-append.js';

const code = (k: EventKind, l: Level): number => (EVENT_KINDS.indexOf(k) << 2) | ['I', 'W', 'E', 'F'].indexOf(l);

const cases: { name: string; events: [EventKind, Level][]; want: [number, number[]][] }[] = [
  { name: 'empty batch', events: [], want: [] },
  {
    name: 'one run',
    events: [
      ['peer.link_down', 'W'],
      ['peer.link_down', 'W'],
    ],
    want: [[code('peer.link_down', 'W'), [0, 1]]],
  },
  {
    name: 'interleaved kinds keep their order within each run',
    events: [
      ['peer.link_down', 'W'],
      ['peer.link_up', 'I'],
      ['peer.link_down', 'W'],
      ['peer.link_up', 'I'],
    ],
    want: [
      [code('peer.link_down', 'W'), [0, 2]],
      [code('peer.link_up', 'I'), [1, 3]],
    ],
  },
  {
    name: 'one kind at two levels is two runs (level is a constant column of a chunk)',
    events: [
      ['process.crash', 'F'],
      ['process.crash', 'E'],
    ],
    want: [
      [code('process.crash', 'F'), [0]],
      [code('process.crash', 'E'), [1]],
    ],
  },
];

for (const c of cases) {
  test(`runsByKindAndLevel: ${c.name}`, () => {
    const b = new EventBatchBuilder({ cluster: 'c', node: 'n', service: 's', pid: 1, source: 'f' });
    c.events.forEach(([k, l], i) => b.add(i, i + 1, k, l, 'm', null, {}));
    assert.deepEqual([...runsByKindAndLevel(b.take())], c.want);
  });
}

/*
 * The text columns are written as raw `duckdb_string_t`s pointing into one copy of each
 * chunk's span of the batch text: every length class (inline up to 12 bytes, pointer
 * beyond), multi-byte UTF-8, NULL peers, kinds interleaved (spans that hold other rows'
 * values) and runs longer than one chunk must read back exactly as they went in.
 */
const TEXTS = [
  '',
  'a',
  'abcd',
  'abcdefghijkl',
  'abcdefghijklm',
  'é'.repeat(6),
  'é'.repeat(7),
  '日本語のログ行',
  '🙂 emoji after twelve bytes',
  'x'.repeat(300),
  'Fail to ping 10.0.0.2:10201, times: 3',
];

for (const texts of ['raw', 'plain'] as const) {
  test(`appendDirect (${texts}): every text value reads back exactly, across chunks, kinds and length classes`, async () => {
    const duckdb = await import('./duckdb-api.js');
    const { SCHEMA_SQL } = await import('./duckdb.schema.js');
    const { appendDirect } = await import('./duckdb.direct-append.js');
    const instance = await duckdb.DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(SCHEMA_SQL);
      const kinds: [EventKind, Level][] = [
        ['peer.link_down', 'W'],
        ['chunk.status_change', 'I'],
        ['peer.link_up', 'I'],
      ];
      const want: string[] = [];
      const batches = [0, 1].map((bi) => {
        const b = new EventBatchBuilder({ cluster: 'c', node: 'n', service: 's', pid: 7, source: `f${bi}` });
        // 5 000 events: the link_down run spans three chunks of 2 048 rows.
        for (let i = 0; i < 5000; i++) {
          const [k, l] = i % 5 === 4 ? kinds[1 + (i % 2)]! : kinds[0]!;
          const message = TEXTS[(i + bi) % TEXTS.length]!;
          const peer = i % 3 === 0 ? null : TEXTS[(i * 7) % TEXTS.length]!;
          const fields: EventFields = i % 4 === 0 ? {} : { note: TEXTS[(i * 5) % TEXTS.length]!, times: i };
          b.add(1_000_000 + i, i + 1, k, l, message, peer, fields);
          want.push(JSON.stringify([`f${bi}`, i + 1, k, message, peer, JSON.stringify(fields)]));
        }
        return b.take();
      });
      await appendDirect(conn, batches, texts);
      const r = await conn.runAndReadAll(
        `SELECT source, line, kind, message, peer, fields FROM (SELECT * FROM events UNION ALL SELECT * EXCLUDE (is_repeat) FROM key_events UNION ALL SELECT * EXCLUDE (is_repeat) FROM key_repeats) ORDER BY source, line`,
      );
      const got = r.getRowsJS().map((row) => JSON.stringify([row[0], Number(row[1]), row[2], row[3], row[4], row[5]]));
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) assert.equal(got[i], want[i], `row ${i}`);
      // Repeats are apart from the key events that are none, each marked as what it is.
      const marks = (
        await conn.runAndReadAll(
          `SELECT (SELECT count(*) FILTER (is_repeat) FROM key_events), (SELECT count(*) FILTER (NOT is_repeat) FROM key_repeats), (SELECT count(*) FROM key_repeats), (SELECT count(*) FROM key_events)`,
        )
      )
        .getRowsJS()[0]!
        .map(Number);
      assert.deepEqual(marks.slice(0, 2), [0, 0]);
      assert.ok(marks[2]! > 0 && marks[3]! > 0, `repeats ${marks[2]}, others ${marks[3]}`);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
}
