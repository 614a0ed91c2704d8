/**
 * Sorting by time without a JS call per comparison: each item becomes one 64-bit key,
 * its time (µs since the earliest) above a tag of `tagBits` bits, and the keys are sorted
 * natively. Used where tens of thousands of items are sorted per answer (the event order,
 * the cut-off sweep's changes), where a comparator made ~10 calls per item.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The tags in (time, tag) order; null when a time is no safe integer, or the span of the
 * times and the tags do not fit 64 bits together (the caller then sorts by comparator).
 */
export function tagsByTime(times: Float64Array, tags: Uint32Array, tagBits: number): Uint32Array | null {
  const n = times.length;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    if (!Number.isSafeInteger(t)) return null;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  if (!n || tagBits > 31 || t1 - t0 > Number.MAX_SAFE_INTEGER || t1 - t0 >= 2 ** (64 - tagBits)) return null;
  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer); // written as two 32-bit halves: no BigInt per item
  const lo = LITTLE_ENDIAN ? 0 : 1;
  const span = 2 ** (32 - tagBits);
  for (let i = 0; i < n; i++) {
    const rel = times[i]! - t0;
    words[2 * i + lo] = (rel % span) * 2 ** tagBits + tags[i]!;
    words[2 * i + 1 - lo] = Math.floor(rel / span);
  }
  keys.sort();
  const tagSpan = 2 ** tagBits;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = words[2 * i + lo]! % tagSpan;
  return out;
}

/** Bits enough for the numbers 0 … max (at least one). */
export function bitsFor(max: number): number {
  return Math.max(1, Math.ceil(Math.log2(max + 1)));
}
