import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkLimiter } from './work-limiter.js';

const tick = () => new Promise((r) => setImmediate(r));

test('work limiter: at most N at once, in order; an aborted waiter leaves the queue', async () => {
  const l = new WorkLimiter(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates: (() => void)[] = [];
  const job = (i: number) => () =>
    new Promise<number>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      gates.push(() => (running--, resolve(i)));
    });
  const gone = new AbortController();
  const ps = [l.run(job(0)), l.run(job(1)), l.run(job(2), gone.signal), l.run(job(3))];
  await tick();
  assert.deepEqual(order, [0, 1]);
  assert.equal(l.waiting, 2);
  gone.abort(new Error('deadline'));
  await assert.rejects(ps[2]!, /deadline/);
  assert.equal(l.waiting, 1);
  while (gates.length) {
    gates.shift()!();
    await tick();
  }
  assert.deepEqual(await Promise.all([ps[0], ps[1], ps[3]]), [0, 1, 3]);
  assert.deepEqual(order, [0, 1, 3], 'the aborted job never ran');
  assert.equal(peak, 2);
});
