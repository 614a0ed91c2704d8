/**
 * One conformance suite for every store: the same fixtures, the same expected answers.
 * Each store's test file calls `storeConformance` with a way to open a fresh, empty store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApollo } from '../src/api/apollo.js';
import { TimelineService } from '../src/api/services/timeline.service.js';
import type { EventStore } from '../src/store/event-store.js';
import { EventBatchBuilder, eventsToBatches } from '../src/model/event-batch.js';
import type { TimelineEvent } from '../src/model/event.js';
import { brief, runIngest, SEED_BUNDLE, tmpDir } from './helpers.js';
import { analyzeEvents, analyzeWindow, DERIVATION_KINDS, readRange } from '../src/derive/timeline-analysis.js';
import { caseEvents, REPEAT_CASES } from '../src/model/repeat-rule.cases.js';
import { compareEvents, keyOf } from '../src/model/event-order.js';
import { BEYOND_UTF16_ORDER, ORDER_CASE_KEYS } from '../src/model/event-order.cases.js';

export type OpenFreshStore = (name: string) => Promise<{ store: EventStore; drop: () => Promise<void> }>;

const TZ = 'Asia/Shanghai';
const W = { from: '2022-08-18T11:00:00+08:00', to: '2022-08-18T13:00:00+08:00' };

async function withFresh<T>(open: OpenFreshStore, name: string, fn: (store: EventStore) => Promise<T>): Promise<T> {
  const { store, drop } = await open(name);
  try {
    return await fn(store);
  } finally {
    await store.close();
    await drop();
  }
}

async function gql(store: EventStore, query: string, variables: Record<string, unknown> = { w: W }): Promise<Record<string, unknown>> {
  const apollo = await createApollo(() => undefined);
  try {
    const res = await apollo.executeOperation({ query, variables }, { contextValue: { timeline: new TimelineService(store) } });
    assert.equal(res.body.kind, 'single');
    const r = (res.body as { singleResult: { data?: Record<string, unknown>; errors?: unknown[] } }).singleResult;
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return JSON.parse(JSON.stringify(r.data)) as Record<string, unknown>; // plain objects, not null-prototype ones
  } finally {
    await apollo.stop();
  }
}

/** What a store does not (yet) do as the model says; each is a known gap, named in the store's test file. */
export interface StoreGaps {
  /** Its SQL compares strings as UTF-16 (QuestDB): pages after a cursor follow that order for characters beyond U+FFFF. */
  utf16Pages?: boolean;
}

/** Every store adapter passes these: the seed's answers, growing files, writes and reads. */
export function storeConformance(label: string, open: OpenFreshStore, gaps: StoreGaps = {}): void {
  seedAnswers(label, open);
  growingFiles(label, open);
  changingFiles(label, open);
  writesAndReads(label, open);
  readsWithoutRepeats(label, open);
  repeatRule(label, open);
  readsBack(label, open);
  readOrder(label, open, gaps);
}

