/**
 * The ingest run: walk the inputs, scan files on a worker pool, write events and
 * file lifecycles to the store, and report what happened — including everything
 * that was skipped, and why.
 */
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { EventKind } from '../model/event.js';
import type { NodeFrom } from '../model/source-info.js';
import {
  inflateHead,
  readContentHead,
  severityCopies,
  sniffBytes,
  sniffContainer,
  walkInputs,
  type InputItem,
} from '../sources/input-walker.js';
import { SourceResolver } from './source-resolver.js';
import { bundleKey, type IdentityOverrides } from '../identity/source-identity.js';
import { parseGlogFileName } from '../parsers/glog/glog.parser.js';
import { readTar, type TarDamage, type TarMember } from '../sources/tar-reader.js';
import { removeStaleSpools, Spool, SPOOL_MAX_BYTES } from '../sources/spool.js';
import { loadRules } from '../rules/rule-set.js';
import type { EventStore } from '../store/event-store.js';
import { normalizeTimeZone } from '../time/zone.js';
import { ClusterZones } from './cluster-zones.js';
import { checkZone, type AbsoluteTime, type ZoneWarning } from './zone-check.js';
import type { SourceInfo } from '../model/source-info.js';
import type { Checkpoint, StoredCheckpoint } from '../catalog/catalog.js';
import { PendingYears } from './pending-years.js';
import { coverageOf, type SourceCoverage } from '../model/source-coverage.js';
import { EventWriter } from './event-writer.js';
import { FINGERPRINT_BYTES, type ScanJobSpec, type ScanResult } from './scan-job.js';
import { ScanPool } from './scan-pool.js';
import { addCounts, type FileSkipReason, type IssueCounts } from './skip-reasons.js';

export interface IngestOptions {
  paths: string[];
  /** Already-walked inputs, instead of walking `paths` (the worker names rotated files itself). */
  items?: InputItem[];
  /** The store's checkpoints, when the caller has just read them (the worker has). */
  checkpoints?: Map<string, StoredCheckpoint>;
  store: EventStore;
  /** IANA zone of the logs' local times; default: the cluster's remembered zone, else UTC. */
  tz?: string;
  overrides?: IdentityOverrides;
  /** `--year`: the year of the first record of files whose lines carry none. */
  year?: number;
  /** `--rezone`: a cluster stored in another zone than `tz` has its files given here read again in `tz`. */
  rezone?: boolean;
  rulesFiles?: string[];
  /** Scan worker threads; default: one per core, up to DEFAULT_MAX_SCAN_WORKERS. */
  jobs?: number;
  /**
   * Scan workers started by the caller, with these `jobs` and `rulesFiles` (the CLI starts
   * them before it loads the store, so both start up at once). Ingest closes them at its
   * end; closing twice is harmless, so the caller may close them too, should ingest never start.
   */
  pool?: ScanPool;
  stdin?: NodeJS.ReadableStream;
  /** Recorded in the catalog's ingest runs. */
  command?: 'ingest' | 'worker';
  onProgress?: (p: IngestProgress) => void;
  /** Events (and finished files) stored so far in this run, after each batch the store acknowledged. */
  onWritten?: (events: number, files: number) => void;
}

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  events: number;
}

export interface IngestReport {
  store: string;
  timeZones: Record<string, string>;
  rules: string;
  files: { seen: number; ingested: number; unchanged: number; skipped: Partial<Record<FileSkipReason, number>> };
  skippedFiles: { source: string; reason: FileSkipReason; detail?: string }[];
  missingInputs: { path: string; detail: string }[];
  bytes: number;
  lines: number;
  records: number;
  events: { total: number; byKind: Partial<Record<EventKind, number>> };
  lineIssues: IssueCounts;
  /** Files whose year is the mtime's best guess (no header, dated name, nested date or sibling). */
  yearAssumed: string[];
  /** Absolute times in the logs that contradict the zone they were read in. */
  zoneWarnings: ZoneWarning[];
  /** What was read of each file: format, records, events, unmatched lines, year and node with their provenance. */
  sources: SourceCoverage[];
  nodeGuessed: string[];
  /** Sources (files, and further ZooKeeper servers within files) by where their node name came from. */
  nodeFrom: Partial<Record<NodeFrom, number>>;
  errors: { source: string; message: string }[];
  /** What opening the store repaired, e.g. checkpoints forgotten because the store file was new. */
  notices: string[];
  durationMs: number;
}

