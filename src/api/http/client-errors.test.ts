import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { answerClientErrorsInTurns } from './client-errors.js';

/** A server that cuts off requests whose headers take over 200 ms, checked every 50 ms. */
async function strict(perTurn: number): Promise<{ server: Server; port: number }> {
  const server = createServer({ connectionsCheckingInterval: 50 }, (_req, res) => res.end('ok'));
  server.headersTimeout = 200;
  server.requestTimeout = 200;
  answerClientErrorsInTurns(server, perTurn);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

/** A raw connection that sends `text`; resolves with everything it got once the server closed it. */
function client(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const sock: Socket = connect(port, '127.0.0.1', () => text && sock.write(text));
    sock.on('data', (c) => (reply += c.toString()));
    sock.on('error', reject);
    sock.on('close', () => resolve(reply));
  });
}

test('client errors get the answers Node gives, table', async () => {
  const { server, port } = await strict(2);
  const cases: { name: string; send: string; status: string }[] = [
    { name: 'nothing sent: timed out', send: '', status: 'HTTP/1.1 408 Request Timeout' },
    { name: 'headers trickling: timed out', send: 'GET / HTTP/1.1\r\nHo', status: 'HTTP/1.1 408 Request Timeout' },
    { name: 'not HTTP', send: 'HELLO\r\n\r\n', status: 'HTTP/1.1 400 Bad Request' },
    {
      name: 'headers too large',
      send: `GET / HTTP/1.1\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`,
      status: 'HTTP/1.1 431 Request Header Fields Too Large',
    },
  ];
  try {
    for (const c of cases) assert.equal((await client(port, c.send)).split('\r\n')[0], c.status, c.name);
  } finally {
    server.close();
  }
});

test('a burst of timed-out connections is answered a batch per turn, and requests are served in between', async () => {
  const { server, port } = await strict(5);
  const turns: number[] = [];
  let turn = 0;
  let ticking = true;
  // Counts iterations of the event loop while the burst drains; each 408 notes the one it arrived in.
  const tick = (): void => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const idle = Array.from({ length: 60 }, () => client(port, '').then((r) => (turns.push(turn), r)));
    const replies = await Promise.all(idle);
    assert.ok(
      replies.every((r) => r.startsWith('HTTP/1.1 408')),
      'every idle connection got a 408',
    );
    assert.ok(new Set(turns).size > 1, `answered over more than one turn: ${[...new Set(turns)].join(',')}`);
    assert.match(await client(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200/);
  } finally {
    ticking = false;
    server.close();
  }
});