function seedAnswers(label: string, open: OpenFreshStore): void {
  test(`${label}: the seed bundle gives the seed's answers`, async () => {
    await withFresh(open, 'seed', async (store) => {
      const report = await runIngest(store, [SEED_BUNDLE], { tz: TZ });
      assert.equal(report.files.ingested, 17);
      assert.equal(report.events.total, 53);
      const d = await gql(
        store,
        `query($w: TimeWindowInput!) {
          serviceRestarts(window: $w) { node service startedAt cause }
          nodeOutages(window: $w) { node start end kinds }
          incidents(window: $w) { start end scope nodes }
          zkElections(window: $w) { start end leader leaderMyid }
          metaLeaders(window: $w) { leader seq }
          peerLinkHistory(window: { from: "2022-08-18T12:40:00+08:00", to: "2022-08-18T12:50:00+08:00" }, observer: "172.17.57.26") { target intervals { state start end } } }`,
      );
      const restarts = d.serviceRestarts as { node: string; service: string; startedAt: string; cause: string }[];
      assert.deepEqual(
        restarts
          .filter((x) => x.startedAt.startsWith('2022-08-18T04:00'))
          .map((x) => x.node)
          .sort(),
        ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27'],
      );
      assert.deepEqual(
        restarts
          .filter((x) => x.startedAt.startsWith('2022-08-18T04:46'))
          .map((x) => `${x.node} ${x.service}:${x.cause}`)
          .sort(),
        ['172.17.57.24 zbs-metad:CRASH', '172.17.57.24 zookeeper:STOP'],
      );
      const outages = d.nodeOutages as { node: string; start: string; end: string }[];
      assert.deepEqual(
        outages.filter((o) => o.start >= '2022-08-18T04:40').map((o) => [o.node, o.start, o.end]),
        [['172.17.57.24', '2022-08-18T04:45:55.903000Z', '2022-08-18T04:46:20.700000Z']],
      );
      assert.deepEqual(
        (d.incidents as { scope: string; nodes: string[] }[]).map((i) => [i.scope, i.nodes.length]),
        [
          ['CLUSTER_WIDE', 4],
          ['SINGLE_NODE', 1],
        ],
      );
      assert.deepEqual(d.zkElections, [
        { start: '2022-08-18T04:46:00.955000Z', end: '2022-08-18T04:46:09.990000Z', leader: '172.17.57.25', leaderMyid: 4 },
      ]);
      assert.deepEqual(d.metaLeaders, [{ leader: '172.17.57.25', seq: 8 }]);
      const links = d.peerLinkHistory as { target: string; intervals: unknown[] }[];
      assert.deepEqual(
        links.map((l) => l.target),
        ['172.17.57.24', '172.17.57.25', '172.17.57.27'],
      );
      assert.deepEqual(links[0]!.intervals, [
        { state: 'DOWN', start: '2022-08-18T04:46:00.433372Z', end: '2022-08-18T04:47:54.002382Z' },
        { state: 'UP', start: '2022-08-18T04:47:54.002382Z', end: null },
      ]);
    });
  });
}

/** Re-ingests and grown or cut files: the store keeps one copy of each record. */
function growingFiles(label: string, open: OpenFreshStore): void {
  test(`${label}: re-ingesting adds nothing; a grown file adds only its new records`, async () => {
    const bundle = join(tmpDir(), 'bundle');
    cpSync(SEED_BUNDLE, bundle, { recursive: true });
    await withFresh(open, 'regrow', async (store) => {
      await runIngest(store, [bundle], { tz: TZ });
      const before = (await store.queryEvents({})).map(brief);
      const again = await runIngest(store, [bundle]);
      assert.equal(again.files.unchanged, 17);
      assert.deepEqual((await store.queryEvents({})).map(brief), before);
      const file = join(
        bundle,
        '172_17_57_26/192_168_57_26_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-chunkd/zbs-chunkd.log.20220815-184059.24081',
      );
      appendFileSync(
        file,
        'W0818 13:10:00.000001 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.25:10201 ping error times: 1 st:\n',
      );
      const grown = await runIngest(store, [bundle]);
      assert.equal(grown.files.ingested, 1);
      const after = await store.queryEvents({});
      assert.equal(after.length, before.length + 1);
      const keys = after.map((e) => `${e.source}#${e.line}#${e.kind}`);
      assert.equal(new Set(keys).size, keys.length, 'no event twice');
    });
  });

  test(`${label}: a record cut off mid-line is replaced when its file grows, never doubled`, async () => {
    const dir = tmpDir();
    const d = join(dir, '10_0_0_1', 'zbs_logs', 'zbs-chunkd');
    mkdirSync(d, { recursive: true });
    const file = join(d, 'zbs-chunkd.log.20240301-100000.7');
    const head =
      'Log file created at: 2024/03/01 10:00:00\nRunning on machine: n1\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n';
    writeFileSync(
      file,
      head +
        'W0301 10:00:01.000000 7 dcm.cc:240] Fail to ping : 10.0.0.2:10201 ping error times: 1 st:\nW0301 10:00:02.000000 7 dcm.cc:240] Fail to pi',
    );
    await withFresh(open, 'cutoff', async (store) => {
      await runIngest(store, [dir]);
      appendFileSync(
        file,
        'ng : 10.0.0.3:10201 ping error times: 1 st:\nI0301 10:00:09.000000 7 dcm.cc:252] datachannel back to normal : ip : 10.0.0.2 port 10201\n',
      );
      await runIngest(store, [dir]);
      const got = (await store.queryEvents({ kinds: ['peer.link_down', 'peer.link_up'] })).map((e) => `${e.line} ${e.kind} ${e.peer}`);
      assert.deepEqual(got, ['4 peer.link_down 10.0.0.2:10201', '5 peer.link_down 10.0.0.3:10201', '6 peer.link_up 10.0.0.2:10201']);
    });
  });
}

