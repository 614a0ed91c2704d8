import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuestDbConfig } from './questdb.config.js';

const ok: { name: string; config: string; want: Partial<ReturnType<typeof parseQuestDbConfig>> }[] = [
  {
    name: 'stock server',
    config: 'http::addr=127.0.0.1:9000',
    want: { httpBase: 'http://127.0.0.1:9000', authorization: null, tlsVerify: true, tlsCa: null },
  },
  { name: 'no port: QuestDB default', config: 'http::addr=qdb;', want: { httpBase: 'http://qdb:9000' } },
  {
    name: 'basic auth',
    config: 'http::addr=h:9000;username=admin;password=quest',
    want: {
      authorization: `Basic ${Buffer.from('admin:quest').toString('base64')}`,
      display: 'http::addr=h:9000;username=admin;password=***',
    },
  },
  {
    name: 'token over TLS with a private CA',
    config: 'https::addr=h:443;token=abc;tls_ca=/etc/ca.pem',
    want: {
      httpBase: 'https://h:443',
      authorization: 'Bearer abc',
      tlsCa: '/etc/ca.pem',
      display: 'https::addr=h:443;token=***;tls_ca=/etc/ca.pem',
    },
  },
  { name: 'verification off', config: 'https::addr=h:9000;tls_verify=unsafe_off', want: { tlsVerify: false } },
];
for (const c of ok) {
  test(`parseQuestDbConfig: ${c.name}`, () => {
    const got = parseQuestDbConfig(c.config);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual(got[k as keyof typeof got], v, k);
    assert.equal(got.clientConfig, c.config, 'the client gets the string as it is');
  });
}

const bad: { name: string; config: string; error: RegExp }[] = [
  { name: 'TCP: no acknowledgements', config: 'tcp::addr=h:9009', error: /ILP over TCP gives no acknowledgement/ },
  { name: 'no addr', config: 'http::username=a', error: /needs addr=/ },
  { name: 'not key=value', config: 'http::addr=h;oops', error: /"oops" is not key=value/ },
  { name: 'no scheme', config: 'addr=h', error: /must start with http::/ },
];
for (const c of bad) {
  test(`parseQuestDbConfig rejects: ${c.name}`, () => assert.throws(() => parseQuestDbConfig(c.config), c.error));
}
