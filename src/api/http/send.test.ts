import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import { sendJson } from './send.js';

/** A server that answers every request at once with `status`, before reading any body. */
async function answering(status: number): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => sendJson(res, status, { status }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

/** Sends `head` and `body` on a raw socket; resolves with the reply and when the server closed it (or null after 3 s). */
function exchange(port: number, head: string, body: string): Promise<{ reply: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let reply = '';
    const sock = connect(port, '127.0.0.1', () => sock.write(head + body));
    const timer = setTimeout(() => (sock.destroy(), resolve({ reply, closedAfterMs: null })), 3000);
    sock.on('data', (c) => (reply += c.toString()));
    sock.on('close', () => (clearTimeout(timer), resolve({ reply, closedAfterMs: performance.now() - t0 })));
  });
}

const cases: { name: string; status: number; head: string; body: string; closes: boolean }[] = [
  {
    name: 'a refusal before a body that is still arriving closes the connection',
    status: 421,
    head: 'POST /graphql HTTP/1.1\r\nHost: elsewhere\r\nContent-Length: 100\r\n\r\n',
    body: '{"q',
    closes: true,
  },
  {
    name: 'a refused chunked body too',
    status: 401,
    head: 'POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    body: '5\r\nabcde\r\n',
    closes: true,
  },
  {
    name: 'a refused GET keeps its keep-alive connection',
    status: 404,
    head: 'GET /nope HTTP/1.1\r\nHost: x\r\n\r\n',
    body: '',
    closes: false,
  },
  {
    // The answer goes before the parser has read even a body that came in the same packet.
    name: 'a refused request with a whole small body closes too',
    status: 421,
    head: 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n',
    body: '{}',
    closes: true,
  },
];

test('send: refusals end connections with a body still to read, and only those', async () => {
  for (const c of cases) {
    const { server, port } = await answering(c.status);
    try {
      const r = await exchange(port, c.head, c.body);
      assert.match(r.reply, new RegExp(`^HTTP/1.1 ${c.status} `), c.name);
      if (c.closes) assert.ok(r.closedAfterMs !== null && r.closedAfterMs < 1000, `${c.name}: closed after ${r.closedAfterMs} ms`);
      else assert.equal(r.closedAfterMs, null, `${c.name}: kept open`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }
});
