import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { timelineSchema } from '../schema.js';
import { DEFAULT_LIMITS } from './api-limits.config.js';
import { documentLimitsRule, type DocumentLimits } from './document-limits.rule.js';
import { MAX_SELECTIONS, queryCost } from './query-cost.js';

/** A type that nests as deep as a query likes: the timeline schema is too flat to pass 8 levels. */
const deepSchema = buildSchema(`type Query { node: N } type N { child: N name: String }`);

/** `query { ...Fn }` where each fragment spreads the one below twice: 3·2^n − 1 selections in under 45·n bytes. */
const doubling = (n: number): string =>
  `query { ...F${n} } fragment F0 on Query { __typename }` +
  Array.from({ length: n }, (_, i) => ` fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join('');

/** `levels` selection sets of `node { child { … } }`, innermost `inner`. */
const nested = (levels: number, inner = 'name'): string =>
  `{ node ${'{ child '.repeat(levels - 2)}{ ${inner} }${' }'.repeat(levels - 2)} }`;

interface Refusal {
  limit: string;
  actual: number;
  ms: number;
}

/** The rule's refusal (graphql-js's own errors aside) with how long the whole validation took. */
function check(schema: GraphQLSchema, query: string, limits: DocumentLimits = DEFAULT_LIMITS): Refusal | null {
  const doc = parse(query, { maxTokens: DEFAULT_LIMITS.maxTokens });
  const t0 = performance.now();
  const errors = validate(schema, doc, [...specifiedRules, documentLimitsRule(limits)]);
  const ms = performance.now() - t0;
  const ours = errors.filter((e) => e.extensions.code === 'QUERY_TOO_COMPLEX');
  const others = errors.filter((e) => !ours.includes(e)).map((e) => e.message);
  // Every test query is valid but the cycle, which graphql-js's NoFragmentCycles reports.
  assert.deepEqual(
    others,
    /fragment A on Query \{ \.\.\.B/.test(query) ? ['Cannot spread fragment "A" within itself via "B".'] : [],
    query.slice(0, 80),
  );
  assert.ok(ours.length <= 1, `one refusal per operation: ${ours.map((e) => e.message).join('; ')}`);
  const e = ours[0];
  return e ? { limit: String(e.extensions.limit), actual: Number(e.extensions.actual), ms } : null;
}

test('document limits: fragments are measured once, wherever and however often they are spread, table', async () => {
  const schema = await timelineSchema();
  const W = 'window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}';
  const alias = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: clusters { name }`).join(' ');
  const cases: { name: string; schema?: GraphQLSchema; query: string; want: { limit: string; actual: number } | null }[] = [
    { name: 'doubling fragments, n=11: 6143 selections pass', query: doubling(11), want: null },
    { name: 'doubling fragments, n=12', query: doubling(12), want: { limit: 'selections', actual: 3 * 2 ** 12 - 1 } },
    { name: 'doubling fragments, n=24 (984 bytes)', query: doubling(24), want: { limit: 'selections', actual: 3 * 2 ** 24 - 1 } },
    { name: 'doubling fragments, n=40', query: doubling(40), want: { limit: 'selections', actual: 3 * 2 ** 40 - 1 } },
    {
      name: 'doubling fragments, n=400: the count saturates, never Infinity',
      query: doubling(400),
      want: { limit: 'selections', actual: Number.MAX_SAFE_INTEGER },
    },
    { name: 'a fragment of 5 aliases spread twice: 10 pass', query: `{ ...F ...F } fragment F on Query { ${alias(5)} }`, want: null },
    {
      name: 'a fragment of 6 aliases spread twice counts twice',
      query: `{ ...F ...F } fragment F on Query { ${alias(6)} }`,
      want: { limit: 'aliases', actual: 12 },
    },
    {
      name: 'spread in two places, under two fields: counts twice',
      query: `{ incidents(${W}) { outages { ...O } } nodeOutages(${W}) { ...O } } fragment O on NodeOutage { ${Array.from({ length: 6 }, (_, i) => `e${i}: evidence { kind }`).join(' ')} }`,
      want: { limit: 'aliases', actual: 12 },
    },
    {
      name: 'a fragment 3 deep spread at level 6 is 8 deep',
      schema: deepSchema,
      query: `${nested(6, '...C')} fragment C on N { child { child { name } } }`,
      want: null,
    },
    {
      name: 'the same fragment spread at level 2 and at level 7 is 9 deep',
      schema: deepSchema,
      query: `{ node { ...C child { child { child { child { child { ...C } } } } } } } fragment C on N { child { child { name } } }`,
      want: { limit: 'depth', actual: 9 },
    },
    {
      name: 'a fragment cycle is not followed (NoFragmentCycles reports it)',
      query: `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }`,
      want: null,
    },
  ];
  for (const c of cases) {
    const got = check(c.schema ?? schema, c.query);
    assert.deepEqual(got && { limit: got.limit, actual: got.actual }, c.want, c.name);
    if (got) assert.ok(Number.isFinite(got.actual), `${c.name}: finite actual`);
    // Generous: before the memo n=24 took ~20 s and n=40 would take days.
    assert.ok(!got || got.ms < 200, `${c.name}: validated in ${got?.ms.toFixed(1)} ms`);
  }
});

