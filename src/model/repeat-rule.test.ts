import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsToBatches } from './event-batch.js';
import { caseEvents, REPEAT_CASES } from './repeat-rule.cases.js';
import { markRepeats } from './repeat-rule.js';

for (const c of REPEAT_CASES) {
  test(`repeat rule, reference: ${c.name}`, () => {
    assert.deepEqual(markRepeats(caseEvents(c)).map(Number), c.want);
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
