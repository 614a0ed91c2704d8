/** The first bytes of a file, decompressed when it is gzip: what its fingerprint covers. */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

export async function readHead(path: string, gz: boolean, bytes: number): Promise<Buffer> {
  if (!gz) {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const n = readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }
  const chunks: Buffer[] = [];
  let got = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const c of stream as AsyncIterable<Buffer>) {
      chunks.push(c);
      got += c.length;
      if (got >= bytes) break;
    }
  } catch {
    // A truncated .gz still has a head; what is there is what counts.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}
