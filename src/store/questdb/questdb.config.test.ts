import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SenderOptions } from '@questdb/nodejs-client';
import { parseQuestDbConfig, SECRET_KEYS, withSettings } from './questdb.config.js';

/** What the official client reads from a config string: the reference for ours. */
function clientReads(config: string): Record<string, unknown> {
  return new SenderOptions(config) as unknown as Record<string, unknown>;
}

const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

const ok: {
  name: string;
  config: string;
  want: Partial<ReturnType<typeof parseQuestDbConfig>>;
  settings?: Record<string, string>;
  /** The client refuses tls_roots (4.2): not compared with it. */
  clientSkips?: boolean;
}[] = [
  {
    name: 'stock server',
    config: 'http::addr=127.0.0.1:9000',
    want: { httpBase: 'http://127.0.0.1:9000', authorization: null, tlsVerify: true, tlsCa: null, terminated: false },
  },
  { name: 'no port: QuestDB default', config: 'http::addr=qdb;', want: { httpBase: 'http://qdb:9000', terminated: true } },
  {
    name: 'basic auth',
    config: 'http::addr=h:9000;username=admin;password=quest',
    want: { authorization: basic('admin', 'quest'), display: 'http::addr=h:9000;username=admin;password=***' },
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
  // ";;" is an escaped ";" inside a value: refused before as `"PW" is not key=value`, quoting part of the password.
  {
    name: 'escaped ";" inside the password',
    config: 'http::addr=127.0.0.1:9000;username=admin;password=S3cret;;PW;',
    want: {
      authorization: basic('admin', 'S3cret;PW'),
      display: 'http::addr=127.0.0.1:9000;username=admin;password=***;',
      terminated: true,
    },
    settings: { addr: '127.0.0.1:9000', username: 'admin', password: 'S3cret;PW' },
  },
  {
    name: 'a password ending in an escaped ";", string not terminated',
    config: 'http::addr=h;username=admin;password=S3cret;;',
    want: { authorization: basic('admin', 'S3cret;'), display: 'http::addr=h;username=admin;password=***', terminated: false },
    settings: { password: 'S3cret;' },
  },
  {
    name: 'a password ending in an escaped ";", then the terminator',
    config: 'http::addr=h;username=admin;password=S3cret;;;',
    want: { display: 'http::addr=h;username=admin;password=***;', terminated: true },
    settings: { password: 'S3cret;' },
  },
  {
    name: 'a password starting with ";", a token holding "&", "=" and "?"',
    config: 'http::addr=h;username=a;password=;;Qz;token=S3c&ret=x?y',
    want: { display: 'http::addr=h;username=a;password=***;token=***', authorization: 'Bearer S3c&ret=x?y' },
    settings: { password: ';Qz', token: 'S3c&ret=x?y' },
  },
  {
    name: 'an escaped ";" in a value that is not secret is shown as written',
    config: 'https::addr=h;tls_ca=/etc/a;;b.pem;',
    want: { tlsCa: '/etc/a;b.pem', display: 'https::addr=h;tls_ca=/etc/a;;b.pem;' },
  },
  {
    name: 'every secret key hidden',
    config: 'https::addr=h;username=k;token=T0k;token_x=Tx;token_y=Ty;tls_roots=/r.p12;tls_roots_password=Rp',
    want: { display: 'https::addr=h;username=k;token=***;token_x=***;token_y=***;tls_roots=/r.p12;tls_roots_password=***' },
    clientSkips: true,
  },
];

for (const c of ok) {
  test(`parseQuestDbConfig: ${c.name}`, () => {
    const got = parseQuestDbConfig(c.config);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual(got[k as keyof typeof got], v, k);
    for (const [k, v] of Object.entries(c.settings ?? {})) assert.equal(got.settings.get(k), v, k);
    assert.equal(got.clientConfig, c.config, 'the client gets the string as it is');
    for (const k of SECRET_KEYS) {
      const secret = got.settings.get(k);
      if (secret) assert.ok(!got.display.includes(secret), `display shows ${k}: ${got.display}`);
    }
    if (c.clientSkips) return;
    // The official client reads the same settings, from the string and with our additions appended.
    const extra = { auto_flush: false, init_buf_size: 65536, protocol_version: '1' };
    for (const config of [c.config, withSettings(got, extra)]) {
      const client = clientReads(config);
      for (const [k, v] of got.settings) if (k !== 'addr' && k !== 'tls_verify') assert.equal(client[k], v, `${config}: ${k}`);
    }
    const appended = clientReads(withSettings(got, extra));
    assert.deepEqual([appended.auto_flush, appended.init_buf_size], [false, 65536], 'the additions are read as settings of their own');
  });
}

test('withSettings: a setting the user gave is kept, the rest appended after an unescaped ";", table', () => {
  const cases: { config: string; want: string }[] = [
    { config: 'http::addr=h', want: 'http::addr=h;auto_flush=off;protocol_version=1;' },
    { config: 'http::addr=h;', want: 'http::addr=h;auto_flush=off;protocol_version=1;' },
    { config: 'http::addr=h;password=S3cret;;', want: 'http::addr=h;password=S3cret;;;auto_flush=off;protocol_version=1;' },
    { config: 'http::addr=h;protocol_version=2', want: 'http::addr=h;protocol_version=2;auto_flush=off;' },
    // An option's name inside a value is not the option.
    { config: 'http::addr=h;password=x;;auto_flush=on', want: 'http::addr=h;password=x;;auto_flush=on;auto_flush=off;protocol_version=1;' },
  ];
  for (const c of cases) {
    const out = withSettings(parseQuestDbConfig(c.config), { auto_flush: false, protocol_version: '1' });
    assert.equal(out, c.want, c.config);
  }
});

/** Text from the secret values below: no message may hold any of it. */
const SECRET_TEXT = ['S3cret', 'Xy9', 'tail', 'S3c'];

const bad: { name: string; config: string; error: RegExp; clientRefuses: boolean }[] = [
  { name: 'TCP: no acknowledgements', config: 'tcp::addr=h:9009', error: /ILP over TCP gives no acknowledgement/, clientRefuses: false },
  { name: 'no addr', config: 'http::username=a', error: /needs addr=/, clientRefuses: true },
  { name: 'no scheme', config: 'addr=h', error: /must start with http::/, clientRefuses: true },
  {
    name: 'not key=value',
    config: 'http::addr=h;oops',
    error: /^QuestDB config: the setting after addr= is not key=value \(write a ";" inside a value as ";;"\)$/,
    clientRefuses: true,
  },
  { name: 'the first setting not key=value', config: 'http::;addr=h', error: /the first setting is not key=value/, clientRefuses: true },
  {
    name: 'an unescaped ";" in the password: the rest of it is not quoted',
    config: 'http::addr=h;username=admin;password=S3cret;tail;',
    error: /^QuestDB config: the setting after password= is not key=value \(write a ";" inside a value as ";;"\)$/,
    clientRefuses: true,
  },
  {
    name: 'an unescaped ";" in the password, "=" after it',
    config: 'http::addr=h;username=admin;password=S3cret;Xy9=tail',
    error: /^QuestDB config: the setting after password= is not a key the client knows/,
    clientRefuses: true,
  },
  {
    name: 'an unknown key after a plain one is named',
    config: 'http::addr=h;usr=admin',
    error: /"usr" is not a key the client knows/,
    clientRefuses: true,
  },
  { name: 'an empty value', config: 'http::addr=h;password=', error: /^QuestDB config: password= has no value$/, clientRefuses: true },
  {
    name: 'a control character in the password',
    config: 'http::addr=h;password=S3c\u0001ret',
    error: /^QuestDB config: the value of password= holds a control character$/,
    clientRefuses: true,
  },
  {
    name: 'a newline in a token',
    config: 'http::addr=h;token=S3cret\n',
    error: /the value of token= holds a control character/,
    clientRefuses: true,
  },
  {
    name: 'another scheme, "&" in the password',
    config: 'ftp::addr=h;password=S3c&tail',
    error: /must start with http::/,
    clientRefuses: true,
  },
];
for (const c of bad) {
  test(`parseQuestDbConfig rejects: ${c.name}`, () => {
    assert.throws(
      () => parseQuestDbConfig(c.config),
      (e: Error) => c.error.test(e.message) && SECRET_TEXT.every((s) => !e.message.includes(s)),
      c.name,
    );
    if (c.clientRefuses) assert.throws(() => clientReads(c.config), Error, `the client refuses it too: ${c.name}`);
  });
}
