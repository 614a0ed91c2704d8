/** A request body, read whole up to a limit. */
import type { IncomingMessage } from 'node:http';

/** Largest request body accepted (a GraphQL document with variables). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, or null when it is over `max` bytes (the rest is not read). */
export function readBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    const onData = (c: Buffer): void => {
      n += c.length;
      if (n <= max) return void parts.push(c);
      req.off('data', onData);
      req.resume(); // drain without keeping: the 413 goes out once the client has sent it
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(n > max ? null : parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8')));
    req.once('error', reject);
  });
}