test('document limits: the selection count agrees with what the cost estimator can walk, table', async () => {
  const schema = await timelineSchema();
  for (const n of [8, 10, 11, 12, 13]) {
    const refused = check(schema, doubling(n)) !== null;
    let walked = true;
    try {
      queryCost(schema, parse(doubling(n)), {}, undefined);
    } catch {
      walked = false;
    }
    assert.equal(refused, 3 * 2 ** n - 1 > MAX_SELECTIONS, `n=${n}: refused`);
    assert.equal(walked, !refused, `n=${n}: the estimator walks exactly what the rule lets through`);
  }
});

test('document limits: counted totals are as before the memo, for ordinary queries, table', async () => {
  const schema = await timelineSchema();
  const W = 'window: {from: "2022-08-18T00:00:00Z", to: "2022-08-19T00:00:00Z"}';
  const queries: [string, { depth: number; aliases: number; selections: number }][] = [
    [`{ clusters { name } }`, { depth: 2, aliases: 0, selections: 2 }],
    [`{ a: clusters { n: name } b: nodes { name } }`, { depth: 2, aliases: 3, selections: 4 }],
    [`{ incidents(${W}) { outages { evidence { kind } } } }`, { depth: 4, aliases: 0, selections: 4 }],
    [
      `{ ...Q ... on Query { x: clusters { ...C } } } fragment Q on Query { clusters { ...C } } fragment C on Cluster { name nodes }`,
      { depth: 2, aliases: 1, selections: 10 },
    ],
  ];
  for (const [q, want] of queries) {
    // A limit of 0 (-1 for aliases, which may be 0) makes the rule report what it counted.
    const depth = check(schema, q, { maxDepth: 0, maxAliases: 1e9 })?.actual;
    const aliases = check(schema, q, { maxDepth: 1e9, maxAliases: -1 })?.actual;
    const selections = check(schema, q, { maxDepth: 1e9, maxAliases: 1e9, maxSelections: 0 })?.actual;
    assert.deepEqual({ depth, aliases, selections }, want, q);
  }
});

test('document limits: introspection passes at the defaults, a user query as deep is refused, table', async () => {
  const schema = await timelineSchema();
  const all = {
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  };
  for (const opts of [undefined, all]) {
    const q = getIntrospectionQuery(opts);
    assert.equal(check(schema, q), null, `getIntrospectionQuery(${JSON.stringify(opts)})`);
    const cost = queryCost(schema, parse(q), {}, undefined);
    assert.ok(cost <= DEFAULT_LIMITS.maxCost, `introspection costs ${cost}`);
  }
  const typeRef = (levels: number) => `{ __type(name: "N") { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
  const cases: [string, string, { limit: string; actual: number } | null][] = [
    ['8 levels of user fields', nested(8), null],
    ['9 levels of user fields', nested(9), { limit: 'depth', actual: 9 }],
    ['20 levels under __type', typeRef(20), null],
    ['9 levels of user fields beside introspection', `{ __schema { types { name } } ${nested(9).slice(1)}`, { limit: 'depth', actual: 9 }],
    [
      'aliases under introspection still count',
      `{ __schema { ${Array.from({ length: 11 }, (_, i) => `t${i}: types { name }`).join(' ')} } }`,
      { limit: 'aliases', actual: 11 },
    ],
  ];
  for (const [name, q, want] of cases) {
    const got = check(deepSchema, q);
    assert.deepEqual(got && { limit: got.limit, actual: got.actual }, want, name);
  }
});
