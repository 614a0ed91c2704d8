/**
 * The size of a result as JSON, counted on the object before it is serialised, stopping
 * as soon as it passes the limit: an over-large answer is refused without building its
 * string. Approximate by design (escapes are not counted); the limit is a guard, not a quota.
 */
export function jsonBytesOver(value: unknown, max: number): boolean {
  return sizeOf(value, 0, max) > max;
}

/** `bytes` so far plus the size of `v`; returns as soon as the sum passes `max`. Results are only as deep as the query. */
function sizeOf(v: unknown, bytes: number, max: number): number {
  if (v === null || v === undefined) return bytes + 4;
  if (typeof v === 'string') return bytes + Buffer.byteLength(v) + 2;
  if (typeof v === 'number' || typeof v === 'boolean') return bytes + String(v).length;
  if (Array.isArray(v)) {
    bytes += 1;
    for (const x of v) {
      bytes = sizeOf(x, bytes + 1, max);
      if (bytes > max) return bytes;
    }
    return bytes + (v.length ? 0 : 1);
  }
  if (typeof v === 'object') {
    bytes += 1;
    let n = 0;
    for (const k in v) {
      n++;
      bytes = sizeOf((v as Record<string, unknown>)[k], bytes + k.length + 4, max);
      if (bytes > max) return bytes;
    }
    return bytes + (n ? 0 : 1);
  }
  return bytes;
}
