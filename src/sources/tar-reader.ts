/**
 * A streaming tar reader: members are yielded one at a time, their data as chunks,
 * without extracting anything to disk. Handles ustar, GNU long names and pax paths.
 * A member's data must be consumed (or skipped by moving on) before the next one.
 */
import type { Readable } from 'node:stream';

export interface TarMember {
  name: string;
  size: number;
  mtimeMs: number;
  /** Regular files only; the rest are skipped by the reader. */
  data: AsyncIterable<Buffer>;
  /** Set once `data` has ended early: the archive was cut inside this member. */
  truncated: boolean;
  /** `file` for regular files; other kinds carry no data and are listed, not read. */
  kind: TarMemberKind;
}

export type TarMemberKind = 'file' | 'hardlink' | 'symlink' | 'device' | 'fifo';
const KINDS: Readonly<Record<string, TarMemberKind>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'device',
  '4': 'device',
  '6': 'fifo',
};

/** How an archive ended short of its end marker (an interrupted download, a full disk). */
export interface TarDamage {
  /** The member the cut fell in, or null when it fell between members. */
  member: string | null;
  detail: string;
}

export class TarFormatError extends Error {}

const BLOCK = 512;

/**
 * Pulls exact byte counts out of a stream of arbitrary chunks. A stream that fails (a cut
 * .tar.gz) ends there: what came before it is still read, and `error` says why it ended.
 */
class ByteReader {
  private chunks: Buffer[] = [];
  private have = 0;
  private readonly it: AsyncIterator<Buffer>;
  private ended = false;
  error: Error | null = null;
  constructor(stream: AsyncIterable<Buffer>) {
    this.it = stream[Symbol.asyncIterator]();
  }
  private async fill(n: number): Promise<boolean> {
    while (this.have < n && !this.ended) {
      let r: IteratorResult<Buffer>;
      try {
        r = await this.it.next();
      } catch (e) {
        this.error = e as Error;
        this.ended = true;
        break;
      }
      if (r.done) this.ended = true;
      else {
        this.chunks.push(r.value);
        this.have += r.value.length;
      }
    }
    return this.have >= n;
  }
  /** Exactly n bytes, or null at end of stream (fewer available). */
  async read(n: number): Promise<Buffer | null> {
    if (!(await this.fill(n))) return null;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.have = rest.length;
    return out;
  }
  /** Up to `max` bytes (at least 1 unless at end). */
  async readSome(max: number): Promise<Buffer | null> {
    if (!(await this.fill(1))) return null;
    const first = this.chunks[0]!;
    if (first.length <= max) {
      this.chunks.shift();
      this.have -= first.length;
      return first;
    }
    this.chunks[0] = first.subarray(max);
    this.have -= max;
    return first.subarray(0, max);
  }
}

function field(b: Buffer, off: number, len: number): string {
  const s = b.toString('utf8', off, off + len);
  const z = s.indexOf('\0');
  return z >= 0 ? s.slice(0, z) : s;
}

function octal(b: Buffer, off: number, len: number): number {
  if ((b[off]! & 0x80) !== 0) {
    // GNU base-256 for large sizes.
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = field(b, off, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === octal(h, 148, 8);
}

/**
 * Yields the regular members. A cut archive never throws: every complete member and the
 * readable prefix of the cut one are yielded, and `onDamage` says where it was cut.
 */
export async function* readTar(
  stream: Readable | AsyncIterable<Buffer>,
  onDamage: (d: TarDamage) => void = () => undefined,
): AsyncGenerator<TarMember> {
  const r = new ByteReader(stream as AsyncIterable<Buffer>);
  const cut = (member: string | null, where: string): void =>
    onDamage({ member, detail: r.error ? `${where} (${r.error.message})` : where });
  let longName: string | null = null;
  let paxPath: string | null = null;
  for (;;) {
    const h = await r.read(BLOCK);
    if (h === null) return cut(null, 'the archive ends between members, without its end marker');
    if (h.every((x) => x === 0)) return;
    if (!checksumOk(h)) throw new TarFormatError('bad tar header checksum');
    const type = String.fromCharCode(h[156]!);
    const size = octal(h, 124, 12);
    const mtimeMs = octal(h, 136, 12) * 1000;
    const prefix = h.toString('latin1', 257, 263).startsWith('ustar') ? field(h, 345, 155) : '';
    const rawName = field(h, 0, 100);
    const padded = Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'L' || type === 'x') {
      const body = await r.read(padded);
      if (body === null) return cut(null, 'the archive ends inside a header extension');
      const text = body.toString('utf8', 0, size);
      if (type === 'L') longName = text.replace(/\0.*$/s, '');
      else paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)?.[1] ?? null;
      continue;
    }
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    longName = paxPath = null;

    let remaining = size;
    const kind = KINDS[type];
    const member: TarMember = {
      name,
      size,
      mtimeMs,
      truncated: false,
      kind: kind ?? 'file',
      data: {
        async *[Symbol.asyncIterator]() {
          while (remaining > 0) {
            const c = await r.readSome(Math.min(remaining, 1 << 20));
            if (c === null) {
              member.truncated = true;
              return;
            }
            remaining -= c.length;
            yield c;
          }
        },
      },
    };
    if (kind) yield member; // directories and unknown extension headers are not files
    // Skip whatever the consumer left, then the padding.
    while (remaining > 0) {
      const c = await r.readSome(Math.min(remaining, 1 << 20));
      if (c === null) return cut(name, `the archive ends inside ${name}, ${remaining} of its ${size} bytes missing`);
      remaining -= c.length;
    }
    if (padded > size && (await r.read(padded - size)) === null) return cut(null, 'the archive ends without its end marker');
  }
}
