/**
 * A scan job's content as a sequence of chunks, whatever it arrived as: a plain file (of
 * which only the head is read here: the scan reads the rest itself, so that it can seek),
 * a .gz on disk, or a stream. A read error ends the content and is kept, not thrown.
 */
import { readFirstBytes } from '../sources/input-walker.js';
import { gzipFailureOf, inflateIgnoringTrailer, type GzipFailure } from '../sources/gzip-recovery.js';

type Chunks = AsyncIterator<Buffer> | Iterator<Buffer>;

/** Where a job's bytes come from (ScanJobSpec's `input` and `gz`). */
export interface InputSpec {
  input: { type: 'path'; path: string } | { type: 'stream' };
  gz: boolean;
}

/** The first bytes of the content, and whether they are all of it. */
export interface Sniffed {
  head: Buffer;
  done: boolean;
}

export class ScanInput {
  /** The error that ended the content early, if one did. */
  error: Error | null = null;
  /** Set when a damaged .gz on disk was read again past its trailer check. */
  recovered: GzipFailure | null = null;
  private delivered = 0;

  private constructor(
    private iter: Chunks,
    /** A plain file: the scan reads it itself (positioned reads). */
    readonly plainPath: string | null,
    /** A .gz on disk, which can be read again raw. */
    private readonly gzPath: string | null,
  ) {}

  static open(spec: InputSpec, chunks: AsyncIterable<Buffer> | Iterable<Buffer> | null, sniffBytes: number): ScanInput {
    const onDisk = spec.input.type === 'path' ? spec.input.path : null;
    const plainPath = onDisk !== null && !spec.gz ? onDisk : null;
    const gzPath = onDisk !== null && spec.gz ? onDisk : null;
    let iter: Chunks;
    if (plainPath) iter = plainHead(plainPath, sniffBytes)[Symbol.iterator]();
    else if (chunks)
      iter = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : (chunks as Iterable<Buffer>)[Symbol.iterator]();
    else throw new Error('runScanJob: no input');
    return new ScanInput(iter, plainPath, gzPath);
  }

  /** The next chunk, or null at the end (or at a read error, then in `error`). */
  async next(): Promise<Buffer | null> {
    try {
      const r = await this.iter.next();
      if (r.done) return null;
      this.delivered += r.value.length;
      return r.value;
    } catch (e) {
      // A .gz on disk whose trailer check fails is read again raw, past what was delivered.
      if (this.gzPath && this.recovered === null && gzipFailureOf(e) === 'damaged_gzip') {
        this.recovered = 'damaged_gzip';
        this.iter = inflateIgnoringTrailer(this.gzPath, this.delivered);
        return this.next();
      }
      this.error = e as Error;
      return null;
    }
  }

  /** At least `bytes` bytes of content (all of it, if shorter), copied: readers reuse their buffers. */
  async sniff(bytes: number): Promise<Sniffed> {
    const first: Buffer[] = [];
    let have = 0;
    while (have < bytes) {
      const c = await this.next();
      if (c === null) return { head: Buffer.concat(first), done: true };
      first.push(Buffer.from(c));
      have += c.length;
    }
    return { head: Buffer.concat(first), done: false };
  }

  /** Stops reading: a plain file's head reader is closed. */
  async close(): Promise<void> {
    await this.iter.return?.();
  }

  /** Consumes what is left of a stream (a plain file is just closed). */
  async drain(): Promise<void> {
    try {
      if (this.plainPath) {
        await this.iter.return?.();
        return;
      }
      for (;;) if ((await this.iter.next()).done) return;
    } catch {
      // The content is not used; a broken tail changes nothing.
    }
  }
}

/** A plain file's head, for sniffing (the scan then reads the file straight into its buffer). */
function* plainHead(path: string, bytes: number): Generator<Buffer> {
  const head = readFirstBytes(path, bytes);
  if (head.length) yield head;
}
