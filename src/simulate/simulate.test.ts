import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { simulate } from './simulate.js';
import { matchIntervals, summarize } from './score.js';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

test('the same seed writes the same bytes; another seed does not', async () => {
  const [a, b, c] = [1, 2, 3].map(() => mkdtempSync(join(tmpdir(), 'sim-')));
  await simulate({ outDir: a!, seed: 7, hours: 1, sizeMb: 1, tz: 'Asia/Shanghai' });
  await simulate({ outDir: b!, seed: 7, hours: 1, sizeMb: 1, tz: 'Asia/Shanghai' });
  await simulate({ outDir: c!, seed: 8, hours: 1, sizeMb: 1, tz: 'Asia/Shanghai' });
  assert.deepEqual(tree(a!), tree(b!));
  assert.notDeepEqual(tree(a!), tree(c!));
});

test('bundle layout and truth: local-time file names, UTC truth, every fault kind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-'));
  const r = await simulate({ outDir: dir, seed: 3, hours: 2, sizeMb: 1, tz: 'Asia/Shanghai' });
  assert.equal(r.truth.faults.length, 8);
  assert.equal(r.truth.timezone, 'Asia/Shanghai');
  const files = Object.keys(tree(r.bundleDir));
  assert.ok(
    files.every((f) =>
      /^172_17_57_2\d\/192_168_57_2\d_1dacc7b3-11ec-4afd-93c0-062544dc4e10\/zbs_logs\/(zbs-chunkd|zbs-metad|zookeeper)\//.test(f),
    ),
    files.join('\n'),
  );
  // A restart's new file is named by its start in local time (+8 h).
  const rs = r.truth.restarts.find((x) => x.service === 'zbs-metad')!;
  const local = new Date(Date.parse(rs.startedAt) + 8 * 3600_000).toISOString();
  const stamp = `${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 19).replace(/:/g, '')}`;
  assert.ok(
    files.some((f) => f.includes(`zbs-metad.log.${stamp}.`)),
    `no file named ${stamp}`,
  );
});

test('interval matching: same entity, both ends within 2 s, table', () => {
  const S = 1e6;
  const cases: [
    string,
    { entity: string; startUs: number; endUs: number | null }[],
    { entity: string; startUs: number; endUs: number | null }[],
    number,
  ][] = [
    ['exact', [{ entity: 'a', startUs: 0, endUs: 10 * S }], [{ entity: 'a', startUs: 0, endUs: 10 * S }], 1],
    ['within 2 s', [{ entity: 'a', startUs: 0, endUs: 10 * S }], [{ entity: 'a', startUs: 1.9 * S, endUs: 8.1 * S }], 1],
    ['an end too far', [{ entity: 'a', startUs: 0, endUs: 10 * S }], [{ entity: 'a', startUs: 0, endUs: 13 * S }], 0],
    ['other entity', [{ entity: 'a', startUs: 0, endUs: 10 * S }], [{ entity: 'b', startUs: 0, endUs: 10 * S }], 0],
    ['open derived interval', [{ entity: 'a', startUs: 0, endUs: 10 * S }], [{ entity: 'a', startUs: 0, endUs: null }], 0],
  ];
  for (const [name, truth, derived, matched] of cases) assert.equal(matchIntervals(truth, derived).matched, matched, name);
  const s = summarize('outages', [
    matchIntervals(
      [{ entity: 'a', startUs: 0, endUs: S }],
      [
        { entity: 'a', startUs: 0, endUs: S },
        { entity: 'b', startUs: 0, endUs: S },
      ],
    ),
  ]);
  assert.deepEqual([s.precision, s.recall, Math.round(s.f1 * 1000) / 1000], [0.5, 1, 0.667]);
});
