/**
 * Which stored source a file is, from what it is rather than how it arrived: the same
 * file as a folder, a .tgz, a renamed .tgz or stdin is one source (its first bytes match
 * a stored fingerprint), and two different files are two sources whatever their names.
 *
 * - a file whose first bytes match a stored source of a compatible cluster and node
 *   → that source (unchanged, grown, or read again in full), whatever its path;
 * - the same content twice in one run → the second is a duplicate, not read;
 * - a source a killed run marked before it knew its content → the file at its path;
 * - anything else → a new source, keyed by its bundle path, or `path#<hash>` when that
 *   key already belongs to other content.
 *
 * The worker (src/worker/source-assignment.ts) follows rotation with the same test.
 */
import { createHash } from 'node:crypto';
import type { CatalogSource, StoredCheckpoint } from '../catalog/catalog.js';
import { identifySource, rotatedSourceKey, type IdentityOverrides } from '../identity/source-identity.js';
import { fingerprintOf } from './scan-job.js';

export type Resolution = { key: string } | { duplicateOf: string };

interface Claim {
  key: string;
  /** `n:sha1` of the first n bytes, as in checkpoints (without the format). */
  fingerprint: string;
  cluster: string | null;
  node: string | null;
  /** From a glog file name or --service: two processes' logs may start with the same header. */
  service: string | null;
  pid: number | null;
  path: string;
}

/**
 * Claims by fingerprint (`n:sha1 of the first n bytes`). A file's head is hashed once per
 * distinct n, incrementally: each file costs a few digests, not one hash per stored source
 * (a bundle of thousands of files against a store of thousands).
 */
class FingerprintIndex {
  private readonly byFingerprint = new Map<string, Claim[]>();
  private lengths: number[] = [];

  add(c: Claim): void {
    const n = Number(c.fingerprint.split(':', 1)[0]);
    if (!Number.isInteger(n) || n < 0) return;
    const list = this.byFingerprint.get(c.fingerprint);
    if (list) list.push(c);
    else this.byFingerprint.set(c.fingerprint, [c]);
    if (!this.lengths.includes(n)) this.lengths = [...this.lengths, n].sort((a, b) => a - b);
  }

  /** The claims whose first bytes `head` starts with. */
  matching(head: Buffer): Claim[] {
    const out: Claim[] = [];
    const hash = createHash('sha1');
    let hashed = 0;
    for (const n of this.lengths) {
      if (n > head.length) break;
      hash.update(head.subarray(hashed, n));
      hashed = n;
      const found = this.byFingerprint.get(`${n}:${hash.copy().digest('hex')}`);
      if (found) out.push(...found);
    }
    return out;
  }
}

export class SourceResolver {
  private readonly stored = new FingerprintIndex();
  private readonly keys: Set<string>;
  /** Keys a killed run marked before it learned their content: the file at that path repairs them. */
  private readonly unfinished: Set<string>;
  /** Keys given to files of this run, and their content. */
  private readonly claimed = new Map<string, Claim>();
  private readonly claimedIndex = new FingerprintIndex();

  constructor(
    known: ReadonlyMap<string, StoredCheckpoint & Partial<Pick<CatalogSource, 'path' | 'cluster' | 'node' | 'service' | 'pid'>>>,
    private readonly overrides: IdentityOverrides,
  ) {
    this.keys = new Set(known.keys());
    this.unfinished = new Set([...known.values()].filter((k) => k.fingerprint === '').map((k) => k.source));
    for (const k of known.values()) {
      if (k.fingerprint === '') continue;
      this.stored.add({
        key: k.source,
        fingerprint: hashPart(k.fingerprint),
        cluster: k.cluster ?? null,
        node: k.node ?? null,
        service: k.service ?? null,
        pid: k.pid ?? null,
        path: k.path ?? k.source,
      });
    }
  }

  /** `pathKey`: the file's bundle path (see bundleKey); `head`: its first bytes, decompressed. */
  resolve(pathKey: string, head: Buffer): Resolution {
    const who = this.identityOf(pathKey);
    const again = this.claimedIndex.matching(head).find((c) => compatible(c, who));
    if (again) return { duplicateOf: again.key };
    const stored = this.stored
      .matching(head)
      .filter((c) => compatible(c, who) && !this.claimed.has(c.key))
      .sort(byCloseness(pathKey))[0];
    const key = stored?.key ?? (this.unfinished.has(pathKey) && !this.claimed.has(pathKey) ? pathKey : this.freeKey(pathKey, head));
    const claim = { key, fingerprint: fingerprintOf(head), ...who, path: pathKey };
    this.claimed.set(key, claim);
    this.claimedIndex.add(claim);
    return { key };
  }

  /** Whose file the path or the user says it is; null where neither says (any will do). */
  private identityOf(pathKey: string): Identity {
    const id = identifySource(pathKey, 'glog', {}, this.overrides);
    const clusterKnown = this.overrides.cluster !== undefined || id.cluster !== 'default';
    return {
      cluster: clusterKnown ? id.cluster : null,
      node: id.nodeGuessed ? null : id.node,
      service: this.overrides.service ?? id.glogName?.program ?? null,
      pid: id.glogName?.pid ?? null,
    };
  }

  private freeKey(pathKey: string, head: Buffer): string {
    if (!this.keys.has(pathKey) && !this.claimed.has(pathKey)) return pathKey;
    return rotatedSourceKey(pathKey, createHash('sha1').update(head).digest('hex'));
  }
}

type Identity = Pick<Claim, 'cluster' | 'node' | 'service' | 'pid'>;

/** Same cluster, node, service and process where both sides name one; a side that names none matches any. */
function compatible(c: Claim, who: Identity): boolean {
  const same = <T>(a: T | null, b: T | null): boolean => a === null || b === null || a === b;
  return same(c.cluster, who.cluster) && same(c.node, who.node) && same(c.service, who.service) && same(c.pid, who.pid);
}

/** The same key first, then the longest fingerprint, then the nearest path. */
function byCloseness(pathKey: string): (a: Claim, b: Claim) => number {
  const near = (c: Claim): number => commonPrefix(c.path, pathKey);
  return (a, b) =>
    Number(b.key === pathKey) - Number(a.key === pathKey) || fpBytes(b.fingerprint) - fpBytes(a.fingerprint) || near(b) - near(a);
}

function hashPart(fingerprint: string): string {
  const slash = fingerprint.indexOf('/');
  return slash < 0 ? fingerprint : fingerprint.slice(slash + 1);
}

function fpBytes(fingerprint: string): number {
  return Number(fingerprint.split(':', 1)[0]) || 0;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