export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const t0 = performance.now();
  // The zone as stored with the cluster: `+8` and `UTC+08:00` are both `+08:00`.
  const opts = options.tz ? { ...options, tz: normalizeTimeZone(options.tz) } : options;
  const store = opts.store;
  const report: IngestReport = {
    store: store.url,
    timeZones: {},
    rules: '',
    files: { seen: 0, ingested: 0, unchanged: 0, skipped: {} },
    skippedFiles: [],
    missingInputs: [],
    bytes: 0,
    lines: 0,
    records: 0,
    events: { total: 0, byKind: {} },
    lineIssues: {},
    yearAssumed: [],
    sources: [],
    zoneWarnings: [],
    nodeGuessed: [],
    nodeFrom: {},
    errors: [],
    notices: [...store.notices],
    durationMs: 0,
  };
  const rules = loadRules(opts.rulesFiles ?? []); // validate in the main thread: a bad file is a usage error
  const stale = removeStaleSpools();
  if (stale) report.notices.push(`removed ${stale} spool folder(s) a killed run left in ${tmpdir()}`);
  report.rules = rules.name;

  const runId = await store.startRun({ command: opts.command ?? 'ingest', store: store.url });
  let failed = true;
  try {
    const r = await (await IngestRun.start(opts, report)).run(t0);
    failed = false;
    return r;
  } finally {
    await store
      .finishRun(runId, {
        status: failed ? 'failed' : 'ok',
        files: report.files.ingested,
        bytes: report.bytes,
        records: report.records,
        events: report.events.total,
        skipped: report.skippedFiles.length,
        errors: report.errors,
      })
      .catch(() => undefined); // the run's own outcome matters more than its log entry
  }
}

type TarItem = Extract<InputItem, { kind: 'tar' }>;

/**
 * One ingest run, in phases: read every input (scan jobs on the pool, results recorded as
 * they come), settle the years of files read with a provisional one, then flush the
 * writer and the store and sum the report up.
 */
