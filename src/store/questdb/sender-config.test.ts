import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { SenderOptions } from '@questdb/nodejs-client';
import { parseQuestDbConfig } from './questdb.config.js';
import { senderConfig } from './questdb.events-table.js';
import { StoreUnavailableError } from '../store-unavailable.js';

/** A stand-in for QuestDB's /settings, as each version answers it (bodies copied from real 8.0.3 and 9.3.2 servers). */
async function settingsServer(body: string): Promise<{ server: Server; addr: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/settings') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, addr: `127.0.0.1:${(server.address() as { port: number }).port}` };
}

const cases: { name: string; body: string; extra?: string; wantVersion: string | null }[] = [
  {
    name: 'QuestDB 8.0.3 names no versions: protocol 1',
    body: '{"release.type":"OSS","release.version":"8.0.3","acl.enabled":false}',
    wantVersion: '1',
  },
  {
    name: 'QuestDB 9.3.2 names its versions: the client negotiates',
    body: '{"config":{"release.version":"9.3.2","line.proto.support.versions":[1,2,3]}}',
    wantVersion: null,
  },
  { name: 'a version the user set is kept, unasked', body: 'not even JSON', extra: 'protocol_version=2;', wantVersion: '2' },
  { name: 'an answer that is not JSON: protocol 1', body: '<html>proxy</html>', wantVersion: '1' },
];

for (const c of cases) {
  test(`senderConfig: ${c.name}`, async () => {
    const { server, addr } = await settingsServer(c.body);
    try {
      const config = await senderConfig(parseQuestDbConfig(`http::addr=${addr};${c.extra ?? ''}`));
      assert.equal(/protocol_version=(\d)/.exec(config)?.[1] ?? null, c.wantVersion, config);
      assert.match(config, /auto_flush=off;/, 'writes are flushed explicitly, batch by batch');
    } finally {
      server.close();
    }
  });
}

test('senderConfig: a password holding escaped ";" reaches the client whole, table', async () => {
  const { server, addr } = await settingsServer('{}');
  try {
    const cases: [string, string][] = [
      ['username=admin;password=S3cret;;PW;', 'S3cret;PW'],
      ['username=admin;password=S3cret;;', 'S3cret;'], // ends in ";": the first option appended used to join the password
    ];
    for (const [extra, want] of cases) {
      const config = await senderConfig(parseQuestDbConfig(`http::addr=${addr};${extra}`));
      const client = new SenderOptions(config) as unknown as { password: string; auto_flush: boolean; protocol_version: string };
      assert.deepEqual([client.password, client.auto_flush, client.protocol_version], [want, false, '1'], extra);
    }
  } finally {
    server.close();
  }
});

test('senderConfig: an unreachable server is a StoreUnavailableError (the worker retries it)', async () => {
  const { server, addr } = await settingsServer('{}');
  server.close();
  await assert.rejects(senderConfig(parseQuestDbConfig(`http::addr=${addr}`)), StoreUnavailableError);
});