/** Answers over a store that files keep changing, and tail deletions. */
function changingFiles(label: string, open: OpenFreshStore): void {
  test(`${label}: answers stay those of every event as files grow, are re-read and a second bundle arrives`, async () => {
    const head =
      'Log file created at: 2024/03/01 10:00:00\nRunning on machine: n1\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n';
    const fail = (node: string, ss: number, times: number): string =>
      `W0301 10:00:${String(ss).padStart(2, '0')}.000000 7 dcm.cc:240] Fail to ping : ${node}:10201 ping error times: ${times} st:\n`;
    const back = (node: string, ss: number): string =>
      `I0301 10:00:${String(ss).padStart(2, '0')}.000000 7 dcm.cc:252] datachannel back to normal : ip : ${node} port 10201\n`;
    const file = (dir: string, node: string): string => {
      const d = join(dir, node.replace(/\./g, '_'), 'zbs_logs', 'zbs-chunkd');
      mkdirSync(d, { recursive: true });
      return join(d, 'zbs-chunkd.log.20240301-100000.7');
    };
    const one = tmpDir();
    const two = tmpDir();
    const a = file(one, '10.0.0.1');
    // Failures towards .2 (with repeats), then a record cut off mid-line.
    writeFileSync(a, head + fail('10.0.0.2', 1, 1) + fail('10.0.0.2', 2, 2) + fail('10.0.0.2', 3, 3) + fail('10.0.0.3', 4, 1).slice(0, 30));
    const w = { fromUs: Date.UTC(2024, 2, 1, 10) * 1000, toUs: Date.UTC(2024, 2, 1, 11) * 1000 };
    const answers = async (store: EventStore) => {
      const every = analyzeEvents(await store.queryEvents({ ...readRange(w), kinds: DERIVATION_KINDS }), [], w);
      const read = await analyzeWindow(store, w);
      assert.deepEqual(read.links, every.links);
      assert.deepEqual(read.outages, every.outages);
      return read.links.map(
        (l) => `${l.observer}>${l.target} ${l.intervals.map((i) => `${i.state}@${(i.startUs % 60_000_000) / 1e6}`).join(' ')}`,
      );
    };
    await withFresh(open, 'grow', async (store) => {
      await runIngest(store, [one]);
      assert.deepEqual(await answers(store), ['10.0.0.1>10.0.0.2 DOWN@1']);
      appendFileSync(
        a,
        fail('10.0.0.3', 4, 1).slice(30) + fail('10.0.0.2', 5, 4) + back('10.0.0.2', 6) + fail('10.0.0.3', 7, 2) + back('10.0.0.3', 8),
      );
      await runIngest(store, [one]);
      await runIngest(store, [one]); // unchanged: nothing read, nothing changes
      assert.deepEqual(await answers(store), ['10.0.0.1>10.0.0.2 DOWN@1 UP@6', '10.0.0.1>10.0.0.3 DOWN@4 UP@8']);
      // A second bundle: another observer, failing towards .2 from 10:00:09 on.
      writeFileSync(file(two, '10.0.0.4'), head + fail('10.0.0.2', 9, 1) + fail('10.0.0.2', 10, 2));
      await runIngest(store, [two]);
      assert.deepEqual(await answers(store), [
        '10.0.0.1>10.0.0.2 DOWN@1 UP@6',
        '10.0.0.1>10.0.0.3 DOWN@4 UP@8',
        '10.0.0.4>10.0.0.2 DOWN@9',
      ]);
      // A tail re-read that turns a recovery into a failure: the recovery is gone from the answers too.
      const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.5', service: 'zbs-chunkd', pid: 7, source: 'r.log' });
      b.add(w.fromUs + 20e6, 1, 'peer.link_down', 'W', 'down', '10.0.0.2:10201', { times: 1 });
      b.add(w.fromUs + 21e6, 2, 'peer.link_up', 'I', 'up', '10.0.0.2:10201', {});
      await store.writeBatch({ deletes: [], marks: ['r.log'], sources: [], events: [b.take()] });
      const again = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.5', service: 'zbs-chunkd', pid: 7, source: 'r.log' });
      again.add(w.fromUs + 22e6, 2, 'peer.link_down', 'W', 'down', '10.0.0.3:10201', { times: 1 });
      await store.writeBatch({ deletes: [{ source: 'r.log', fromLine: 2 }], marks: [], sources: [], events: [again.take()] });
      await store.settle();
      assert.deepEqual(
        (await answers(store)).filter((l) => l.startsWith('10.0.0.5')),
        ['10.0.0.5>10.0.0.2 DOWN@20', '10.0.0.5>10.0.0.3 DOWN@22'],
      );
    });
  });

  test(`${label}: a tail deletion replaces a source's events from a line on, whatever their kinds`, async () => {
    await withFresh(open, 'tail', async (store) => {
      const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 7, source: 'f.log' });
      const t0 = Date.UTC(2024, 2, 1) * 1000;
      for (let line = 1; line <= 5; line++)
        b.add(t0 + line * 1000, line, 'peer.link_down', 'W', `down ${line}`, '10.0.0.2:10201', { times: line });
      await store.writeBatch({ deletes: [], marks: ['f.log'], sources: [], events: [b.take()] });
      const again = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 7, source: 'f.log' });
      again.add(t0 + 3000, 3, 'peer.link_up', 'I', 'up 3', '10.0.0.2:10201', {});
      again.add(t0 + 4000, 4, 'peer.link_down', 'W', 'down 4 again', '10.0.0.2:10201', { times: 9 });
      await store.writeBatch({ deletes: [{ source: 'f.log', fromLine: 3 }], marks: [], sources: [], events: [again.take()] });
      await store.settle();
      const got = (await store.queryEvents({})).map((e) => `${e.line} ${e.kind} ${e.message} ${JSON.stringify(e.fields)}`);
      assert.deepEqual(got, [
        '1 peer.link_down down 1 {"times":1}',
        '2 peer.link_down down 2 {"times":2}',
        '3 peer.link_up up 3 {}',
        '4 peer.link_down down 4 again {"times":9}',
      ]);
    });
  });
}