class IngestRun {
  private readonly store: EventStore;
  private readonly overrides: IdentityOverrides;
  private readonly writer: EventWriter;
  private readonly jobSource = new Map<number, string>();
  private readonly pool: ScanPool;
  /** A file read with a provisional year keeps its events aside until its year is settled. */
  private readonly pending = new PendingYears();
  /** Time zone per cluster: explicit --tz, else remembered, else UTC. */
  private readonly zones: ClusterZones;
  private readonly usedClusters = new Set<string>();
  /** Files whose year is known, read in this run: siblings for the year-pending ones. */
  private readonly finished: SourceInfo[] = [];
  private readonly progress: IngestProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, events: 0 };
  /** Archive members whose data ended early (a cut archive). */
  private readonly cutMembers = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private nextId = 1;
  /** Sources are known by content (source-resolver.ts); the worker names its files itself. */
  private readonly resolver: SourceResolver | null;
  /** Where each source of this run arrived from (an archive member, stdin), when not its key. */
  private readonly arrivedAs = new Map<string, string>();

  private constructor(
    private readonly opts: IngestOptions,
    private readonly report: IngestReport,
    private readonly known: Map<string, StoredCheckpoint>,
  ) {
    this.store = opts.store;
    this.overrides = opts.overrides ?? {};
    this.writer = new EventWriter(this.store, known, opts.onWritten);
    this.pool = opts.pool ?? new ScanPool(opts.jobs ?? 0, opts.rulesFiles ?? []);
    this.pool.attach({
      onEvents: (id, startLine, batch, release, meta) => {
        const source = meta.source ?? this.jobSource.get(id)!;
        if (!meta.yearPending) return this.writer.addEvents(source, startLine, batch, release);
        this.pending.hold(source, startLine, batch);
        release();
      },
    });
    this.zones = new ClusterZones(this.store, opts, this.overrides, report.notices);
    this.resolver = opts.items ? null : new SourceResolver(known, this.overrides);
  }

  static async start(opts: IngestOptions, report: IngestReport): Promise<IngestRun> {
    return new IngestRun(opts, report, opts.checkpoints ?? (await opts.store.loadCheckpoints()));
  }

  async run(t0: number): Promise<IngestReport> {
    const items = this.opts.items ?? [...walkInputs(this.opts.paths)];
    this.countTotals(items);
    try {
      for (const it of items) await this.readItem(it);
      await Promise.all(this.running);
      await this.settlePendingYears();
      await this.writer.close();
      await this.store.settle();
      this.report.timeZones = await this.zones.remember(this.usedClusters); // only clusters whose logs were read
    } finally {
      await this.pool.close();
    }
    const report = this.report;
    report.events.total = Object.values(report.events.byKind).reduce((a, b) => a + (b ?? 0), 0);
    report.sources.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    report.durationMs = Math.round(performance.now() - t0);
    return report;
  }

  private countTotals(items: readonly InputItem[]): void {
    for (const it of items) {
      if (it.kind === 'file' || it.kind === 'tar') {
        this.progress.bytesTotal += it.size;
        this.progress.filesTotal += it.kind === 'file' ? 1 : 0;
      }
    }
  }

  private async readItem(it: InputItem): Promise<void> {
    switch (it.kind) {
      case 'missing':
        this.report.missingInputs.push({ path: it.path, detail: it.detail });
        return;
      case 'skip':
        this.report.files.seen++;
        skip(this.report, it.source, it.reason, it.detail);
        return;
      case 'file':
        return this.readFile(it);
      case 'tar':
        return this.ingestTar(it, createReadStream(it.path, { highWaterMark: 1 << 20 }), it.gz);
      case 'stdin':
        return this.ingestStdin();
    }
  }

  private async readFile(it: Extract<InputItem, { kind: 'file' }>): Promise<void> {
    this.report.files.seen++;
    const key = this.keyFor(it.source, () => readContentHead(it.path, it.gz, FINGERPRINT_BYTES));
    if (key === null) return;
    const spec = await this.baseSpec(key, { input: { type: 'path', path: it.path }, gz: it.gz, size: it.size, mtimeMs: it.mtimeMs });
    // Wait for a free worker before walking on, so the walk never runs far ahead.
    while (this.running.size >= this.pool.size * 2) await Promise.race(this.running);
    await this.submit(spec, () => this.pool.runFile(spec), it.size);
  }

  private tick(): void {
    this.progress.events = this.writer.written;
    this.opts.onProgress?.(this.progress);
  }

  /** A crash dump's unix time that contradicts the cluster's zone is said, with the offset it implies. */
  private checkClock(source: string, cluster: string, a: AbsoluteTime): void {
    const w = checkZone(source, a, a.tsUs, this.zones.converter(cluster));
    if (w) this.report.zoneWarnings.push(w);
  }

  private finishSource(info: SourceInfo, checkpoint: Checkpoint, startLine: number): void {
    const path = this.arrivedAs.get(info.source);
    this.writer.finishSource({ info, checkpoint, status: 'done', ...(path ? { path } : {}) }, startLine);
    this.usedClusters.add(info.cluster);
    this.finished.push(info);
    this.report.sources.push(coverageOf(info, this.zones.converter(info.cluster)));
  }

  /** Records a scan job's result: its totals, then each source it read (grep output is no source itself; the PATHs in it are). */
  private async handle(spec: ScanJobSpec, run: Promise<ScanResult>, rawBytes: number): Promise<void> {
    try {
      const r = await run;
      record(this.report, r);
      for (const s of r.parts ?? [r]) this.finishScanned(s);
    } catch (e) {
      this.pending.forget(spec.source);
      this.report.errors.push({ source: spec.source, message: (e as Error).message.split('\n')[0]! });
    } finally {
      this.progress.filesDone++;
      this.progress.bytesDone += rawBytes;
      this.tick();
    }
  }

  private finishScanned(s: ScanResult): void {
    if (s.outcome !== 'ingested' || !s.info || !s.checkpoint) return;
    // A member cut short is read again in full when a whole copy of the archive comes.
    if (this.cutMembers.has(s.source)) s.checkpoint.size = -1;
    if (s.yearPending) this.pending.finish(s);
    else this.finishSource(s.info, s.checkpoint, s.startLine);
    if (s.absoluteTime && !s.yearPending) this.checkClock(s.source, s.info.cluster, s.absoluteTime);
    // No fingerprint: no file starts with these rows' bytes, so no file is ever assigned to them.
    for (const sv of s.servers ?? []) this.finishSource(sv, { ...s.checkpoint, source: sv.source, fingerprint: '' }, s.startLine);
  }

  /** Starts a scan job and tracks it until its result is recorded; returns the scan itself. */
  private launch(spec: ScanJobSpec, run: () => Promise<ScanResult>, rawBytes: number): Promise<ScanResult> {
    this.jobSource.set(spec.id, spec.source);
    const scan = run();
    const p = this.handle(spec, scan, rawBytes).finally(() => this.running.delete(p));
    this.running.add(p);
    return scan;
  }

  private async submit(spec: ScanJobSpec, run: () => Promise<ScanResult>, rawBytes: number): Promise<void> {
    await this.writer.backpressure();
    void this.launch(spec, run, rawBytes);
  }

  /** The key a file is stored under, or null when it is a second copy of one read in this run. */
  private keyFor(arrival: string, head: () => Buffer): string | null {
    if (!this.resolver) return arrival;
    const r = this.resolver.resolve(bundleKey(arrival), head());
    if ('duplicateOf' in r) {
      skip(this.report, arrival, 'duplicate', `same content as ${r.duplicateOf}`);
      return null;
    }
    if (r.key !== arrival) this.arrivedAs.set(r.key, arrival);
    return r.key;
  }

  private async baseSpec(source: string, extra: Partial<ScanJobSpec>): Promise<ScanJobSpec> {
    return {
      id: this.nextId++,
      source,
      input: { type: 'stream' },
      gz: false,
      size: null,
      mtimeMs: null,
      tz: await this.zones.zoneOf(source),
      overrides: this.overrides,
      ...(this.opts.year !== undefined ? { year: this.opts.year } : {}),
      checkpoint: this.zones.rereads(source) ? null : (this.known.get(source) ?? null),
      ...extra,
    };
  }

  /** Every other file is read: settle the provisional years, then write those files. */
  private async settlePendingYears(): Promise<void> {
    if (this.pending.size === 0) return;
    const siblings = [...(await this.store.listSources({})), ...this.finished];
    for (const f of this.pending.settle(siblings, (cluster) => this.zones.converter(cluster), Date.now())) {
      for (const b of f.batches) this.writer.addEvents(f.info.source, f.startLine, b);
      this.finishSource({ ...f.info, yearDetail: f.decision.detail }, f.checkpoint, f.startLine);
      if (f.absoluteTime) this.checkClock(f.info.source, f.info.cluster, f.absoluteTime);
      if (f.decision.source === 'mtime_assumed') this.report.yearAssumed.push(f.info.source);
    }
  }

  /**
   * glog's WARNING/ERROR/FATAL copies can come before their INFO file in an archive: they
   * wait until its end says whether the INFO file is there. An archive on disk is read
   * again for the lone ones; one from stdin spools them, up to SPOOL_MAX_BYTES.
   */
  private async ingestTar(it: TarItem, raw: Readable, gz: boolean): Promise<void> {
    const seen: TarPass = { names: [], deferred: [], spool: it.path === '-' ? new Spool() : null };
    try {
      await this.readMembers(it, raw, gz, (m, name, source) => this.routeMember(seen, m, name, source));
      const lone = seen.deferred.filter((d) => !isSeverityCopy(d, seen.names) || void skip(this.report, d.source, 'severity_copy'));
      // No INFO file beside them: these copies are all there is.
      if (seen.spool) for (const d of lone) await this.readSpooled(d);
      else if (lone.length) await this.readLoneMembers(it, gz, lone);
    } finally {
      seen.spool?.remove();
    }
    this.progress.bytesDone += it.size;
    this.tick();
  }

  /** A member on the first pass: read now, or (a severity copy) deferred, spooled from stdin. */
  private async routeMember(seen: TarPass, m: TarMember, name: string, source: string): Promise<unknown> {
    seen.names.push(name);
    const glogName = parseGlogFileName(basename(name));
    if (!glogName?.severity || glogName.severity === 'INFO') return this.streamMember(m, source);
    if (!seen.spool) return (seen.deferred.push({ source, name, path: null, size: m.size, mtimeMs: m.mtimeMs }), drainData(m));
    const path = await seen.spool.take(m);
    if (path) return void seen.deferred.push({ source, name, path, size: m.size, mtimeMs: m.mtimeMs });
    this.report.notices.push(`${source}: read at once, the spool for severity copies being full (${SPOOL_MAX_BYTES >> 20} MiB)`);
    return this.streamMember(m, source);
  }

  /** The second pass over an archive on disk: only the lone severity copies. */
  private readLoneMembers(it: TarItem, gz: boolean, lone: readonly Deferred[]): Promise<void> {
    const raw = createReadStream(it.path, { highWaterMark: 1 << 20 });
    return this.readMembers(
      it,
      raw,
      gz,
      (m, _n, source) => (lone.some((d) => d.source === source) ? this.streamMember(m, source) : drainData(m)),
      true,
    );
  }

  /** Each regular, non-empty member of an archive, in order; the rest are listed as skipped. */
  private async readMembers(
    it: TarItem,
    raw: Readable,
    gz: boolean,
    each: (m: TarMember, name: string, source: string) => Promise<unknown>,
    again = false,
  ): Promise<void> {
    const report = this.report;
    const stream = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
    const onDamage = (d: TarDamage): void => {
      if (again) return; // said on the first pass
      report.lineIssues.truncated_archive = (report.lineIssues.truncated_archive ?? 0) + 1;
      report.notices.push(
        `${it.source}: truncated archive: ${d.detail}; every complete member and the readable part of a cut one were read`,
      );
    };
    let bytesSeen = 0;
    try {
      for await (const m of readTar(stream, onDamage)) {
        const name = m.name.replace(/^\.\//, '');
        const source = `${it.source}!/${name}`;
        if (!again) report.files.seen++;
        if (m.kind !== 'file' || m.size === 0) {
          if (!again) skip(report, source, m.kind !== 'file' ? 'not_regular_file' : 'empty', m.kind !== 'file' ? m.kind : undefined);
          continue;
        }
        await each(m, name, source);
        bytesSeen += m.size;
      }
    } catch (e) {
      report.errors.push({ source: it.source, message: `archive unreadable after ${bytesSeen} bytes: ${(e as Error).message}` });
    }
  }

  /** Reads one archive member now (members come in order: it is fed before the next header). */
  private async streamMember(m: TarMember, source: string): Promise<void> {
    // Peek the member's first bytes: it may be a gzipped rotated log.
    const { first, all: chunks } = await peekHead(
      whenEnded(m.data, () => m.truncated && this.cutMembers.add(source)),
      HEAD_PEEK_BYTES,
    );
    const memberGz = sniffBytes(first).gz;
    const key = this.keyFor(source, () => (memberGz ? inflateHead(first) : first));
    if (key === null) return drainData({ data: chunks });
    const spec = await this.baseSpec(key, { gz: memberGz, size: m.size, mtimeMs: m.mtimeMs });
    await this.writer.backpressure();
    await this.launch(spec, () => this.pool.runStream(spec, chunks), 0).catch(() => undefined);
  }

  private async readSpooled(d: Deferred): Promise<void> {
    const path = d.path!;
    const sniff = sniffContainer(path);
    const key = this.keyFor(d.source, () => readContentHead(path, sniff.gz, FINGERPRINT_BYTES));
    if (key === null) return;
    const spec = await this.baseSpec(key, { input: { type: 'path', path }, gz: sniff.gz, size: d.size, mtimeMs: d.mtimeMs });
    await this.launch(spec, () => this.pool.runFile(spec), 0).catch(() => undefined);
  }

  /** Standard input: an archive (its members are the files seen) or one log file. */
  private async ingestStdin(): Promise<void> {
    const input = (this.opts.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
    const { first: firstChunk, all } = await peekHead(input, HEAD_PEEK_BYTES);
    const rest = Readable.from(all);
    const sniff = sniffBytes(firstChunk);
    if (firstChunk.length === 0) {
      this.report.files.seen++;
      skip(this.report, 'stdin', 'empty');
      return;
    }
    if (sniff.tar) return this.ingestTar({ kind: 'tar', path: '-', source: 'stdin', size: 0, gz: sniff.gz }, rest, sniff.gz);
    this.report.files.seen++;
    const key = this.keyFor('stdin', () => (sniff.gz ? inflateHead(firstChunk) : firstChunk));
    if (key === null) return;
    const spec = await this.baseSpec(key, { gz: sniff.gz });
    await this.submit(spec, () => this.pool.runStream(spec, rest), 0);
  }
}

/** What the first pass over an archive collects: member names, the deferred severity copies, the spool (stdin). */
interface TarPass {
  names: string[];
  deferred: Deferred[];
  spool: Spool | null;
}

/** The same chunks, calling `then` once they are all read (before the consumer sees the end). */
async function* whenEnded(data: AsyncIterable<Buffer>, then: () => void): AsyncGenerator<Buffer> {
  yield* data;
  then();
}

/** A severity copy waiting for the end of its archive; `path` when spooled. */
interface Deferred {
  source: string;
  name: string;
  path: string | null;
  size: number;
  mtimeMs: number;
}

/** Whether the INFO file of the same process is in the archive too (so the copy adds nothing). */
function isSeverityCopy(d: Deferred, names: readonly string[]): boolean {
  return severityCopies(names.filter((n) => dirname(n) === dirname(d.name)).map((n) => basename(n))).has(basename(d.name));
}

/** Steps over a member's data (members are read in order). */
async function drainData(m: { data: AsyncIterable<Buffer> }): Promise<void> {
  for await (const c of m.data) void c;
}

/** What is read of a stream before it is handed on: enough to sniff it and to fingerprint it, even gzipped. */
const HEAD_PEEK_BYTES = 64 * 1024;

/** At least `bytes` bytes of a stream (all of it, if shorter), and the whole stream again, those included. */
async function peekHead(input: AsyncIterable<Buffer | string>, bytes: number): Promise<{ first: Buffer; all: AsyncIterable<Buffer> }> {
  const iter = input[Symbol.asyncIterator]();
  const asBuffer = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);
  const got: Buffer[] = [];
  let have = 0;
  let ended = false;
  while (have < bytes) {
    const r = await iter.next();
    if (r.done) {
      ended = true;
      break;
    }
    got.push(asBuffer(r.value));
    have += got[got.length - 1]!.length;
  }
  const first = got.length === 1 ? got[0]! : Buffer.concat(got);
  const all: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      if (first.length) yield first;
      if (ended) return;
      for (;;) {
        const r = await iter.next();
        if (r.done) return;
        yield asBuffer(r.value);
      }
    },
  };
  return { first, all };
}

