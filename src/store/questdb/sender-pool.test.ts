import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchToEvents, EventBatchBuilder, type EventBatch } from '../../model/event-batch.js';
import { splitEvenly } from './sender-pool.js';

function batch(source: string, n: number): EventBatch {
  const b = new EventBatchBuilder({ cluster: 'c', node: 'n', service: 's', pid: 1, source });
  for (let i = 0; i < n; i++) b.add(i, i + 1, 'peer.link_down', 'W', `m${i}`, i % 2 ? null : `p${i}`, { i });
  return b.take();
}

/** Every row of a shard, with every column, so a slice that shifts or loses text shows. */
const rows = (shard: EventBatch[]): string[] =>
  shard.flatMap((b) => batchToEvents(b).map((e) => `${e.source}:${e.line}:${e.tsUs}:${e.message}:${e.peer}:${JSON.stringify(e.fields)}`));

const cases: { name: string; sizes: number[]; n: number; want: number[] }[] = [
  { name: 'one big batch over two senders', sizes: [10], n: 2, want: [5, 5] },
  { name: 'uneven batches', sizes: [3, 8, 1], n: 3, want: [4, 4, 4] },
  { name: 'fewer rows than senders', sizes: [1], n: 4, want: [1, 0, 0, 0] },
  { name: 'one sender', sizes: [2, 2], n: 1, want: [4] },
  { name: 'nothing', sizes: [], n: 2, want: [0, 0] },
];

for (const c of cases) {
  test(`splitEvenly: ${c.name}`, () => {
    const input = c.sizes.map((n, i) => batch(`f${i}`, n));
    const shards = splitEvenly(input, c.n);
    assert.deepEqual(
      shards.map((s) => s.reduce((a, b) => a + b.count, 0)),
      c.want,
    );
    // Every row exactly once, in order, with its own columns.
    assert.deepEqual(
      shards.flatMap(rows),
      input.flatMap((b) => rows([b])),
    );
  });
}