/** Batches in call order; answers without repeats. */
function writesAndReads(label: string, open: OpenFreshStore): void {
  test(`${label}: batches handed over without waiting take effect in call order`, async () => {
    await withFresh(open, 'order', async (store) => {
      const t0 = Date.UTC(2024, 2, 1) * 1000;
      const batch = (source: string, lines: number[], msg: string) => {
        const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 7, source });
        for (const line of lines) b.add(t0 + line * 1000, line, 'peer.link_down', 'W', `${msg} ${line}`, '10.0.0.2:10201', {});
        return b.take();
      };
      // As ingest does: each batch handed over while the one before may still be committing.
      // The second deletes what the first wrote, so it must see the first batch's rows; the
      // first is large, so that it is still committing when the second is handed over.
      const many = Array.from({ length: 30_000 }, (_, i) => i + 1);
      await Promise.all([
        store.writeBatch({ deletes: [], marks: ['f.log'], sources: [], events: [batch('f.log', many, 'first')] }),
        store.writeBatch({ deletes: [{ source: 'f.log', fromLine: 3 }], marks: [], sources: [], events: [batch('f.log', [3], 'again')] }),
        store.writeBatch({ deletes: [], marks: ['g.log'], sources: [], events: [batch('g.log', [1, 2], 'other')] }),
        store.writeBatch({ deletes: [], marks: [], sources: [], events: [batch('g.log', [3], 'other')] }),
      ]);
      await store.settle();
      const got = (await store.queryEvents({})).map((e) => `${e.source} ${e.message}`).sort();
      assert.deepEqual(got, ['f.log first 1', 'f.log first 2', 'f.log again 3', 'g.log other 1', 'g.log other 2', 'g.log other 3'].sort());
    });
  });
}

