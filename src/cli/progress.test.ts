import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ProgressLine, storeWaitText } from './progress.js';
import type { StoreWait } from '../store/store-unavailable.js';

const away = (waitedMs: number, cause = 'ECONNREFUSED'): StoreWait => ({
  store: 'QuestDB at http://127.0.0.1:9000',
  waitedMs,
  timeoutMs: 60_000,
  cause,
});

const texts: { name: string; wait: StoreWait; want: string }[] = [
  { name: 'just gone', wait: away(300), want: 'QuestDB at http://127.0.0.1:9000 unreachable (ECONNREFUSED), retrying (0 s of 60 s)…' },
  {
    name: 'seconds are whole, counted down to the limit',
    wait: away(12_900, 'HTTP 503'),
    want: 'QuestDB at http://127.0.0.1:9000 unreachable (HTTP 503), retrying (12 s of 60 s)…',
  },
];
for (const c of texts) test(`storeWaitText: ${c.name}`, () => assert.equal(storeWaitText(c.wait), c.want));

/** stderr as a pipe or a terminal: what the progress line wrote. */
function sink(isTTY: boolean): { out: NodeJS.WriteStream; written: () => string } {
  let text = '';
  const w = new Writable({ write: (chunk: Buffer, _e, cb) => ((text += chunk.toString()), cb()) });
  return { out: Object.assign(w, { isTTY }) as unknown as NodeJS.WriteStream, written: () => text };
}

const runs: { name: string; isTTY: boolean; want: RegExp[]; not?: RegExp }[] = [
  {
    name: 'not a terminal: one line when the wait starts and one when it ends, none per second',
    isTTY: false,
    want: [
      /^zbs-timeline: QuestDB at http:\/\/127\.0\.0\.1:9000 unreachable \(ECONNREFUSED\); retrying for up to 60 s \(--store-timeout\)\nzbs-timeline: QuestDB at http:\/\/127\.0\.0\.1:9000 reachable again; going on\n$/,
    ],
  },
  {
    name: 'a terminal: the wait replaces the counts, which come back after it',
    isTTY: true,
    want: [/retrying \(1 s of 60 s\)…/, /retrying \(2 s of 60 s\)…/, /3\/4 files[^\r]*$/],
    not: /\n/,
  },
];
for (const c of runs) {
  test(`ProgressLine.storeWait: ${c.name}`, () => {
    const s = sink(c.isTTY);
    const p = new ProgressLine(s.out);
    p.update(3, 4, '3/4 files');
    p.storeWait(away(1_000));
    p.storeWait(away(2_000));
    p.storeWait(null);
    for (const re of c.want) assert.match(s.written(), re);
    if (c.not) assert.doesNotMatch(s.written(), c.not);
  });
}
