import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckRulesError, DEFAULT_ASSERTIONS_SOURCE, parseCheckRules } from './check-rules.js';

const file = (...assertions: unknown[]) => ({ version: 1, assertions });

const bad: [string, unknown, RegExp][] = [
  ['not an object', 'x', /^a\.yaml: not an object with "version" and "assertions"$/],
  ['wrong version', { version: 2, assertions: [{ type: 'no_node_outage' }] }, /^a\.yaml: "version" must be 1$/],
  ['no assertions', file(), /^a\.yaml: "assertions" must be a non-empty list$/],
  ['assertion not an object', file(7), /^a\.yaml: assertion #1 is not an object$/],
  ['unknown type', file({ type: 'no_outages' }), /^a\.yaml: assertion #1: "type" must be one of no_node_outage, /],
  ['unknown key', file({ type: 'no_node_outage' }, { type: 'no_node_outage', secs: 3 }), /^a\.yaml: assertion #2: unknown key "secs"$/],
  ['bad severity', file({ type: 'no_node_outage', severity: 'error' }), /"severity" must be fail or warn/],
  ['nodes not strings', file({ type: 'no_node_outage', nodes: [1] }), /"nodes" must be a list of strings/],
  ['missing seconds', file({ type: 'max_link_down_seconds' }), /^a\.yaml: assertion #1: max_link_down_seconds needs "seconds"$/],
  ['negative count', file({ type: 'max_zk_elections', count: -1 }), /"count" must be a number ≥ 0/],
  [
    'window backwards',
    file({ type: 'no_node_outage', window: { from: '2022-08-19T00:00:00Z', to: '2022-08-18T00:00:00Z' } }),
    /"window" needs ISO-8601 "from" before "to"/,
  ],
  ['window not an object', file({ type: 'no_node_outage', window: 'today' }), /"window" needs ISO-8601 "from" before "to"/],
  ['bad per', file({ type: 'max_service_restarts', count: 1, per: 'cluster' }), /"per" must be node, service or node_service/],
];
for (const [name, raw, re] of bad) {
  test(`parseCheckRules rejects: ${name}`, () => {
    assert.throws(
      () => parseCheckRules(raw, 'a.yaml'),
      (e: unknown) => e instanceof CheckRulesError && re.test(e.message),
    );
  });
}

test('parseCheckRules: defaults filled in, ids made unique, descriptions written', () => {
  const got = parseCheckRules(
    file(
      { type: 'max_service_restarts', count: 2 },
      { type: 'max_service_restarts', count: 3, severity: 'warn', window: { from: '2022-08-18T00:00:00Z', to: '2022-08-18T01:00:00Z' } },
    ),
    'a.yaml',
  );
  assert.deepEqual(
    got.map((a) => [a.id, a.severity, a.per, a.count, a.window, a.description]),
    [
      ['max_service_restarts', 'fail', 'node_service', 2, null, 'at most 2 service restart(s) per node and service'],
      [
        'max_service_restarts-2',
        'warn',
        'node_service',
        3,
        { fromUs: 1660780800000000, toUs: 1660784400000000 },
        'at most 3 service restart(s) per node and service',
      ],
    ],
  );
  assert.equal(parseCheckRules(DEFAULT_ASSERTIONS_SOURCE, 'default assertions').length, 8);
});
