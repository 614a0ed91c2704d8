import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AuthConfigError, BearerAuth, parseTokens, Scope } from './auth.js';

const T = 'tok-0123456789abcdef';

test('token files: what is refused, and the message never quotes a token, table', () => {
  const cases: [string, string, RegExp][] = [
    ['not YAML', `tokens: [ {name: a, token: ${T}`, /is not YAML or JSON/],
    ['empty', 'tokens: []', /lists no tokens/],
    ['no name', `- token: ${T}`, /"name" must be/],
    ['both token and sha256', `- {name: a, token: ${T}, sha256: ${'a'.repeat(64)}}`, /exactly one of/],
    ['neither', '- {name: a}', /exactly one of/],
    ['short token', '- {name: a, token: short-tok}', /at least 16 characters/],
    ['bad hash', `- {name: a, sha256: ${T}}`, /64 hex digits/],
    ['unknown scope', `- {name: a, token: ${T}, scopes: [admin]}`, /"scopes" must be a list of read, metrics/],
    ['same name twice', `- {name: a, token: ${T}}\n- {name: a, token: ${T}x}`, /used twice/],
    // Whitespace: accepted at start before ("1 token(s)"), yet the header's \S+ token could never match it.
    [
      'YAML block scalar (trailing newline)',
      `tokens:\n  - name: portal\n    token: |\n      ${T}\n`,
      /^tokens\.yaml, token 1 \("portal"\): "token" holds whitespace \(a YAML block scalar adds a newline: write token: VALUE\)$/,
    ],
    ['YAML folded scalar', `- name: portal\n  token: >\n    ${T}\n`, /token 1 \("portal"\): "token" holds whitespace \(a YAML block/],
    [
      'JSON with "\\n"',
      JSON.stringify({ tokens: [{ name: 'a', token: `${T}\n` }] }),
      /token 1 \("a"\): "token" holds whitespace \(a YAML block/,
    ],
    ['quoted trailing space', `- {name: a, token: "${T} "}`, /"token" holds whitespace \(at its start or end/],
    ['quoted leading tab', `- {name: a, token: "\\t${T}"}`, /"token" holds whitespace \(at its start or end/],
    ['space inside', `- {name: a, token: "tok-01234567 89abcdef"}`, /"token" holds whitespace \(a bearer token is one word/],
    ['second entry named', `- {name: a, token: ${T}x}\n- {name: b, token: "${T}\\r\\n"}`, /token 2 \("b"\): "token" holds whitespace/],
    ['sha256 block scalar', `- name: a\n  sha256: |\n    ${'a'.repeat(64)}\n`, /64 hex digits/],
  ];
  for (const [what, text, want] of cases) {
    assert.throws(
      () => parseTokens(text, 'tokens.yaml'),
      (e: Error) =>
        e instanceof AuthConfigError &&
        want.test(e.message) &&
        !e.message.includes(T) &&
        !e.message.includes('short-tok') &&
        !e.message.includes('tok-01234567'),
      what,
    );
  }
});

test('token files: the spellings without whitespace load, and their token matches, table', () => {
  const cases: [string, string][] = [
    ['plain', `- {name: a, token: ${T}}`],
    ['block scalar, newline stripped', `- name: a\n  token: |-\n    ${T}\n`],
    ['folded scalar, newline stripped', `- name: a\n  token: >-\n    ${T}\n`],
    ['JSON', JSON.stringify([{ name: 'a', token: T }])],
  ];
  for (const [what, text] of cases) {
    const r = new BearerAuth(parseTokens(text, 'tokens.yaml')).check(`Bearer ${T}`, Scope.Read);
    assert.equal(r.ok && r.name, 'a', what);
  }
});

test("bearer check: 401, 403 or the token's name and scopes, table", () => {
  const auth = new BearerAuth(
    parseTokens(
      JSON.stringify({
        tokens: [
          { name: 'portal', token: T },
          { name: 'prom', sha256: createHash('sha256').update(`${T}-m`).digest('hex'), scopes: ['metrics'] },
        ],
      }),
      'tokens.json',
    ),
  );
  const cases: [string | undefined, Scope, string][] = [
    [undefined, Scope.Read, '401'],
    ['Basic abc', Scope.Read, '401'],
    [`Bearer ${T}x`, Scope.Read, '401'],
    [`Bearer ${T}`, Scope.Read, 'portal'],
    [`bearer   ${T} `, Scope.Read, 'portal'],
    [`Bearer ${T}`, Scope.Metrics, '403'],
    [`Bearer ${T}-m`, Scope.Metrics, 'prom'],
    [`Bearer ${T}-m`, Scope.Read, '403'],
  ];
  for (const [header, scope, want] of cases) {
    const r = auth.check(header, scope);
    assert.equal(r.ok ? r.name : String(r.status), want, `${header} ${scope}`);
  }
});