/** Reads without repeats give the same answers as reads of every event. */
function readsWithoutRepeats(label: string, open: OpenFreshStore): void {
  test(`${label}: answers read without repeats equal answers over every event`, async () => {
    await withFresh(open, 'repeats', async (store) => {
      const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2024, 2, 1, hh, mm, ss) * 1000;
      const events: TimelineEvent[] = [];
      const ev = (
        source: string,
        node: string,
        tsUs: number,
        kind: TimelineEvent['kind'],
        peer: string | null,
        fields: TimelineEvent['fields'] = {},
      ): void => {
        events.push({
          tsUs,
          cluster: 'c',
          node,
          service: 'zbs-chunkd',
          pid: 7,
          kind,
          level: 'W',
          source,
          line: events.length + 1,
          message: kind,
          peer,
          fields,
        });
      };
      // 10.0.0.1 → .2: failing across the 11:00 boundary, back at 11:20, failing again over
      // 12:00 with a time that steps back; → .3: failures from 10:30 that just stop (an open
      // DOWN): a window from 12:05 reads from 11:00, in the middle of them.
      for (let t = at(10, 59, 50); t < at(11, 20); t += 5e6)
        ev('a.log', '10.0.0.1', t, 'peer.link_down', `10.0.0.2:${10201 + (t % 3)}`, { times: 1 });
      ev('a.log', '10.0.0.1', at(11, 20, 3), 'peer.link_up', '10.0.0.2:10201');
      ev('a.log', '10.0.0.1', at(11, 20, 9), 'peer.link_up', '10.0.0.2:10201');
      for (let t = at(10, 30); t < at(12, 10); t += 7e6) ev('a.log', '10.0.0.1', t, 'peer.link_down', '10.0.0.3:10201');
      for (let t = at(11, 58); t < at(12, 3); t += 5e6) ev('a.log', '10.0.0.1', t, 'peer.link_down', '10.0.0.2:10201');
      ev('a.log', '10.0.0.1', at(12, 1), 'peer.link_up', '10.0.0.2:10201'); // in the file after later failures
      // Two meta nodes repeat who leads; the leader changes at 11:30.
      for (const [source, node] of [
        ['b.log', '10.0.0.2'],
        ['c.log', '10.0.0.3'],
      ] as const) {
        for (let t = at(10, 50); t < at(12, 30); t += 60e6)
          ev(source, node, t + (node === '10.0.0.3' ? 2e6 : 0), 'meta.leader_is', t < at(11, 30) ? '10.0.0.1:10100' : '10.0.0.3:10100', {
            seq: t < at(11, 30) ? 3 : 4,
          });
      }
      await store.writeBatch({ deletes: [], marks: ['a.log', 'b.log', 'c.log'], sources: [], events: eventsToBatches(events) });
      await store.settle();
      const windows = [
        [at(11, 0), at(12, 0)],
        [at(11, 7, 30), at(11, 50)],
        [at(11, 30), at(12, 30)],
        [at(10, 0), at(13, 0)],
        [at(12, 2), at(12, 20)],
        [at(12, 5), at(12, 30)],
      ];
      for (const [fromUs, toUs] of windows) {
        const w = { fromUs: fromUs!, toUs: toUs! };
        const every = await store.queryEvents({ ...readRange(w), kinds: DERIVATION_KINDS });
        const dropped = await store.queryEvents({ ...readRange(w), kinds: DERIVATION_KINDS, dropRepeats: true });
        const a = analyzeEvents(every, [], w);
        const b = await analyzeWindow(store, w);
        const pick = (x: typeof a) => ({ links: x.links, outages: x.outages, incidents: x.incidents, metaLeaders: x.metaLeaders });
        assert.deepEqual(pick(b), pick(a), `window ${new Date(w.fromUs / 1000).toISOString()}`);
        assert.ok(a.links.length > 0 || a.metaLeaders.length > 0, 'the window has answers');
        if (w.toUs - w.fromUs >= 3_600_000_000)
          assert.ok(dropped.length < every.length / 2, `${dropped.length} of ${every.length} events read`);
      }
    });
  });
}

/** The repeat rule's case table, read back without repeats. */
function repeatRule(label: string, open: OpenFreshStore): void {
  test(`${label}: reads without repeats leave out the repeat rule's repeats, case table`, async () => {
    await withFresh(open, 'rule', async (store) => {
      // Every case in one store, each under sources of its own (the rule partitions by source).
      // Stores keep no times before 1970 (QuestDB): those cases run in the model's and DuckDB's tests.
      const cases = REPEAT_CASES.filter((c) => c.rows.every(([ts]) => ts >= 0));
      const all = cases.flatMap((c, n) => caseEvents(c).map((e) => ({ ...e, source: `case${n}/${e.source}` })));
      await store.writeBatch({ deletes: [], marks: [...new Set(all.map((e) => e.source))], sources: [], events: eventsToBatches(all) });
      await store.settle();
      const kept = new Set((await store.queryEvents({ dropRepeats: true })).map((e) => `${e.source}:${e.line}`));
      assert.equal((await store.queryEvents({})).length, all.length);
      cases.forEach((c, n) => {
        const got = caseEvents(c).map((e) => (kept.has(`case${n}/${e.source}:${e.line}`) ? 0 : 1));
        assert.deepEqual(got, c.want, c.name);
      });
    });
  });
}

