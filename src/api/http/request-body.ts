/** A request body, read whole up to a size limit and a deadline. */
import type { IncomingMessage } from 'node:http';

/** Largest request body accepted (a GraphQL document with variables). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body, unless it is over `max` bytes (413) or still arriving after `deadlineMs` (408): a slow client must not hold a request open. */
export type BodyRead = { body: string } | { refused: 413 | 408 };

export function readBody(req: IncomingMessage, deadlineMs: number, max = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    const finish = (r: BodyRead): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if ('refused' in r) req.resume(); // drain without keeping: the answer goes out, the connection closes
      resolve(r);
    };
    const onData = (c: Buffer): void => {
      n += c.length;
      if (n > max) finish({ refused: 413 });
      else parts.push(c);
    };
    const onEnd = (): void => finish({ body: parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8') });
    const onError = (e: Error): void => (clearTimeout(timer), reject(e));
    const timer = setTimeout(() => finish({ refused: 408 }), deadlineMs);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
