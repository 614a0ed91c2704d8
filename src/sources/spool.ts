/**
 * Archive members kept on disk for a while (glog severity copies read from stdin, until
 * the archive's end says whether their INFO file is there). Bounded: past SPOOL_MAX_BYTES
 * nothing more is taken. A spool is named by its process, so the next run removes what
 * a killed one left.
 */
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TarMember } from './tar-reader.js';

export const SPOOL_MAX_BYTES = 512 * 1024 * 1024;
const PREFIX = 'zbs-spool-';
/** Spools of builds before they carried their pid: removed once this old. */
const OLD_PREFIX = 'zbs-tar-';
const OLD_AGE_MS = 3_600_000;

export class Spool {
  private dir: string | null = null;
  private used = 0;
  private files = 0;

  /** Writes the member to disk and returns its path, or null when the spool is full. */
  async take(m: TarMember): Promise<string | null> {
    if (this.used + m.size > SPOOL_MAX_BYTES) return null;
    this.dir ??= mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    const path = join(this.dir, String(this.files++));
    this.used += m.size;
    await pipeline(Readable.from(m.data), createWriteStream(path));
    return path;
  }

  remove(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/** Removes the spools of runs that are gone (killed); returns how many. */
export function removeStaleSpools(dir = tmpdir()): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length).split('-', 1)[0]) : null;
    const stale = pid !== null ? !alive(pid) : name.startsWith(OLD_PREFIX) && olderThan(join(dir, name), OLD_AGE_MS);
    if (!stale) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's live process
  }
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}
