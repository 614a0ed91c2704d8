import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEvent } from './event.js';
import { batchToEvents, eventsToBatches, sliceBatch } from './event-batch.js';

const ev = (line: number, message: string, peer: string | null, fields: TimelineEvent['fields'] = {}): TimelineEvent => ({
  tsUs: 1_660_000_000_000_000 + line,
  cluster: 'c',
  node: '172.17.57.24',
  service: 'zbs-chunkd',
  pid: 7,
  kind: 'peer.link_down',
  level: 'W',
  source: 'a/zbs-chunkd.log',
  line,
  message,
  peer,
  fields,
});

// Packed text must give back exactly what went in, whatever the characters.
const cases: { name: string; events: TimelineEvent[] }[] = [
  { name: 'plain ASCII', events: [ev(1, 'Fail to ping : 172.17.57.27:10201', '172.17.57.27:10201', { times: 1 })] },
  { name: 'no peer, empty message', events: [ev(1, '', null)] },
  { name: 'multi-byte and astral characters', events: [ev(1, 'héllo — 日本 🚀', 'ü:1', { s: 'ß' })] },
  { name: 'replacement character from invalid UTF-8', events: [ev(1, 'bad \ufffd byte', null)] },
  { name: 'multi-line record', events: [ev(1, 'x\nTraceback:\n[EShutDown]:', null)] },
  { name: 'several events, peers present and absent', events: [ev(1, 'a', 'p1'), ev(2, 'bb', null), ev(3, 'ccc', 'p3', { n: 3 })] },
];

for (const c of cases) {
  test(`event batch round trip: ${c.name}`, () => {
    const [b] = eventsToBatches(c.events);
    assert.deepEqual(batchToEvents(b!), c.events);
  });
}

test('sliceBatch: every split point keeps every row intact', () => {
  const events = Array.from({ length: 7 }, (_, i) => ev(i + 1, `message ${i} ${'é'.repeat(i)}`, i % 3 ? `p${i}` : null, { i }));
  const [b] = eventsToBatches(events);
  for (let from = 0; from <= 7; from++) {
    for (let to = from; to <= 7; to++) assert.deepEqual(batchToEvents(sliceBatch(b!, from, to)), events.slice(from, to), `${from}..${to}`);
  }
});

test('a batch grows past its initial capacity and text size', () => {
  const events = Array.from({ length: 40 }, (_, i) => ev(i + 1, 'x'.repeat(i * 50), null));
  const [b] = eventsToBatches(events);
  assert.deepEqual(batchToEvents(b!), events);
});
