import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents, type AnswerName } from './timeline-analysis.js';
import type { TimelineEvent } from '../model/event.js';

const T0 = Date.UTC(2022, 7, 18, 4, 0, 0) * 1000;
const link = (kind: 'peer.link_down' | 'peer.link_up', observer: string, target: string, sec: number, line: number): TimelineEvent => ({
  tsUs: T0 + sec * 1e6,
  cluster: 'c',
  node: observer,
  service: 'zbs-chunkd',
  pid: 1,
  kind,
  level: 'W',
  source: `${observer}.log`,
  line,
  message: kind,
  peer: `${target}:10201`,
  fields: {},
});
// Three peers lose x for 60 s: one outage of x.
const events = ['a', 'b', 'c'].flatMap((o, i) => [
  link('peer.link_down', o, 'x', 0, 2 * i + 1),
  link('peer.link_up', o, 'x', 60, 2 * i + 2),
]);
const window = { fromUs: T0 - 3_600_000_000, toUs: T0 + 3_600_000_000 };

/** How many turns of the event loop other work got while `inTurns` ran. */
async function turnsDuring(run: () => Promise<void>): Promise<number> {
  let turns = 0;
  let on = true;
  const tick = (): void => void (on && (turns++, setImmediate(tick)));
  setImmediate(tick);
  await run();
  on = false;
  return turns;
}

const cases: { answer: AnswerName; minTurns: number }[] = [
  { answer: 'incidents', minTurns: 3 },
  { answer: 'outages', minTurns: 2 },
  { answer: 'links', minTurns: 1 },
];

test('inTurns: other work runs between the steps, and the answers are those derived at once', async () => {
  for (const c of cases) {
    const a = analyzeEvents(events, [], window);
    assert.ok((await turnsDuring(() => a.inTurns(c.answer))) >= c.minTurns, `${c.answer}: turns between steps`);
    assert.deepEqual(a[c.answer], analyzeEvents(events, [], window)[c.answer], c.answer);
    assert.equal(await turnsDuring(() => a.inTurns(c.answer)), 0, `${c.answer}: derived once`);
  }
  assert.equal(analyzeEvents(events, [], window).outages.length, 1, 'the case has an outage to derive');
});
