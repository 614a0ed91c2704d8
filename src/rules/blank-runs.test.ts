import { test } from 'node:test';
import assert from 'node:assert/strict';
import { literalSource, longestSolidPiece, normalizeLiteral, relaxPattern } from './blank-runs.js';

test('relaxPattern: what a pattern matches after the rewrite, table', () => {
  const cases: { name: string; pattern: string; flags?: string; matches: string[]; rejects: string[] }[] = [
    {
      name: 'one space takes a run of spaces and tabs',
      pattern: 'now\\. seq is (\\d+)',
      matches: ['now. seq is 4', 'now.  seq is 4', 'now.\tseq \t is 4'],
      rejects: ['now.seq is 4', 'now. seq\nis 4'],
    },
    { name: 'two spaces in a rule need only one blank', pattern: 'a  b', matches: ['a b', 'a    b'], rejects: ['ab'] },
    { name: 'a quantified space stays optional', pattern: '^x ?y$', matches: ['xy', 'x y', 'x \t y'], rejects: ['x-y'] },
    {
      name: '$ allows trailing blanks',
      pattern: '^Shutting down\\.?$',
      matches: ['Shutting down', 'Shutting down.  ', 'Shutting down\t'],
      rejects: ['Shutting down now'],
    },
    {
      name: '$ with the m flag, blanks before a newline',
      pattern: '^LEADING$',
      flags: 'm',
      matches: ['LEADING  \nat x'],
      rejects: ['LEADING x'],
    },
    {
      name: 'escaped $ and space are kept',
      pattern: 'cost \\$5\\ ok',
      matches: ['cost $5 ok', 'cost  $5 ok'],
      rejects: ['cost $5  ok', 'cost $5\tok'],
    },
    { name: 'class with a space also takes a tab', pattern: '^[\\w ]+$', matches: ['a b', 'a\tb'], rejects: ['a-b'] },
    { name: 'negated class with a space refuses a tab too', pattern: '^[^ ]+$', matches: ['ab'], rejects: ['a b', 'a\tb'] },
    { name: 'a range starting at space keeps its meaning', pattern: '^[ -~]+$', matches: ['a ~', 'a\tb'], rejects: ['a\nb', 'é'] },
    { name: 'class without a space is untouched', pattern: '^[\\]a]+$', matches: [']a'], rejects: [' '] },
    {
      name: 'escaped bracket outside a class',
      pattern: '\\[SESSION KEEPALIVE FAILURE\\]',
      matches: ['[SESSION  KEEPALIVE\tFAILURE]'],
      rejects: ['[SESSIONKEEPALIVE FAILURE]'],
    },
  ];
  for (const c of cases) {
    const re = new RegExp(relaxPattern(c.pattern), c.flags ?? '');
    for (const m of c.matches) assert.ok(re.test(m), `${c.name}: should match ${JSON.stringify(m)} (${re.source})`);
    for (const m of c.rejects) assert.ok(!re.test(m), `${c.name}: should not match ${JSON.stringify(m)} (${re.source})`);
  }
});

test('literals: normalized form, regex source and solid piece, table', () => {
  const cases: { literal: string; normalized: string; solid: string; matches: string[]; rejects: string[] }[] = [
    {
      literal: 'I am the leader now',
      normalized: 'I am the leader now',
      solid: 'leader',
      matches: ['I am the  leader\tnow'],
      rejects: ['I am theleader now'],
    },
    {
      literal: ' received by PID ',
      normalized: ' received by PID ',
      solid: 'received',
      matches: ['x\treceived  by PID 7'],
      rejects: ['xreceived by PID 7'],
    },
    { literal: 'a \t b', normalized: 'a b', solid: 'a', matches: ['a b'], rejects: ['ab'] },
    {
      literal: '*** Aborted at ',
      normalized: '*** Aborted at ',
      solid: 'Aborted',
      matches: ['*** Aborted at 1'],
      rejects: ['*** Aborted at1'],
    },
  ];
  for (const c of cases) {
    const n = normalizeLiteral(c.literal);
    assert.equal(n, c.normalized, c.literal);
    assert.equal(longestSolidPiece(c.literal), c.solid, c.literal);
    const re = new RegExp(literalSource(n));
    for (const m of c.matches) assert.ok(re.test(m), `${c.literal}: should match ${JSON.stringify(m)}`);
    for (const m of c.rejects) assert.ok(!re.test(m), `${c.literal}: should not match ${JSON.stringify(m)}`);
  }
});