function skip(report: IngestReport, source: string, reason: FileSkipReason, detail?: string): void {
  report.files.skipped[reason] = (report.files.skipped[reason] ?? 0) + 1;
  report.skippedFiles.push(detail ? { source, reason, detail } : { source, reason });
}

function record(report: IngestReport, r: ScanResult): void {
  if (r.outcome === 'unchanged') {
    report.files.unchanged++;
    return;
  }
  if (r.outcome === 'skipped') {
    skip(report, r.source, r.skipReason ?? 'unreadable', r.error);
    return;
  }
  report.files.ingested++;
  report.bytes += r.totals.bytes;
  report.lines += r.totals.lines;
  report.records += r.totals.records;
  addCounts(report.events.byKind, r.totals.events);
  addCounts(report.lineIssues, r.totals.issues);
  for (const s of r.parts ?? [r]) {
    if (s.yearAssumed && !s.yearPending) report.yearAssumed.push(s.source);
    if (s.nodeGuessed) report.nodeGuessed.push(s.source);
    for (const info of [...(s.info ? [s.info] : []), ...(s.servers ?? [])]) {
      if (info.nodeFrom) report.nodeFrom[info.nodeFrom] = (report.nodeFrom[info.nodeFrom] ?? 0) + 1;
    }
  }
}
