/**
 * Client errors (timed-out and malformed requests) answered a few per event-loop turn.
 * Node answers every connection its periodic check finds timed out in one go: 1 100
 * connections cut together held the loop 76–126 ms in bench:load, `/healthz` waiting
 * behind them. Each still gets Node's own answer, then its socket is destroyed.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's answers (lib/_http_server.js), by error code; 400 for the rest. */
const ANSWERS: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/** Answered per turn: a burst of 1 100 takes 22 turns, each a few milliseconds. */
export const CLIENT_ERRORS_PER_TURN = 50;

/** The response Node links to a connection while one is in flight (`socket._httpMessage`). */
type ServerSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

/** Node's default reply: an answer unless a response has begun on this connection, then the end of it. */
function answer(error: Error & { code?: string }, socket: ServerSocket): void {
  if (socket.writable && !socket._httpMessage?.headersSent) socket.write(ANSWERS[error.code ?? ''] ?? BAD_REQUEST);
  socket.destroy();
}

export function answerClientErrorsInTurns(server: Server, perTurn = CLIENT_ERRORS_PER_TURN): void {
  const queue: [Error, ServerSocket][] = [];
  let draining = false;
  const drain = (): void => {
    for (const [error, socket] of queue.splice(0, perTurn)) answer(error, socket);
    // Scheduled from the check phase, the next batch waits for the next turn (its poll phase first).
    if (queue.length) setImmediate(drain);
    else draining = false;
  };
  server.on('clientError', (error: Error, socket: ServerSocket) => {
    queue.push([error, socket]);
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  });
}
