import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBatchBuilder } from '../../model/event-batch.js';
import type { EventKind, Level } from '../../model/event.js';
import { EVENT_KINDS } from '../../model/event.js';
import { runsByKindAndLevel } from './duckdb.direct-append.js';

const code = (k: EventKind, l: Level): number => (EVENT_KINDS.indexOf(k) << 2) | ['I', 'W', 'E', 'F'].indexOf(l);

const cases: { name: string; events: [EventKind, Level][]; want: [number, number[]][] }[] = [
  { name: 'empty batch', events: [], want: [] },
  { name: 'one run', events: [['peer.link_down', 'W'], ['peer.link_down', 'W']], want: [[code('peer.link_down', 'W'), [0, 1]]] },
  {
    name: 'interleaved kinds keep their order within each run',
    events: [['peer.link_down', 'W'], ['peer.link_up', 'I'], ['peer.link_down', 'W'], ['peer.link_up', 'I']],
    want: [[code('peer.link_down', 'W'), [0, 2]], [code('peer.link_up', 'I'), [1, 3]]],
  },
  {
    name: 'one kind at two levels is two runs (level is a constant column of a chunk)',
    events: [['process.crash', 'F'], ['process.crash', 'E']],
    want: [[code('process.crash', 'F'), [0]], [code('process.crash', 'E'), [1]]],
  },
];

for (const c of cases) {
  test(`runsByKindAndLevel: ${c.name}`, () => {
    const b = new EventBatchBuilder({ cluster: 'c', node: 'n', service: 's', pid: 1, source: 'f' });
    c.events.forEach(([k, l], i) => b.add(i, i + 1, k, l, 'm', null, {}));
    assert.deepEqual([...runsByKindAndLevel(b.take())], c.want);
  });
}
