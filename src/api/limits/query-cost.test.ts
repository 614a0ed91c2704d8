import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'graphql';
import { timelineSchema } from '../schema.js';
import { LIST_PAGE, EVIDENCE_PAGE, limitsFromFlags, DEFAULT_LIMITS } from './api-limits.config.js';
import { queryCost, UNBOUNDED_LIST_ITEMS } from './query-cost.js';

const W = 'window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}';

test('cost: fields add up, lists multiply by their first (defaults applied), aliases add, table', async () => {
  const schema = await timelineSchema();
  const cases: [string, string, Record<string, unknown>, number][] = [
    ['one scalar list field', `{ clusters { name } }`, {}, 1 + UNBOUNDED_LIST_ITEMS * 1],
    ['default first', `{ nodeOutages(${W}) { node start } }`, {}, 1 + LIST_PAGE.default * 2],
    ['explicit first', `{ nodeOutages(${W}, first: 3) { node start } }`, {}, 1 + 3 * 2],
    ['first from a variable', `query($n: Int!) { nodeOutages(${W}, first: $n) { node } }`, { n: 7 }, 1 + 7],
    ['evidence pages multiply', `{ nodeOutages(${W}, first: 2) { evidence(first: 5) { kind line } } }`, {}, 1 + 2 * (1 + 5 * 2)],
    ['evidence default', `{ nodeOutages(${W}, first: 1) { evidence { kind } } }`, {}, 1 + 1 * (1 + EVIDENCE_PAGE.default)],
    ['two aliases cost twice', `{ a: nodeOutages(${W}, first: 3) { node } b: nodeOutages(${W}, first: 3) { node } }`, {}, 2 * (1 + 3)],
    [
      'connection edges are paged by the field',
      `{ events(${W}, first: 10) { edges { cursor } pageInfo { hasNextPage } } }`,
      {},
      1 + 10 * (2 + 2),
    ],
    ['a JSON object costs as a scalar', `{ events(${W}, first: 10) { edges { node { kind fields } } } }`, {}, 1 + 10 * (1 + (1 + 2))],
    ['nodes: a list without first', `{ nodes { name aliases } }`, {}, 1 + UNBOUNDED_LIST_ITEMS * 2],
    ['one node', `{ node(name: "a") { name aliases } }`, {}, 1 + 2],
    [
      'deprecated from and to cost as window does',
      `{ peerLinkHistory(from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z", first: 3) { observer } }`,
      {},
      1 + 3,
    ],
    [
      'one link when observer and target are named',
      `{ peerLinkHistory(window: { from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z" }, observer: "a", target: "b") { intervals(first: 4) { state } } }`,
      {},
      1 + (1 + 4),
    ],
  ];
  for (const [name, q, vars, want] of cases) assert.equal(queryCost(schema, parse(q), vars, undefined), want, name);
});

test('limitsFromFlags: defaults, overrides, refusals, table', () => {
  const cases: [Record<string, string>, Partial<typeof DEFAULT_LIMITS> | RegExp][] = [
    [{}, {}],
    [
      { 'max-cost': '500', 'timeout-ms': '2500' },
      { maxCost: 500, timeoutMs: 2500 },
    ],
    [{ 'max-aliases': 'ten' }, /--max-aliases must be a positive integer, got "ten"/],
    [{ 'max-connections': '0' }, /--max-connections must be/],
  ];
  for (const [flags, want] of cases) {
    const r = limitsFromFlags(flags);
    if (want instanceof RegExp) assert.match(r.error ?? '', want);
    else assert.deepEqual(r, { limits: { ...DEFAULT_LIMITS, ...want } });
  }
});
