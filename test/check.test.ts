import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cli, SEED_BUNDLE, tmpDir } from './helpers.js';

test('seed incident: the default assertions fail (exit 1), naming the 12:00 restarts and 57.24 at 12:46', () => {
  const dir = tmpDir();
  const junit = join(dir, 'junit.xml');
  const r = cli(['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--junit', junit, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.verdict, 'fail');
  const restarts = report.results.find((x: { id: string }) => x.id === 'no_service_restart');
  const at = (prefix: string) =>
    restarts.violations.filter((v: { start: string }) => v.start.startsWith(prefix)).map((v: { node: string }) => v.node);
  assert.deepEqual([...new Set(at('2022-08-18T04:00'))].sort(), ['172.17.57.24', '172.17.57.25', '172.17.57.26', '172.17.57.27']);
  assert.deepEqual([...new Set(at('2022-08-18T04:4'))], ['172.17.57.24']);
  const outages = report.results.find((x: { id: string }) => x.id === 'no_node_outage');
  assert.deepEqual(
    outages.violations.filter((v: { start: string }) => v.start >= '2022-08-18T04:40').map((v: { node: string }) => v.node),
    ['172.17.57.24'],
  );
  for (const v of outages.violations)
    assert.ok(v.evidence.length > 0 && v.evidence.every((e: { source: string; line: number }) => e.source && e.line > 0));

  // The JUnit file is valid XML: one test case per assertion, failures carry the evidence.
  const xml = readFileSync(junit, 'utf8');
  assert.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
  const cases = doc.testsuites.testsuite.testcase as { '@_name': string; failure?: { '#text': string } }[];
  assert.equal(cases.length, 8);
  const outageCase = cases.find((c) => c['@_name'].startsWith('no_node_outage'))!;
  assert.match(outageCase.failure!['#text'], /zbs-metad\.log\.20220818-120012\.30100:8 {2}F Check failed/);
  assert.equal(doc.testsuites['@_failures'], '6');
});

test('a window with no incident passes (exit 0)', () => {
  const r = cli([
    'check',
    SEED_BUNDLE,
    '--tz',
    'Asia/Shanghai',
    '--from',
    '2022-08-18T12:50:00+08:00',
    '--to',
    '2022-08-18T13:30:00+08:00',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^PASS: 8 assertion\(s\) hold over 2022-08-18T04:50:00\.000000Z – 2022-08-18T05:30:00\.000000Z/m);
});

test('rules file: scope, thresholds and warn instead of fail', () => {
  const dir = tmpDir();
  const rules = join(dir, 'soak.yaml');
  writeFileSync(
    rules,
    [
      'version: 1',
      'assertions:',
      '  - type: no_node_outage',
      '    nodes: [node57-26]      # any known name of a node',
      '  - type: max_service_restarts',
      '    count: 1',
      '    per: node',
      '  - type: max_link_down_seconds',
      '    seconds: 200',
      '  - type: max_zk_elections',
      '    count: 0',
      '    severity: warn',
      '',
    ].join('\n'),
  );
  const r = cli(['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--assert', rules, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  // The old spelling still works for a release, with a warning.
  const old = cli(['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--rules', rules, '--format', 'json', '--quiet']);
  assert.equal(old.stdout, r.stdout);
  assert.match(old.stderr, /warning: --rules .*soak\.yaml is an assertions file; use --assert/);
  const res = JSON.parse(r.stdout).results.map((x: { id: string; status: string; violations: unknown[] }) => [
    x.id,
    x.status,
    x.violations.length,
  ]);
  assert.deepEqual(res, [
    ['no_node_outage', 'fail', 1],
    ['max_service_restarts', 'fail', 1],
    ['max_link_down_seconds', 'pass', 0],
    ['max_zk_elections', 'warn', 1],
  ]);
});

test('github annotations point at the log file and line, relative to the workspace', () => {
  // The CLI runs in the repository root: the bundle's path from there comes first.
  const r = cli(['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--format', 'github', '--quiet']);
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /^::error file=test\/fixtures\/seed-incident\/172_17_57_24\/.*zbs-metad\.log\.20220818-120012\.30100,line=8,title=no_service_crash%3A no service crash::zbs-metad crashed on 172\.17\.57\.24/m,
  );
  const p = cli(['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--format', 'github', '--quiet', '--path-prefix', 'logs/bundle']);
  assert.match(p.stdout, /^::error file=logs\/bundle\/172_17_57_24\/.*zbs-metad\.log\.20220818-120012\.30100,line=8,/m);
});

test('usage errors and unreadable input exit 2 with a clear message, table', () => {
  const dir = tmpDir();
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'version: 1\nassertions:\n  - type: no_outages\n');
  const cases: [string, string[], RegExp][] = [
    ['missing path', ['check', join(dir, 'nope')], /cannot read .*nope: no such file or directory/],
    ['nothing readable', ['check', dir], /no log file could be read/],
    ['bad assertions', ['check', SEED_BUNDLE, '--assert', bad], /"type" must be one of/],
    ['bad time', ['check', SEED_BUNDLE, '--from', 'yesterday'], /not an ISO-8601 time/],
    [
      'bad format',
      ['check', SEED_BUNDLE, '--format', 'xml'],
      /'--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, github/,
    ],
    ['no path, no store', ['check'], /needs log paths/],
  ];
  for (const [name, args, re] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${name}: ${r.stdout} ${r.stderr}`);
    assert.match(r.stderr, re, name);
  }
});

test('a fault-free simulated cluster passes every default assertion, its first meta leader included (exit 0)', () => {
  const dir = tmpDir();
  const sim = cli(['simulate', '--out', join(dir, 'sim'), '--seed', '3', '--faults', 'none', '--size-mb', '1']);
  assert.equal(sim.code, 0, sim.stderr);
  const r = cli(['check', join(dir, 'sim', 'bundle'), '--tz', 'UTC']); // the simulator's default zone
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /PASS {2}no_meta_leader_change/);
});
