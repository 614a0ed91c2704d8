import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMatcher } from '../rules/rule-matcher.js';
import { loadDefaultRules } from '../rules/rule-set.js';
import { JsCandidateFinder } from './candidate-finder.js';

const finder = new JsCandidateFinder(compileMatcher(loadDefaultRules(), 'glog'));

test('candidate lines, counts and heads, table', () => {
  const cases: {
    name: string;
    text: string;
    want: { lines: number; heads: number; cands: [number, number][]; first: number; last: number };
  }[] = [
    { name: 'empty', text: '', want: { lines: 0, heads: 0, cands: [], first: -1, last: -1 } },
    {
      name: 'one ordinary record',
      text: 'I0101 00:00:00.000000 1 a.cc:1] ok\n',
      want: { lines: 1, heads: 1, cands: [], first: 0, last: 0 },
    },
    {
      name: 'literal on a head line and on a continuation line; F record',
      text: 'I0101 00:00:00.000000 1 a.cc:1] ok\nW0101 00:00:00.000000 1 a.cc:1] Fail to ping : x\nTraceback:\nI0101 00:00:00.000000 1 a.cc:1] y\n[SESSION KEEPALIVE FAILURE]\nF0101 00:00:00.000000 1 a.cc:1] boom\n',
      want: {
        lines: 6,
        heads: 4,
        cands: [
          [35, 1],
          [129, 4],
          [157, 5],
        ],
        first: 0,
        last: 157,
      },
    },
    {
      name: 'two literals on one line give one candidate',
      text: 'W0101 00:00:00.000000 1 a.cc:1] Fail to ping back to normal\n',
      want: { lines: 1, heads: 1, cands: [[0, 0]], first: 0, last: 0 },
    },
    {
      name: 'last line without newline',
      text: 'I0101 00:00:00.000000 1 a.cc:1] ok\nW0101 00:00:00.000000 1 a.cc:1] ZOO_ERROR',
      want: { lines: 1, heads: 2, cands: [[35, 1]], first: 0, last: 35 },
    },
    {
      name: 'junk before the first head',
      text: 'Log file created at: x\nI0101 00:00:00.000000 1 a.cc:1] ok\n',
      want: { lines: 2, heads: 1, cands: [], first: 23, last: 23 },
    },
  ];
  for (const c of cases) {
    const b = Buffer.from(c.text, 'latin1');
    const r = finder.scan(b, b.length);
    const cands: [number, number][] = [];
    for (let i = 0; i < r.candidateCount; i++) cands.push([r.candidateStart[i]!, r.candidateLine[i]!]);
    assert.deepEqual({ lines: r.lines, heads: r.heads, cands, first: r.firstHead, last: r.lastHead }, c.want, c.name);
  }
});

test('ZooKeeper heads, also glued to test-runner progress marks, table', () => {
  const zk = new JsCandidateFinder(compileMatcher(loadDefaultRules(), 'zookeeper'));
  const Z = '2021-07-28 13:31:16,997 [myid:] - INFO  [main:X@1] - ';
  const cases: { name: string; text: string; want: { heads: number; glued: number; first: number; last: number } }[] = [
    { name: 'ordinary heads', text: `${Z}a\n${Z}b\n`, want: { heads: 2, glued: 0, first: 0, last: 55 } },
    { name: 'a head glued to a dot is a head', text: `.${Z}a\n`, want: { heads: 1, glued: 1, first: 0, last: 0 } },
    { name: 'glued to `..F.` after a stack line', text: `${Z}a\n\tat x\n..F.${Z}b\n`, want: { heads: 2, glued: 1, first: 0, last: 61 } },
    { name: 'nine marks are too many', text: `.........${Z}a\n`, want: { heads: 0, glued: 0, first: -1, last: -1 } },
    { name: 'other leading characters are no head', text: `x${Z}a\nCaused by: ${Z}b\n`, want: { heads: 0, glued: 0, first: -1, last: -1 } },
  ];
  for (const c of cases) {
    const b = Buffer.from(c.text, 'latin1');
    const r = zk.scan(b, b.length);
    assert.deepEqual({ heads: r.heads, glued: r.glued, first: r.firstHead, last: r.lastHead }, c.want, c.name);
  }
  const g = new JsCandidateFinder(compileMatcher(loadDefaultRules(), 'glog')).scan(Buffer.from('I0101 00:00:00.000000 1 a.cc:1] ok\n'), 35);
  assert.equal(g.glued, 0, 'glog heads are never glued');
});
