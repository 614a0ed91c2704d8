/** Small responses the HTTP layer writes itself. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request whose body is still arriving: Node would keep reading it after the answer, until the request timeout. */
function bodyPending(req: IncomingMessage | undefined): boolean {
  if (!req || req.complete) return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  // A refusal (wrong Host, no token, no route) ends a connection whose body is unread, so a slow sender holds nothing.
  const close: Record<string, string> = status >= 400 && bodyPending(res.req) ? { connection: 'close' } : {};
  res.writeHead(status, { 'content-type': type, ...close, ...extra });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json', JSON.stringify(body), extra);
}
