import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import defaultRules from './default-rules.json' with { type: 'json' };
import { loadDefaultRules, loadRules, RuleFileError, validateRuleFile } from './rule-set.js';

const base = { name: 'x', version: 1 };
const rule = { id: 'r', kind: 'peer.link_down', formats: ['glog'], literal: 'Fail' };

test('rule file validation, table of bad files', () => {
  const bad: [string, unknown, RegExp][] = [
    ['not an object', 42, /not a JSON object/],
    ['no rules', { ...base }, /"rules" must be an array/],
    ['unknown kind', { ...base, rules: [{ ...rule, kind: 'peer.linkdown' }] }, /unknown kind "peer.linkdown"/],
    ['unknown format', { ...base, rules: [{ ...rule, formats: ['syslog'] }] }, /"formats"/],
    ['no literal or level', { ...base, rules: [{ id: 'r', kind: 'peer.link_down', formats: ['glog'] }] }, /needs "literal"/],
    ['one-char literal', { ...base, rules: [{ ...rule, literal: 'F' }] }, /literals must be/],
    ['literal without two solid characters in a row', { ...base, rules: [{ ...rule, literal: 'a b c' }] }, /two characters in a row/],
    ['bad regex', { ...base, rules: [{ ...rule, pattern: '(' }] }, /bad pattern/],
    ['unknown key', { ...base, rules: [{ ...rule, regex: 'x' }] }, /unknown key "regex"/],
    ['duplicate id', { ...base, rules: [rule, rule] }, /defined twice/],
    ['bad conversion', { ...base, rules: [{ ...rule, fields: { times: 'float' } }] }, /unknown conversion/],
  ];
  for (const [name, raw, re] of bad)
    assert.throws(
      () => validateRuleFile(raw, 'f.json'),
      (e: Error) => e instanceof RuleFileError && re.test(e.message),
      name,
    );
});

test('the default rule set is valid and versioned', () => {
  const r = loadDefaultRules();
  assert.deepEqual(validateRuleFile(structuredClone(defaultRules), 'default rules'), r);
  assert.equal(r.name, 'zbs-default');
  assert.ok(r.version >= 1);
  assert.ok(r.rules.length >= 20);
});

test('user rules extend and override the defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  const file = join(dir, 'mine.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'mine',
      version: 2,
      rules: [
        { ...rule, id: 'peer-link-down', literal: 'Ping failed' },
        { ...rule, id: 'extra', literal: 'disk gone', kind: 'process.crash' },
      ],
    }),
  );
  const r = loadRules([file]);
  assert.equal(r.name, `zbs-default@${loadDefaultRules().version}+mine@2`);
  assert.equal(r.rules.find((x) => x.id === 'peer-link-down')?.literal, 'Ping failed');
  assert.ok(r.rules.some((x) => x.id === 'extra'));
  writeFileSync(file, '{ not json');
  assert.throws(() => loadRules([file]), /cannot read rules/);
});
