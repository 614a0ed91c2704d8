import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDefaultRules } from '../rules/rule-set.js';
import { runScanJob, ScanEnvironment, type ScanJobSpec } from './scan-job.js';

const LINES = 'W0818 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.27:10201 ping error times: 1 st:\n';
const spec = (source: string, mtimeMs: number | null): ScanJobSpec => ({
  id: 1,
  source,
  input: { type: 'stream' },
  gz: false,
  size: LINES.length,
  mtimeMs,
  tz: 'UTC',
  overrides: {},
  checkpoint: null,
});

test('a glog file with no dated header or name takes its provisional year from the injected clock', async () => {
  const cases = [
    { name: 'no mtime: the clock, back to a leap year', mtimeMs: null, now: Date.UTC(2013, 5, 1), year: 2012 },
    { name: 'the mtime wins over the clock', mtimeMs: Date.UTC(2021, 0, 1), now: Date.UTC(2013, 5, 1), year: 2020 },
    { name: 'a leap year clock is kept', mtimeMs: null, now: Date.UTC(2024, 11, 31), year: 2024 },
  ];
  for (const c of cases) {
    const env = new ScanEnvironment(loadDefaultRules(), () => c.now);
    const r = await runScanJob(env, spec('node1/zbs-chunkd.log', c.mtimeMs), [Buffer.from(LINES)], () => undefined);
    assert.equal(r.outcome, 'ingested', c.name);
    assert.equal(r.info!.yearSource, 'mtime_assumed', c.name);
    assert.ok(r.yearPending, c.name);
    assert.equal(new Date(r.info!.firstTsUs! / 1000).getUTCFullYear(), c.year, c.name);
  }
});

test('the same content again with its checkpoint is unchanged', async () => {
  const env = new ScanEnvironment(loadDefaultRules(), () => Date.UTC(2013, 5, 1));
  const first = await runScanJob(env, spec('node1/zbs-chunkd.log', null), [Buffer.from(LINES)], () => undefined);
  const again = await runScanJob(
    env,
    { ...spec('node1/zbs-chunkd.log', null), checkpoint: { ...first.checkpoint!, status: 'done' } },
    [Buffer.from(LINES)],
    () => undefined,
  );
  assert.equal(again.outcome, 'unchanged');
  assert.equal(again.startLine, first.checkpoint!.line);
});
