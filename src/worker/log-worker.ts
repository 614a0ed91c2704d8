/**
 * The live ingest worker: polls followed directories, reads what is new in each file
 * from its checkpoint, follows rotation by content (src/worker/source-assignment.ts),
 * and writes through the same ingest path as `ingest`. Crash-safe by construction:
 * checkpoints advance only with the events they cover (see EventStore.writeBatch), so
 * after `kill -9` the next start re-reads exactly what was not stored.
 */
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { LogFn } from '../model/log.js';
import type { IdentityOverrides } from '../identity/source-identity.js';
import { ingest } from '../ingest/ingest.js';
import { FINGERPRINT_BYTES } from '../ingest/scan-job.js';
import { walkInputs, type InputItem } from '../sources/input-walker.js';
import type { EventStore } from '../store/event-store.js';
import { readHead } from './file-head.js';
import { assignSources, type FollowedFile } from './source-assignment.js';
import { WorkerMetrics } from './worker-metrics.js';

/** Retry policy when a poll fails (store unreachable, locked, refusing writes). */
export const RETRY_INITIAL_MS = 500;
export const RETRY_MAX_MS = 30_000;
export const RETRY_FACTOR = 2;

export interface WorkerOptions {
  dirs: string[];
  openStore: () => Promise<EventStore>;
  /** Close the store between polls: an embedded DuckDB file is locked while open. */
  releaseStoreBetweenPolls: boolean;
  /** The store is someone else's (serve's, shared with its API): never closed here. */
  sharedStore?: boolean;
  /** Told after each poll that stored something (serve publishes live updates from it). */
  onStored?: (r: PollResult) => void;
  intervalMs: number;
  tz?: string;
  overrides?: IdentityOverrides;
  rulesFiles?: string[];
  jobs?: number;
  log: LogFn;
}

type FileItem = Extract<InputItem, { kind: 'file' }>;

/** A file new or changed since it was last stored, with the first bytes that identify it. */
interface Changed {
  item: FileItem;
  ino: number;
  head: Buffer;
}

interface Seen {
  key: string;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface PollResult {
  files: number;
  events: number;
  moved: number;
  deferred: number;
}

export class LogWorker {
  readonly metrics = new WorkerMetrics();
  /** What each file looked like when last stored, by absolute path: unchanged files are not reopened. */
  private readonly seen = new Map<string, Seen>();
  /** When each pending change was first noticed (for the lag metric). */
  private readonly pendingSince = new Map<string, number>();
  private store: EventStore | null = null;
  /** The last error logged per source. */
  private readonly warned = new Map<string, string>();

  constructor(private readonly opts: WorkerOptions) {}

  /** Polls until `signal` aborts; the poll in progress finishes (events flushed, checkpoints saved). */
  async run(signal: AbortSignal): Promise<void> {
    let delay = 0;
    while (!signal.aborted) {
      try {
        const r = await this.poll();
        if (delay > 0) this.opts.log('info', 'store reachable again; caught up', { ...r });
        else if (r.files || r.moved || r.deferred) this.opts.log('info', 'poll', { ...r });
        if (r.files || r.moved) this.opts.onStored?.(r);
        delay = 0;
      } catch (e) {
        this.metrics.errors++;
        this.metrics.storeUp = 0;
        this.metrics.lagBytes = this.unreadBytes();
        await this.dropStore();
        delay = delay === 0 ? RETRY_INITIAL_MS : Math.min(RETRY_MAX_MS, delay * RETRY_FACTOR);
        this.opts.log('warn', 'poll failed; retrying', { error: (e as Error).message.split('\n')[0], retryInMs: delay });
      }
      await sleep(delay || this.opts.intervalMs, signal);
    }
    await this.dropStore();
  }

  async poll(): Promise<PollResult> {
    this.metrics.ticks++;
    const files = this.walk();
    const { changed, held } = await this.changes(files);
    // Nothing new: the store is not even opened (an embedded DuckDB file stays free for others).
    if (!changed.length) return this.finishPoll(files, { files: 0, events: 0, moved: 0, deferred: 0 });
    const store = (this.store ??= await this.opts.openStore());
    try {
      return await this.pollWith(store, files, changed, held);
    } finally {
      if (this.opts.releaseStoreBetweenPolls) await this.dropStore();
    }
  }

  /** Files that are new or differ from when they were last stored, with their heads; and the keys of the rest. */
  private async changes(files: FileItem[]): Promise<{ changed: Changed[]; held: Set<string> }> {
    const now = Date.now();
    const changed: Changed[] = [];
    const held = new Set<string>();
    for (const item of files) {
      let ino: number;
      try {
        ino = statSync(item.path).ino;
      } catch {
        continue; // gone since the walk
      }
      const s = this.seen.get(item.path);
      if (s && s.ino === ino && s.size === item.size && s.mtimeMs === item.mtimeMs) {
        held.add(s.key);
        continue;
      }
      if (!this.pendingSince.has(item.path)) this.pendingSince.set(item.path, now);
      changed.push({ item, ino, head: await readHead(item.path, item.gz, FINGERPRINT_BYTES).catch(() => Buffer.alloc(0)) });
    }
    return { changed, held };
  }