/** What is read back: text as written, pages. */
function readsBack(label: string, open: OpenFreshStore): void {
  test(`${label}: every event's text comes back as written, whatever its characters`, async () => {
    await withFresh(open, 'text', async (store) => {
      const t0 = Date.UTC(2024, 2, 1) * 1000;
      const want: TimelineEvent[] = [
        ['Fail to ping : héllo — 日本 🚀', '10.0.0.2:10201', { times: 1, s: 'ß' }],
        ['bad \ufffd\ufffd bytes, then a quote " and a backslash \\', null, {}],
        ['x\nTraceback:\n[EShutDown]:', '10.0.0.3:10201', { times: 2 }],
        ['', null, {}],
        ['a control character \u0001 inside', '10.0.0.4:10201', { s: '\u0001' }], // the separator of stores' grouped reads
      ].map(([message, peer, fields], i) => ({
        tsUs: t0 + i * 1000,
        cluster: 'c',
        node: '10.0.0.1',
        service: 'zbs-chunkd',
        pid: 7,
        kind: 'peer.link_down',
        level: 'W',
        source: 'u.log',
        line: i + 1,
        message: message as string,
        peer: peer as string | null,
        fields: fields as TimelineEvent['fields'],
      }));
      await store.writeBatch({ deletes: [], marks: ['u.log'], sources: [], events: eventsToBatches(want) });
      await store.settle();
      assert.deepEqual(await store.queryEvents({ kinds: ['peer.link_down'] }), want);
    });
  });
}

/** The one event order, whole and page by page. */
function readOrder(label: string, open: OpenFreshStore, gaps: StoreGaps): void {
  test(`${label}: events come in the one event order, whole and page by page after a cursor`, async () => {
    await withFresh(open, 'order_keys', async (store) => {
      const events: TimelineEvent[] = ORDER_CASE_KEYS.map((k) => ({
        ...k,
        cluster: 'c',
        node: '10.0.0.1',
        service: 'zbs-chunkd',
        pid: 7,
        kind: k.kind as TimelineEvent['kind'],
        level: 'W',
        message: 'm',
        peer: null,
        fields: {},
      }));
      await store.writeBatch({
        deletes: [],
        marks: [...new Set(events.map((e) => e.source))],
        sources: [],
        events: eventsToBatches(events),
      });
      await store.settle();
      const want = ORDER_CASE_KEYS.slice().sort(compareEvents);
      assert.deepEqual((await store.queryEvents({})).map(keyOf), want);
      const paged = gaps.utf16Pages ? want.filter((k) => !BEYOND_UTF16_ORDER.has(k.source)) : want;
      for (const kinds of [undefined, ['peer.link_down', 'peer.link_up'] as TimelineEvent['kind'][]]) {
        const pages: ReturnType<typeof keyOf>[] = [];
        for (
          let after: ReturnType<typeof keyOf> | undefined, page;
          (page = await store.queryEvents({ kinds, after, limit: 2 })).length;
          after = keyOf(page.at(-1)!)
        )
          pages.push(...page.map(keyOf));
        assert.deepEqual(
          gaps.utf16Pages ? pages.filter((k) => !BEYOND_UTF16_ORDER.has(k.source)) : pages,
          paged,
          `pages of 2, kinds ${String(kinds)}`,
        );
        assert.equal(pages.length, want.length);
      }
    });
  });

  test(`${label}: events page by page equal one page`, async () => {
    await withFresh(open, 'pages', async (store) => {
      await runIngest(store, [SEED_BUNDLE], { tz: TZ });
      const q = `query($w: TimeWindowInput!, $after: String) { events(window: $w, first: 7, after: $after) { edges { node { time node kind source line } } pageInfo { hasNextPage endCursor } } }`;
      const all = await gql(
        store,
        `query($w: TimeWindowInput!) { events(window: $w, first: 1000) { edges { node { time node kind source line } } } }`,
      );
      const pages: unknown[] = [];
      let after: string | null = null;
      for (;;) {
        const r = (await gql(store, q, { w: W, after })).events as {
          edges: { node: unknown }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
        pages.push(...r.edges.map((e) => e.node));
        if (!r.pageInfo.hasNextPage) break;
        after = r.pageInfo.endCursor;
      }
      const one = (all.events as { edges: { node: unknown }[] }).edges.map((e) => e.node);
      assert.ok(one.length > 40);
      assert.deepEqual(pages, one);
    });
  });
}
