import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneConverter } from '../time/zone.js';
import { decideYear, provisionalYear, yearsBetween, type DatedSibling, type PendingYear } from './year-inference.js';

const utc = new ZoneConverter('UTC');
const us = (iso: string): number => Date.parse(iso) * 1000;
const ms = (iso: string): number => Date.parse(iso);

test('provisional year is a leap year at or before the mtime year, table', () => {
  const cases: [string, number | null, number][] = [
    ['2026 → 2024', ms('2026-12-03T00:00:00Z'), 2024],
    ['a leap year is itself', ms('2024-03-01T00:00:00Z'), 2024],
    ['2100 is not leap → 2096', ms('2100-06-01T00:00:00Z'), 2096],
    ['no mtime: from now', null, 2024],
  ];
  for (const [name, mtime, want] of cases) assert.equal(provisionalYear(mtime, ms('2025-06-01T00:00:00Z')), want, name);
});

test('decideYear, table', () => {
  const base: PendingYear = {
    node: 'n1',
    firstTsUs: us('2024-01-15T10:00:00Z'),
    lastTsUs: us('2024-01-15T11:00:00Z'),
    evidence: null,
    mtimeMs: ms('2026-12-03T10:00:00Z'),
  };
  const sib = (node: string, a: string, b: string): DatedSibling => ({ node, firstTsUs: us(a), lastTsUs: us(b) });
  const cases: { name: string; p: Partial<PendingYear>; siblings?: DatedSibling[]; delta: number; source: string }[] = [
    {
      name: 'a nested date wins over everything',
      p: { evidence: { deltaYears: -2, line: 7, via: 'nested_date' } },
      siblings: [sib('n1', '2022-01-15T00:00:00Z', '2022-01-16T00:00:00Z')],
      delta: -2,
      source: 'nested_date',
    },
    { name: 'January lines copied in December: the same year as the mtime, not the next', p: {}, delta: 2, source: 'mtime_assumed' },
    {
      name: 'December lines copied on Dec 3: last year (never in the future)',
      p: { firstTsUs: us('2024-12-10T00:00:00Z'), lastTsUs: us('2024-12-11T00:00:00Z') },
      delta: 1,
      source: 'mtime_assumed',
    },
    {
      name: 'a record at the mtime itself is not after it',
      p: { lastTsUs: us('2024-12-03T10:00:00Z'), firstTsUs: us('2024-12-03T09:00:00Z') },
      delta: 2,
      source: 'mtime_assumed',
    },
    {
      name: 'a Feb 29 last record needs a leap year',
      p: { firstTsUs: us('2024-02-29T01:00:00Z'), lastTsUs: us('2024-02-29T02:00:00Z') },
      delta: 0,
      source: 'mtime_assumed',
    },
    {
      name: 'a sibling of the same node with overlapping dates',
      p: {},
      siblings: [sib('n1', '2022-01-14T00:00:00Z', '2022-01-20T00:00:00Z')],
      delta: -2,
      source: 'sibling',
    },
    {
      name: 'same node preferred over the cluster',
      p: {},
      siblings: [sib('n2', '2023-01-10T00:00:00Z', '2023-01-20T00:00:00Z'), sib('n1', '2022-01-14T00:00:00Z', '2022-01-20T00:00:00Z')],
      delta: -2,
      source: 'sibling',
    },
    {
      name: 'a cluster sibling when the node has none',
      p: {},
      siblings: [sib('n2', '2023-01-10T00:00:00Z', '2023-01-20T00:00:00Z')],
      delta: -1,
      source: 'sibling',
    },
    {
      name: 'a sibling whose dates do not overlap lends nothing',
      p: {},
      siblings: [sib('n1', '2022-06-01T00:00:00Z', '2022-06-02T00:00:00Z')],
      delta: 2,
      source: 'mtime_assumed',
    },
    { name: 'no mtime (stdin): bounded by now', p: { mtimeMs: null }, delta: 1, source: 'mtime_assumed' },
  ];
  for (const c of cases) {
    const d = decideYear({ ...base, ...c.p }, c.siblings ?? [], utc, ms('2025-06-01T00:00:00Z'));
    assert.deepEqual([d.deltaYears, d.source], [c.delta, c.source], c.name);
  }
});

test('yearsBetween rounds to whole years, table', () => {
  assert.equal(yearsBetween(us('2024-01-15T10:00:00Z'), us('2022-01-15T10:00:00Z')), -2);
  assert.equal(yearsBetween(us('2024-12-31T23:59:00Z'), us('2025-01-01T00:01:00Z')), 0, 'a nested date a minute later is the same year');
  assert.equal(yearsBetween(us('2024-08-18T12:46:05Z'), us('2022-08-18T04:46:05Z')), -2, 'a zone offset does not change the year');
});
