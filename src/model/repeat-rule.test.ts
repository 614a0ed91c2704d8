import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsToBatches } from './event-batch.js';
import { caseEvents, REPEAT_CASES } from './repeat-rule.cases.js';
import { dropRepeats, markRepeats, readSeesWholePartitions } from './repeat-rule.js';

for (const c of REPEAT_CASES) {
  test(`repeat rule, reference: ${c.name}`, () => {
    assert.deepEqual(markRepeats(caseEvents(c)).map(Number), c.want);
    const events = caseEvents(c);
    assert.deepEqual(
      dropRepeats(events),
      events.filter((_, i) => !c.want[i]),
    );
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
