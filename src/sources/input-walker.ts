/**
 * Expands the paths given to `ingest` into inputs: plain or gzip log files, tar
 * archives (read later as streams), stdin. Directories are walked recursively;
 * symlinks are followed only while they stay inside the bundle.
 */
import { openSync, readSync, closeSync, readdirSync, realpathSync, statSync, lstatSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { gunzipSync, constants as zc } from 'node:zlib';
import { parseGlogFileName } from '../parsers/glog/glog.parser.js';
import type { FileSkipReason } from '../ingest/skip-reasons.js';
import { bundlePath } from '../identity/source-identity.js';

export type InputItem =
  | { kind: 'file'; path: string; source: string; size: number; mtimeMs: number; gz: boolean }
  | { kind: 'tar'; path: string; source: string; size: number; gz: boolean }
  | { kind: 'stdin' }
  | { kind: 'skip'; source: string; reason: FileSkipReason; detail?: string }
  | { kind: 'missing'; path: string; detail: string };

/** What the first bytes say a file is. */
export function sniffContainer(path: string): { gz: boolean; tar: boolean } {
  return sniffBytes(readFirstBytes(path, 64 * 1024));
}

/** Up to `bytes` bytes from the start of a file (fewer when it is shorter). */
export function readFirstBytes(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const n = readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` bytes of a file's content, inflated when it is a .gz (what fingerprints hash). */
export function readContentHead(path: string, gz: boolean, bytes: number): Buffer {
  if (!gz) return readFirstBytes(path, bytes);
  return inflateHead(readFirstBytes(path, 64 * 1024)).subarray(0, bytes);
}

/** As much of a gzip stream's content as its first bytes give (none when they are not gzip). */
export function inflateHead(compressed: Buffer): Buffer {
  try {
    return gunzipSync(compressed, { finishFlush: zc.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

export function sniffBytes(head: Buffer): { gz: boolean; tar: boolean } {
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let inner = head;
  if (gz) {
    try {
      // Partial input: ask zlib to flush what it can instead of failing on the cut.
      inner = gunzipSync(head, { finishFlush: zc.Z_SYNC_FLUSH });
    } catch {
      inner = Buffer.alloc(0);
    }
  }
  const tar = inner.length >= 262 && inner.toString('latin1', 257, 262) === 'ustar';
  return { gz, tar };
}

/** The bundle-relative name of a file: relative to the directory given, `/`-separated. */
function toSource(root: string, file: string, rootIsDir: boolean): string {
  const rel = rootIsDir ? relative(root, file) : basename(file);
  return rel.split(sep).join('/');
}

export function* walkInputs(paths: readonly string[]): Generator<InputItem> {
  for (const p of paths) {
    if (p === '-') {
      yield { kind: 'stdin' };
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      yield {
        kind: 'missing',
        path: p,
        detail: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message,
      };
      continue;
    }
    if (st.isDirectory()) {
      const root = realpathSync(resolve(p));
      yield* walkDir(root, root, new Set([root]));
    } else {
      // A file named directly keeps its bundle path when it has one (the node folder names its node).
      yield* classifyFile(resolve(p), bundlePath(p.split(sep).join('/')) ?? basename(p), st.size, st.mtimeMs);
    }
  }
}

function* classifyFile(path: string, source: string, size: number, mtimeMs: number): Generator<InputItem> {
  if (size === 0) {
    yield { kind: 'skip', source, reason: 'empty' };
    return;
  }
  let sniff;
  try {
    sniff = sniffContainer(path);
  } catch (e) {
    yield { kind: 'skip', source, reason: 'unreadable', detail: (e as Error).message };
    return;
  }
  if (sniff.tar) yield { kind: 'tar', path, source, size, gz: sniff.gz };
  else yield { kind: 'file', path, source, size, mtimeMs, gz: sniff.gz };
}

function* walkDir(root: string, dir: string, seen: Set<string>): Generator<InputItem> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    yield { kind: 'skip', source: toSource(root, dir, true), reason: 'unreadable', detail: (e as Error).message };
    return;
  }
  const files: { path: string; name: string }[] = [];
  for (const ent of entries) {
    const full = join(dir, ent.name);
    if (ent.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(full);
      } catch {
        yield { kind: 'skip', source: toSource(root, full, true), reason: 'unreadable', detail: 'dangling symlink' };
        continue;
      }
      if (target !== root && !target.startsWith(root + sep)) {
        yield { kind: 'skip', source: toSource(root, full, true), reason: 'outside_bundle', detail: `links to ${target}` };
        continue;
      }
      if (lstatSync(target).isDirectory()) {
        if (seen.has(target)) continue; // a loop, or a second name for a folder already walked
        seen.add(target);
        yield* walkDir(root, target, seen);
        continue;
      }
      // The file it names is inside the bundle and is walked under its own name.
      yield { kind: 'skip', source: toSource(root, full, true), reason: 'link_in_bundle', detail: `links to ${relative(root, target)}` };
      continue;
    } else if (ent.isDirectory()) {
      if (seen.has(full)) continue;
      seen.add(full);
      yield* walkDir(root, full, seen);
      continue;
    } else if (!ent.isFile()) {
      continue;
    }
    files.push({ path: full, name: join(dir, ent.name) });
  }
  const copies = severityCopies(files.map((f) => basename(f.name)));
  for (const f of files) {
    const source = toSource(root, f.name, true);
    if (copies.has(basename(f.name))) {
      yield { kind: 'skip', source, reason: 'severity_copy' };
      continue;
    }
    let st;
    try {
      st = statSync(f.path);
    } catch (e) {
      yield { kind: 'skip', source, reason: 'unreadable', detail: (e as Error).message };
      continue;
    }
    yield* classifyFile(f.path, source, st.size, st.mtimeMs);
  }
}

/**
 * glog writes WARNING/ERROR/FATAL copies of lines that are also in the INFO file of
 * the same process; ingesting both would duplicate events. Returns the copies.
 */
export function severityCopies(names: readonly string[]): Set<string> {
  const withInfo = new Set<string>();
  const parsed = names.map((n) => ({ n, g: parseGlogFileName(n) }));
  for (const { g } of parsed) if (g?.severity === 'INFO') withInfo.add(`${g.program}/${g.pid}`);
  const out = new Set<string>();
  for (const { n, g } of parsed) {
    if (g && g.severity && g.severity !== 'INFO' && withInfo.has(`${g.program}/${g.pid}`)) out.add(n);
  }
  return out;
}
