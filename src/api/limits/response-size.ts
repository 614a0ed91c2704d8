/**
 * The size of a result as JSON, counted on the object before it is serialised, stopping
 * as soon as it passes the limit: an over-large answer is refused without building its
 * string. Approximate by design (escapes are not counted); the limit is a guard, not a quota.
 */
export function jsonBytesOver(value: unknown, max: number): boolean {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || v === undefined) bytes += 4;
    else if (typeof v === 'string') bytes += Buffer.byteLength(v) + 2;
    else if (typeof v === 'number' || typeof v === 'boolean') bytes += String(v).length;
    else if (Array.isArray(v)) {
      bytes += 2 + v.length;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object') {
      bytes += 2;
      for (const k in v) {
        bytes += k.length + 4;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
    if (bytes > max) return true;
  }
  return false;
}
