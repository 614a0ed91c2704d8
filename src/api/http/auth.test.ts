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
  ];
  for (const [what, text, want] of cases) {
    assert.throws(
      () => parseTokens(text, 'tokens.yaml'),
      (e: Error) => e instanceof AuthConfigError && want.test(e.message) && !e.message.includes(T) && !e.message.includes('short-tok'),
      what,
    );
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
