import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsToBatches } from './event-batch.js';
import { caseEvents, REPEAT_CASES } from './repeat-rule.cases.js';
import { dropRepeats, markRepeats, markRepeatsInOrder, readSeesWholePartitions, REPEAT_BUCKET_US } from './repeat-rule.js';
import { compareEvents } from './event-order.js';
import type { EventFields, EventKind, TimelineEvent } from './event.js';

for (const c of REPEAT_CASES) {
  test(`repeat rule, reference: ${c.name}`, () => {
    assert.deepEqual(markRepeats(caseEvents(c)).map(Number), c.want);
    const events = caseEvents(c);
    assert.deepEqual(
      dropRepeats(events),
      events.filter((_, i) => !c.want[i]),
    );
    // The one-pass version: the same marks, or null where a partition is out of order.
    const inOrder = markRepeatsInOrder(events);
    if (inOrder) assert.deepEqual([...inOrder], c.want);
    const sorted = [...events].sort(compareEvents);
    assert.deepEqual([...markRepeatsInOrder(sorted)!], markRepeats(sorted).map(Number));
  });

  // Ingest's marks, over a batch's columns: one batch per source, as ingest writes them.
  test(`repeat rule, column marks: ${c.name}`, () => {
    const events = caseEvents(c);
    const marks = new Map<string, number>();
    for (const b of eventsToBatches(events)) for (let i = 0; i < b.count; i++) marks.set(`${b.source}:${b.line[i]}`, b.repeat[i]!);
    assert.deepEqual(
      events.map((e) => marks.get(`${e.source}:${e.line}`)),
      c.want,
    );
  });
}

test('readSeesWholePartitions: a read holds each rule family whole or not at all, table', () => {
  const cases: { kinds: string[] | undefined; want: boolean }[] = [
    { kinds: undefined, want: true },
    { kinds: [], want: true },
    { kinds: ['peer.link_down', 'peer.link_up'], want: true },
    { kinds: ['peer.link_down'], want: false },
    { kinds: ['meta.leader_is', 'meta.leader_self', 'process.crash'], want: true },
    { kinds: ['meta.leader_self', 'peer.link_up', 'peer.link_down'], want: false },
    { kinds: ['process.crash'], want: true },
  ];
  for (const c of cases) assert.equal(readSeesWholePartitions(c.kinds), c.want, JSON.stringify(c.kinds));
});

/** Random reads: few sources, peers, ports, hours and field texts, so that every branch of the rule is hit. */
function randomEvents(n: number, seed: number): TimelineEvent[] {
  let x = seed;
  const rnd = (k: number): number => ((x = (x * 1103515245 + 12345) % 2147483648), x % k);
  const kinds: EventKind[] = ['peer.link_down', 'peer.link_up', 'meta.leader_is', 'meta.leader_self', 'process.crash'];
  return Array.from({ length: n }, () => ({
    tsUs: 1000 * REPEAT_BUCKET_US + rnd(4) * (REPEAT_BUCKET_US / 2) + rnd(3),
    cluster: 'c',
    node: 'n',
    service: 's',
    pid: null,
    kind: kinds[rnd(kinds.length)]!,
    level: 'I',
    source: `s${rnd(3)}.log`,
    line: rnd(5), // same lines in one source: ties in time and line keep their input order
    message: '',
    peer: rnd(6) === 0 ? null : rnd(5) === 0 ? '' : `10.0.0.${rnd(2)}:${rnd(2) ? 1 : 2}`,
    fields: (rnd(2) ? {} : { seq: rnd(2) }) as EventFields,
  }));
}

test('markRepeatsInOrder gives the reference marks on sorted reads, and null or the same marks otherwise', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const events = randomEvents(40, seed);
    const sorted = [...events].sort(compareEvents);
    assert.deepEqual([...markRepeatsInOrder(sorted)!], markRepeats(sorted).map(Number), `seed ${seed}, sorted`);
    const any = markRepeatsInOrder(events);
    if (any) assert.deepEqual([...any], markRepeats(events).map(Number), `seed ${seed}, as generated`);
    assert.deepEqual(
      dropRepeats(events),
      events.filter((_, i) => !markRepeats(events)[i]),
      `seed ${seed}, dropRepeats`,
    );
  }
});
