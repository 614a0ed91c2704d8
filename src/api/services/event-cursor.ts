/** Opaque, stable cursors for event pagination: the event's sort key, base64url. */
import type { EventKey } from '../../model/event-order.js';

export { keyOf } from '../../model/event-order.js';
import { badInput } from '../errors.js';

export function encodeCursor(e: EventKey): string {
  return Buffer.from(JSON.stringify([e.tsUs, e.source, e.line, e.kind])).toString('base64url');
}

export function decodeCursor(c: string): EventKey {
  try {
    const [tsUs, source, line, kind] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [number, string, number, string];
    if (typeof tsUs !== 'number' || typeof source !== 'string' || typeof line !== 'number' || typeof kind !== 'string')
      throw new Error('shape');
    return { tsUs, source, line, kind };
  } catch {
    throw badInput(`"${c}" is not a cursor returned by this API`, 'after');
  }
}
