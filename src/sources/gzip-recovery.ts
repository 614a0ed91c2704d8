/**
 * A .gz whose data is intact but whose trailer is not (a bad CRC, a bit flipped in the
 * last bytes) makes zlib's gunzip refuse the whole stream, often before it hands over a
 * byte. Its deflate body still inflates: read it raw, past the header, and keep it.
 */
import { createReadStream, closeSync, openSync, readSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';

/** How a gunzip stream failed, from zlib's error code (never from its message's wording). */
export type GzipFailure = 'truncated_gzip' | 'damaged_gzip';

export function gzipFailureOf(e: unknown): GzipFailure | null {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'Z_BUF_ERROR') return 'truncated_gzip'; // the stream ends early
  if (code === 'Z_DATA_ERROR') return 'damaged_gzip'; // bad header, bad data or bad check value
  return null;
}

const FHCRC = 2,
  FEXTRA = 4,
  FNAME = 8,
  FCOMMENT = 16;

/** Where the deflate body starts after a gzip member header (RFC 1952), or null if it is none. */
export function gzipBodyOffset(h: Uint8Array): number | null {
  if (h.length < 10 || h[0] !== 0x1f || h[1] !== 0x8b || h[2] !== 8) return null;
  const flags = h[3]!;
  let p = 10;
  if (flags & FEXTRA) p += 2 + (h[p]! | (h[p + 1]! << 8));
  const skipZero = (): void => {
    while (p < h.length && h[p] !== 0) p++;
    p++;
  };
  if (flags & FNAME) skipZero();
  if (flags & FCOMMENT) skipZero();
  if (flags & FHCRC) p += 2;
  return p <= h.length ? p : null;
}

/** The file's inflated content from byte `skip` on, the trailer unchecked; ends where inflating stops. */
export async function* inflateIgnoringTrailer(path: string, skip: number): AsyncGenerator<Buffer> {
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const body = gzipBodyOffset(head.subarray(0, n));
  if (body === null) return;
  const inflate = createReadStream(path, { start: body, highWaterMark: 1 << 20 }).pipe(createInflateRaw({ chunkSize: 1 << 20 }));
  let left = skip;
  try {
    for await (const c of inflate as AsyncIterable<Buffer>) {
      if (left >= c.length) {
        left -= c.length;
        continue;
      }
      yield left > 0 ? c.subarray(left) : c;
      left = 0;
    }
  } catch {
    // Inflating stopped at damaged data: what came before it is all there is.
  }
}
