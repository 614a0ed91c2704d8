/** The typed schema over HTTP: enums for closed sets, JSON fields, window everywhere, Node, nullable root fields. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedApi } from './helpers.js';

const W = { from: '2022-08-18T12:40:00+08:00', to: '2022-08-18T12:50:00+08:00' };
const INVERTED = '{from: "2022-08-18T13:00:00Z", to: "2022-08-18T11:00:00Z"}';
const { gql } = seedApi({ w: W });

test('events: kind as an enum in and out, level an enum, fields a JSON object', async () => {
  const r = await gql(
    `query($w: TimeWindowInput!) { events(window: $w, node: "172.17.57.26", kind: PEER_LINK_DOWN, first: 1) { edges { node { kind level line fields } } } }`,
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [e] = r.body.data.events.edges.map((x: { node: unknown }) => x.node) as {
    kind: string;
    level: string;
    line: number;
    fields: Record<string, unknown>;
  }[];
  assert.equal(e!.kind, 'PEER_LINK_DOWN');
  assert.ok(['I', 'W', 'E', 'F'].includes(e!.level), e!.level);
  assert.equal(typeof e!.fields, 'object', 'an object, not JSON text in a string');
  assert.notEqual(e!.fields, null);
  const byVariable = await gql(
    `query($w: TimeWindowInput!, $k: EventKind) { events(window: $w, node: "172.17.57.26", kind: $k, first: 1) { edges { node { line } } } }`,
    { w: W, k: 'PEER_LINK_DOWN' },
  );
  assert.deepEqual(byVariable.body.data.events.edges, [{ node: { line: e!.line } }]);
});

test('an unknown enum value is refused before any work: GRAPHQL_VALIDATION_FAILED (literal), BAD_USER_INPUT (variable)', async () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'literal',
      `query($w: TimeWindowInput!) { events(window: $w, kind: PEER_DOWN) { edges { cursor } } }`,
      { w: W },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'old text literal',
      `query($w: TimeWindowInput!) { events(window: $w, kind: "peer.link_down") { edges { cursor } } }`,
      { w: W },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'variable',
      `query($w: TimeWindowInput!, $k: EventKind) { events(window: $w, kind: $k) { edges { cursor } } }`,
      { w: W, k: 'peer.down' },
      'BAD_USER_INPUT',
    ],
  ];
  for (const [name, query, variables, code] of cases) {
    const r = await gql(query, variables);
    assert.equal(r.status, 400, name);
    assert.equal(r.body.data, undefined, name);
    assert.equal(r.body.errors[0].extensions.code, code, `${name}: ${JSON.stringify(r.body.errors)}`);
    assert.match(r.body.errors[0].message, /EventKind/, name);
  }
});

test('answers: cause, endedBy, kinds are enums', async () => {
  const r = await gql(`query($w: TimeWindowInput!) {
    serviceRestarts(window: $w) { cause } serviceInstances(window: $w) { endedBy } nodeOutages(window: $w) { kinds }
    peerLinkHistory(window: $w) { intervals { endedBy } } }`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const d = r.body.data;
  assert.deepEqual([...new Set(d.serviceRestarts.map((x: { cause: string }) => x.cause))].sort(), ['CRASH', 'STOP']);
  assert.ok(d.serviceInstances.some((x: { endedBy: string | null }) => x.endedBy === 'CRASH'));
  assert.ok(d.nodeOutages.some((o: { kinds: string[] }) => o.kinds.includes('PROCESS_CRASH')));
  assert.ok(
    d.peerLinkHistory.some((l: { intervals: { endedBy: string | null }[] }) => l.intervals.some((i) => i.endedBy === 'BACK_TO_NORMAL')),
  );
});

test('one bad argument nulls its own field only; the others answer', async () => {
  const r = await gql(
    `{ clusters { name } nodeOutages(window: ${INVERTED}) { node } metaLeaders(window: {from: "2022-08-18T11:00:00+08:00", to: "2022-08-18T13:00:00+08:00"}) { leader } }`,
    {},
  );
  assert.equal(r.status, 200);
  assert.equal(r.body.data.nodeOutages, null);
  assert.deepEqual(r.body.data.metaLeaders, [{ leader: '172.17.57.25' }]);
  assert.equal(r.body.data.clusters.length, 1);
  assert.deepEqual(
    r.body.errors.map((e: { path: string[]; extensions: { code: string } }) => [e.path.join('.'), e.extensions.code]),
    [['nodeOutages', 'BAD_USER_INPUT']],
  );
});

test('peerLinkHistory takes window; the deprecated from and to still give the same answer; both or neither are refused', async () => {
  const fields = 'observer target intervals { state start end endedBy }';
  const byWindow = await gql(`query($w: TimeWindowInput!) { peerLinkHistory(window: $w, observer: "172.17.57.26") { ${fields} } }`);
  const byOld = await gql(`{ peerLinkHistory(from: "${W.from}", to: "${W.to}", observer: "172.17.57.26") { ${fields} } }`, {});
  assert.equal(byWindow.body.data.peerLinkHistory.length, 3);
  assert.deepEqual(byOld.body.data, byWindow.body.data);
  const cases: [string, string, RegExp][] = [
    ['both', `{ peerLinkHistory(window: {from: "${W.from}", to: "${W.to}"}, from: "${W.from}", to: "${W.to}") { observer } }`, /not both/],
    ['neither', '{ peerLinkHistory { observer } }', /needs window/],
    ['only from', `{ peerLinkHistory(from: "${W.from}") { observer } }`, /needs window/],
  ];
  for (const [name, query, re] of cases) {
    const r = await gql(query, {});
    assert.equal(r.body.data.peerLinkHistory, null, name);
    assert.equal(r.body.errors[0].extensions.code, 'BAD_USER_INPUT', name);
    assert.match(r.body.errors[0].message, re, name);
  }
});

test('nodes and node: a node found by any of its names, with its aliases', async () => {
  const r = await gql(
    `{ nodes { cluster name aliases } byAlias: node(name: "192.168.57.26") { name aliases } clusters { nodeDetails { name aliases } } }`,
    {},
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const { nodes, byAlias, clusters } = r.body.data;
  assert.deepEqual(
    nodes.map((n: { name: string }) => n.name),
    ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27'],
  );
  assert.equal(byAlias.name, '172.17.57.26');
  assert.ok(byAlias.aliases.includes('192.168.57.26'), byAlias.aliases.join());
  assert.deepEqual(
    clusters[0].nodeDetails,
    nodes.map((n: { name: string; aliases: string[] }) => ({ name: n.name, aliases: n.aliases })),
  );
  const unknown = await gql(`{ node(name: "10.9.9.9") { name } nodes(cluster: "nope") { name } }`, {});
  assert.deepEqual(unknown.body.data, { node: null, nodes: null });
  assert.deepEqual(unknown.body.errors.map((e: { message: string }) => e.message).sort(), [
    'unknown cluster "nope"; known: 1dacc7b3-11ec-4afd-93c0-062544dc4e10',
    'unknown node "10.9.9.9"',
  ]);
});
