/** The first bytes of a file, decompressed when it is gzip: what its fingerprint covers. */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { readFirstBytes } from '../sources/input-walker.js';

export async function readHead(path: string, gz: boolean, bytes: number): Promise<Buffer> {
  if (!gz) return readFirstBytes(path, bytes);
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
