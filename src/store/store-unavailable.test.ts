import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreRetry, StoreUnavailableError, type StoreWait } from './store-unavailable.js';

/** An operation that fails as listed (a reason: the store is away; an Error: it refused), then succeeds. */
function script(failures: (string | Error)[]): { attempt: (ms: number) => Promise<string>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    attempt: async (ms) => {
      calls.push(ms);
      const f = failures[calls.length - 1];
      if (f instanceof Error) throw f;
      if (f !== undefined) throw new StoreUnavailableError(`store away: ${f}`, f);
      return 'ok';
    },
  };
}

const TIMEOUT_MS = 600;
const cases: {
  name: string;
  failures: (string | Error)[];
  want: 'ok' | RegExp;
  attempts: number | 'several';
  waits: 'none' | 'then-recovered' | 'until-given-up';
}[] = [
  { name: 'answers at once: no wait', failures: [], want: 'ok', attempts: 1, waits: 'none' },
  {
    name: 'away twice, then back: retried, and the wait ends',
    failures: ['ECONNREFUSED', 'ECONNREFUSED'],
    want: 'ok',
    attempts: 3,
    waits: 'then-recovered',
  },
  {
    name: 'away for good: gives up after the timeout, naming each failure once',
    failures: Array(100).fill('ECONNRESET').fill('ECONNREFUSED', 1),
    want: /^QuestDB unreachable for 0\.6 s \(ECONNRESET, then ECONNREFUSED\), gave up \(--store-timeout 0\.6\)$/,
    attempts: 'several',
    waits: 'until-given-up',
  },
  {
    name: 'invalid: a refused statement is not retried',
    failures: [new Error('syntax error')],
    want: /^syntax error$/,
    attempts: 1,
    waits: 'none',
  },
];

for (const c of cases) {
  test(`StoreRetry: ${c.name}`, async () => {
    const waits: (StoreWait | null)[] = [];
    const retry = new StoreRetry('QuestDB', { timeoutMs: TIMEOUT_MS, onWait: (w) => waits.push(w) });
    const op = script(c.failures);
    const t0 = Date.now();
    const got = await retry.run(op.attempt).catch((e: Error) => e);
    const took = Date.now() - t0;
    if (c.want === 'ok') assert.equal(got, 'ok');
    else assert.match((got as Error).message, c.want);
    if (c.attempts === 'several') assert.ok(op.calls.length >= 3, `attempts: ${op.calls.length}`);
    else assert.equal(op.calls.length, c.attempts);
    // Each attempt may take no longer than what is left of the outage's allowance.
    for (const ms of op.calls) assert.ok(ms > 0 && ms <= TIMEOUT_MS, `attempt timeout ${ms}`);
    if (c.waits === 'none') assert.deepEqual(waits, []);
    if (c.waits === 'then-recovered')
      assert.ok(waits.length >= 2 && waits.at(-1) === null && waits[0]?.cause === 'ECONNREFUSED', JSON.stringify(waits));
    if (c.waits === 'until-given-up') {
      assert.ok(took >= TIMEOUT_MS && took < TIMEOUT_MS + 400, `gave up after ${took} ms`);
      assert.ok(
        waits.every((w) => w !== null && w.waitedMs <= TIMEOUT_MS && w.timeoutMs === TIMEOUT_MS),
        JSON.stringify(waits),
      );
      assert.ok(got instanceof StoreUnavailableError);
    }
  });
}

test('StoreRetry: once given up, later operations fail at once without being tried', async () => {
  const retry = new StoreRetry('QuestDB', { timeoutMs: 200 });
  const first = await retry.run(script(Array(100).fill('ECONNREFUSED')).attempt).catch((e: Error) => e);
  const later = script([]);
  const t0 = Date.now();
  const again = await retry.run(later.attempt).catch((e: Error) => e);
  assert.equal(again, first);
  assert.equal(later.calls.length, 0);
  assert.ok(Date.now() - t0 < 50);
});

test('StoreRetry: the outage clock restarts after the store answered again', async () => {
  const retry = new StoreRetry('QuestDB', { timeoutMs: 500 });
  // Two outages of ~300 ms each, with a success between: neither reaches the 500 ms limit.
  for (let i = 0; i < 2; i++) {
    const until = Date.now() + 300;
    const r = await retry.run(async () => {
      if (Date.now() < until) throw new StoreUnavailableError('away', 'ECONNREFUSED');
      return i;
    });
    assert.equal(r, i);
  }
});