  private async pollWith(store: EventStore, files: FileItem[], changed: Changed[], held: Set<string>): Promise<PollResult> {
    this.metrics.storeUp = 1;
    const known = await store.loadCheckpoints();

    const followed: FollowedFile[] = changed.map((c) => ({ rel: c.item.source, head: c.head }));
    const assignments = assignSources(
      followed,
      [...known.values()].map((k) => ({ key: k.source, path: k.path, fingerprint: k.fingerprint })),
      held,
    );
    const toRead: FileItem[] = [];
    const keyOf = new Map<string, string>();
    let moved = 0;
    let deferred = 0;
    for (const [i, a] of assignments.entries()) {
      const c = changed[i]!;
      if (a.action === 'defer') {
        deferred++;
        continue;
      }
      if (a.action === 'move') {
        await store.moveSource(a.key, a.rel);
        moved++;
      }
      keyOf.set(c.item.path, a.key);
      toRead.push({ ...c.item, source: a.key });
    }
    this.metrics.filesDeferred = deferred;

    let events = 0;
    if (toRead.length) {
      const before = this.metrics.eventsWritten;
      const report = await ingest({
        paths: [],
        items: toRead,
        checkpoints: known,
        store,
        tz: this.opts.tz,
        overrides: this.opts.overrides,
        rulesFiles: this.opts.rulesFiles,
        jobs: this.opts.jobs,
        command: 'worker',
        onWritten: (n) => (this.metrics.eventsWritten = before + n),
      });
      const failed = new Set(report.errors.map((e) => e.source));
      for (const e of report.errors) {
        // Said once per file and error, not at every poll.
        if (this.warned.get(e.source) !== e.message)
          this.opts.log('warn', 'file not read; retrying at each poll', { source: e.source, error: e.message });
        this.warned.set(e.source, e.message);
      }
      for (const t of toRead) if (!failed.has(t.source)) this.warned.delete(t.source);
      this.metrics.errors += report.errors.length;
      this.metrics.linesRead += report.lines;
      this.metrics.bytesRead += report.bytes;
      this.metrics.eventsWritten = before + report.events.total;
      this.metrics.filesIngested += report.files.ingested;
      events = report.events.total;
      for (const c of changed) {
        const key = keyOf.get(c.item.path);
        if (key === undefined || failed.has(key)) continue;
        this.seen.set(c.item.path, { key, ino: c.ino, size: c.item.size, mtimeMs: c.item.mtimeMs });
        this.pendingSince.delete(c.item.path);
      }
    }
    return this.finishPoll(files, { files: toRead.length, events, moved, deferred });
  }

  /** Forgets files that are gone (a new file at the same path is looked at afresh) and updates the lag metrics. */
  private finishPoll(files: FileItem[], result: PollResult): PollResult {
    const present = new Set(files.map((f) => f.path));
    for (const p of this.seen.keys()) if (!present.has(p)) this.seen.delete(p);
    for (const p of this.pendingSince.keys()) if (!present.has(p)) this.pendingSince.delete(p);
    this.metrics.lagBytes = this.unreadBytes(files);
    const oldest = Math.min(...this.pendingSince.values());
    this.metrics.lagSeconds = Number.isFinite(oldest) ? (Date.now() - oldest) / 1000 : 0;
    this.metrics.lastSuccessUnix = Math.floor(Date.now() / 1000);
    return result;
  }

  /** Bytes written to the followed files since they were last stored. */
  private unreadBytes(files: FileItem[] = this.walk()): number {
    let lag = 0;
    for (const f of files) {
      const s = this.seen.get(f.path);
      if (s && s.size === f.size) continue;
      lag += f.gz || !s || s.size > f.size ? f.size : f.size - s.size;
    }
    return lag;
  }

  private walk(): FileItem[] {
    const files: FileItem[] = [];
    const prefixes = keyPrefixes(this.opts.dirs);
    for (const [i, dir] of this.opts.dirs.entries()) {
      for (const it of walkInputs([dir])) if (it.kind === 'file') files.push({ ...it, source: prefixes[i] + it.source });
    }
    return files;
  }

  private async dropStore(): Promise<void> {
    const s = this.store;
    this.store = null;
    if (!this.opts.sharedStore) await s?.close().catch(() => undefined);
  }
}

/**
 * One followed directory keys its files by their path inside it, as `ingest DIR` does
 * (so the two share checkpoints). Several are told apart by their paths below their
 * common parent: `/logs/a` and `/logs/b` give `a/…` and `b/…`.
 */
export function keyPrefixes(dirs: readonly string[]): string[] {
  if (dirs.length < 2) return dirs.map(() => '');
  const abs = dirs.map((d) => resolve(d));
  for (const a of abs) {
    for (const b of abs) {
      // A file under both would be read twice, under two keys.
      if (a !== b && b.startsWith(a + sep)) throw new Error(`--watch ${b} is inside --watch ${a}: follow only the outer one`);
      if (a === b && abs.indexOf(a) !== abs.lastIndexOf(a)) throw new Error(`--watch ${a} is given twice`);
    }
  }
  let parent = dirname(abs[0]!);
  while (!abs.every((d) => d.startsWith(parent === sep ? sep : parent + sep))) parent = dirname(parent);
  return abs.map((d) => relative(parent, d).split(sep).join('/') + '/');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
