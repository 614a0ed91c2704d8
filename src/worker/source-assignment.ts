/**
 * Which source (catalog key) a file in a followed directory continues. A key is stable
 * across rotation; a file's identity is its first bytes (the fingerprint), not its name:
 *
 * - the file at a source's current path, still starting with the same bytes → that source
 *   (grown or unchanged);
 * - a file at another path starting with the bytes of a source whose path no longer holds
 *   them → that source, moved (rename rotation, the `.1` of copy-truncate, its later `.gz`);
 * - a file starting with the bytes of a source whose own path still holds them → a copy in
 *   progress (copy-truncate before the truncate): deferred, never read twice;
 * - anything else → a new source, keyed by its path, or `path#<hash>` when a
 *   rotated-away source already owns that key.
 *
 * Pure: the caller reads heads and stats; this decides.
 */
import { createHash } from 'node:crypto';
import { samePrefix } from '../ingest/scan-job.js';
import { rotatedSourceKey } from '../identity/source-identity.js';

export interface FollowedFile {
  /** Path relative to the followed directory, as ingest keys it. */
  rel: string;
  /** Its first bytes (decompressed for .gz): up to the fingerprint length. */
  head: Buffer;
}

export interface KnownSource {
  key: string;
  path: string;
  /** `format/n:sha1` of the first n bytes; empty when a crash left it unknown. */
  fingerprint: string;
}

export type Assignment =
  | { rel: string; action: 'continue'; key: string }
  | { rel: string; action: 'move'; key: string; from: string }
  | { rel: string; action: 'new'; key: string }
  | { rel: string; action: 'defer'; key: string; reason: 'copy_of_followed_file' };

/**
 * @param changed files that are new or changed since they were last read
 * @param held keys whose files did not change (they keep their source)
 */
export function assignSources(changed: readonly FollowedFile[], known: readonly KnownSource[], held: ReadonlySet<string>): Assignment[] {
  const byKey = new Map(known.map((k) => [k.key, k]));
  const byPath = new Map(known.map((k) => [k.path, k]));
  const taken = new Set(held);
  const out = new Map<string, Assignment>();

  // 1. Files still where their source says they are, with the same start.
  for (const f of changed) {
    const k = byPath.get(f.rel);
    if (k && !taken.has(k.key) && (k.fingerprint === '' || headMatches(f.head, k.fingerprint))) {
      out.set(f.rel, { rel: f.rel, action: 'continue', key: k.key });
      taken.add(k.key);
    }
  }
  // 2. The rest: moved, a copy in progress, or new.
  for (const f of changed) {
    if (out.has(f.rel)) continue;
    const same = known.filter((k) => k.fingerprint !== '' && headMatches(f.head, k.fingerprint));
    const free = same.filter((k) => !taken.has(k.key));
    if (free.length) {
      // Several candidates (identical starts): the one with the longest fingerprint, then the nearest name.
      const k = free.sort(
        (a, b) => fpBytes(b.fingerprint) - fpBytes(a.fingerprint) || commonPrefix(b.path, f.rel) - commonPrefix(a.path, f.rel),
      )[0]!;
      out.set(f.rel, { rel: f.rel, action: 'move', key: k.key, from: k.path });
      taken.add(k.key);
    } else if (same.length) {
      out.set(f.rel, { rel: f.rel, action: 'defer', key: same[0]!.key, reason: 'copy_of_followed_file' });
    } else {
      const key = byKey.has(f.rel) || taken.has(f.rel) ? rotatedSourceKey(f.rel, createHash('sha1').update(f.head).digest('hex')) : f.rel;
      out.set(f.rel, { rel: f.rel, action: 'new', key });
      taken.add(key);
    }
  }
  return changed.map((f) => out.get(f.rel)!);
}

function headMatches(head: Buffer, fingerprint: string): boolean {
  const slash = fingerprint.indexOf('/');
  return samePrefix(head, slash < 0 ? fingerprint : fingerprint.slice(slash + 1));
}

function fpBytes(fingerprint: string): number {
  return Number(fingerprint.slice(fingerprint.indexOf('/') + 1).split(':', 1)[0]) || 0;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
