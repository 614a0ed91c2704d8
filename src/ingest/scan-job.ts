/**
 * One file, start to finish: sniff the format, decide whether it is new, grown or
 * unchanged, read its identity, then stream its bytes through a FileScanner.
 * Runs inside a worker thread (or in-process in tests); talks only through `emit`.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { EventBatch } from '../model/event-batch.js';
import type { LogFormat, SourceInfo } from '../model/source-info.js';
import { provisionalYear, type YearEvidence } from './year-inference.js';
import type { AbsoluteTime } from './zone-check.js';
import { detectFormat } from '../parsers/detect/detect-format.js';
import { parseGlogFileHeader, type GlogFileHeader } from '../parsers/glog/glog.parser.js';
import { identifySource, type IdentityOverrides, type SourceIdentity } from '../identity/source-identity.js';
import { zkHeadHints } from '../identity/zk-servers.js';
import { ZkServerRouter } from './zk-server-router.js';
import { zkServerSources } from './zk-server-sources.js';
import { compileMatcher, type FormatMatcher } from '../rules/rule-matcher.js';
import type { RuleFile } from '../rules/rule-set.js';
import type { Checkpoint, StoredCheckpoint } from '../catalog/catalog.js';
import { ZoneConverter } from '../time/zone.js';
import { FileScanner, initialScanState, originalLine, type ScannerBuffers, type ScanState, type ScanTotals } from './file-scanner.js';
import { addCounts, type FileSkipReason } from './skip-reasons.js';
import { demuxGrepOutput, grepPartSource } from './grep-demux.js';
import { JsCandidateFinder, type CandidateFinder } from './candidate-finder.js';
import { WasmCandidateFinder, wasmSimdAvailable } from './fast-scan/wasm-candidate-finder.js';
import { gzipFailureOf } from '../sources/gzip-recovery.js';
import { ScanInput } from './scan-input.js';

/** Bytes looked at to detect the format and read the header. */
export const SNIFF_BYTES = 64 * 1024;
/** Bytes hashed to recognise a file again (its start never changes as it grows). */
export const FINGERPRINT_BYTES = 4096;
/**
 * Events handed to the writer at a time. Larger batches mean fewer, fuller DuckDB data
 * chunks (one per run of kind and level in a batch) and fewer messages; the writer
 * commits every WRITE_BATCH_EVENTS (event-writer.ts), below MAX_EVENTS_IN_FLIGHT.
 */
export const EVENT_BATCH = 8192;
const READ_CHUNK = 1024 * 1024;

export interface ScanJobSpec {
  id: number;
  source: string;
  input: { type: 'path'; path: string } | { type: 'stream' };
  /** The bytes are gzip; decompression happens before the chunks reach the scanner. */
  gz: boolean;
  /** Known size of the raw (possibly compressed) content, if any. */
  size: number | null;
  mtimeMs: number | null;
  tz: string;
  /** `--year`: the year of the first record of files whose lines carry none. */
  year?: number;
  overrides: IdentityOverrides;
  checkpoint: StoredCheckpoint | null;
  /** Set for one PATH's records taken from grep output: lineMap[k - 1] is the original line of line k. */
  lineMap?: Int32Array;
}

export interface ScanResult {
  id: number;
  source: string;
  outcome: 'ingested' | 'skipped' | 'unchanged';
  skipReason?: FileSkipReason;
  /** Events of this source at or after this line are replaced by this run's. */
  startLine: number;
  info?: SourceInfo;
  /** The further ZooKeeper servers of a file that holds several: one lifecycle row each (zk-server-sources.ts). */
  servers?: SourceInfo[];
  checkpoint?: Checkpoint;
  totals: ScanTotals;
  yearAssumed: boolean;
  /** The year was provisional: ingest decides it (year-inference.ts) and re-times the file's events. */
  yearPending?: { evidence: YearEvidence | null; mtimeMs: number | null } | null;
  /** An absolute clock reading in the file, against the record's local time read in the zone. */
  absoluteTime?: AbsoluteTime | null;
  nodeGuessed: boolean;
  error?: string;
  /** Grep output: the logs of the PATHs in it, each a source of its own (`<grep file>!/<PATH>`). */
  parts?: ScanResult[];
}

/**
 * What travels with a batch of events. `yearPending`: its times use a provisional year that
 * ingest settles at the end (year-inference.ts). `source`: when not the job's own (a part of grep output).
 */
export interface EventsMeta {
  yearPending: boolean;
  source?: string;
}

export type ScanEmit = (m: { type: 'events'; id: number; startLine: number; batch: EventBatch; meta: EventsMeta }) => void;

export class ScanEnvironment {
  private readonly matchers = new Map<LogFormat, FormatMatcher>();
  private readonly finders = new Map<LogFormat, CandidateFinder>();
  private readonly zones = new Map<string, ZoneConverter>();
  /** Buffers handed from one file's scanner to the next: a worker scans one file at a time. */
  readonly buffers: ScannerBuffers = { work: null, builder: null };
  constructor(
    private readonly rules: RuleFile,
    /** The clock a file with no dated header or name takes its provisional year from. */
    readonly now: () => number = Date.now,
  ) {}
  matcher(f: LogFormat): FormatMatcher {
    let m = this.matchers.get(f);
    if (!m) this.matchers.set(f, (m = compileMatcher(this.rules, f)));
    return m;
  }
  finder(f: LogFormat): CandidateFinder {
    let c = this.finders.get(f);
    // The SIMD scanner where the runtime has WebAssembly SIMD (Node 20 does); the JS reference otherwise.
    if (!c)
      this.finders.set(f, (c = wasmSimdAvailable() ? new WasmCandidateFinder(this.matcher(f)) : new JsCandidateFinder(this.matcher(f))));
    return c;
  }
  zone(tz: string): ZoneConverter {
    let z = this.zones.get(tz);
    if (!z) this.zones.set(tz, (z = new ZoneConverter(tz)));
    return z;
  }
}

function emptyTotals(): ScanTotals {
  return { lines: 0, records: 0, bytes: 0, events: {}, issues: {} };
}

/** Runs `body` with a reader of `path` from byte `start` on (sequential positioned reads). */
function readInto(path: string, start: number, body: (read: (dst: Buffer, offset: number, max: number) => number) => void): void {
  const fd = openSync(path, 'r');
  try {
    let pos = start;
    body((dst, offset, max) => {
      const n = readSync(fd, dst, offset, max, pos);
      pos += n;
      return n;
    });
  } finally {
    closeSync(fd);
  }
}

export function fingerprintOf(head: Buffer): string {
  const n = Math.min(head.length, FINGERPRINT_BYTES);
  return `${n}:${createHash('sha1').update(head.subarray(0, n)).digest('hex')}`;
}

/** Re-hashes the same number of leading bytes a stored fingerprint covered. */
export function samePrefix(head: Buffer, stored: string): boolean {
  const n = Number(stored.split(':', 1)[0]);
  if (!Number.isFinite(n) || head.length < n) return false;
  return `${n}:${createHash('sha1').update(head.subarray(0, n)).digest('hex')}` === stored;
}

/**
 * Scans one source: sniff its head → detect the format → decide whether to resume (or
 * that it is unchanged) → identity and year → scan → result. `chunks` yields the
 * (decompressed) content from byte 0, except for a plain path, which is read here so that
 * the scan can seek.
 */
export async function runScanJob(
  env: ScanEnvironment,
  spec: ScanJobSpec,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer> | null,
  emit: ScanEmit,
): Promise<ScanResult> {
  const input = ScanInput.open(spec, chunks, SNIFF_BYTES);
  const { head, done } = await input.sniff(SNIFF_BYTES);
  if (input.error && head.length === 0) return unreadable(spec, String(input.error.message), emptyTotals());
  const det = detectFormat(head, { grep: !spec.lineMap });
  if ('grep' in det) {
    const all = await readWhole(input.plainPath, head, done, () => input.next(), spec.size);
    const failed = input.error ? String(input.error.message) : typeof all === 'string' ? all : null;
    if (failed !== null || typeof all === 'string') return unreadable(spec, failed ?? undefined, emptyTotals());
    return scanGrepOutput(env, spec, all, emit);
  }
  if ('skip' in det) {
    await input.drain();
    return { ...baseResult(spec), outcome: 'skipped', skipReason: det.skip, startLine: 1, totals: emptyTotals() };
  }
  const format = det.format;
  const resume = decideResume(spec, format, head);
  if (resume.unchanged) {
    await input.drain();
    return { ...baseResult(spec), outcome: 'unchanged', skipReason: 'unchanged', startLine: spec.checkpoint!.line, totals: emptyTotals() };
  }
  const id = readIdentity(spec, format, head);
  const state = resume.from ? resumedState(resume.from, id) : startState(format, id, spec, env.now());
  const job: Job = { env, spec, emit, format, id, state, startLine: resume.from ? state.line : 1, fingerprint: resume.fingerprint };
  return scanJob(job, input, head, done);
}

function baseResult(spec: ScanJobSpec): Pick<ScanResult, 'id' | 'source' | 'yearAssumed' | 'nodeGuessed'> {
  return { id: spec.id, source: spec.source, yearAssumed: false, nodeGuessed: false };
}

function unreadable(spec: ScanJobSpec, error: string | undefined, totals: ScanTotals): ScanResult {
  return { ...baseResult(spec), outcome: 'skipped', skipReason: 'unreadable', startLine: 1, totals, error };
}

/** Whether the file is one already read, unchanged, or one to read on from its checkpoint. */
interface ResumeDecision {
  fingerprint: string;
  unchanged: boolean;
  /** The checkpoint a grown plain file (or a stream with the same start) is read on from. */
  from: StoredCheckpoint | null;
}

function decideResume(spec: ScanJobSpec, format: LogFormat, head: Buffer): ResumeDecision {
  const fingerprint = `${format}/${fingerprintOf(head)}`;
  const cp = spec.checkpoint;
  const fpPrefix = cp?.fingerprint.startsWith(`${format}/`) ? cp.fingerprint.slice(format.length + 1) : null;
  const sameStart = fpPrefix !== null && samePrefix(head, fpPrefix);
  const unchanged = cp !== null && cp.status === 'done' && sameStart && spec.size !== null && cp.size === spec.size;
  const canResume = cp !== null && sameStart && !spec.gz && (spec.size === null || spec.size >= cp.size);
  return { fingerprint, unchanged, from: canResume ? cp : null };
}

/** What the head says about the file's origin. */
interface HeadIdentity {
  header: GlogFileHeader;
  zkHints: ReturnType<typeof zkHeadHints> | null;
  ident: SourceIdentity;
  /** ZooKeeper servers are told apart within the file. */
  zkSplit: boolean;
}

function readIdentity(spec: ScanJobSpec, format: LogFormat, head: Buffer): HeadIdentity {
  const headLines = head
    .toString('latin1', 0, Math.min(head.length, 4096))
    .split('\n', 5)
    .map((l) => l.replace(/\r$/, ''));
  const header = format === 'glog' ? parseGlogFileHeader(headLines) : {};
  const zkHints = format === 'zookeeper' ? zkHeadHints(head.toString('latin1').split('\n')) : null;
  const zkFirst = zkHints?.first ? { ...zkHints.first, addr: zkHints.seed.addrs[zkHints.first.node] } : null;
  const ident = identifySource(spec.source, format, header, spec.overrides, zkFirst);
  // Servers are told apart within the file unless the layout or --node fixed the node.
  const zkSplit = format === 'zookeeper' && !['layout', 'override', 'header_host'].includes(ident.nodeFrom);
  return { header, zkHints, ident, zkSplit };
}

function resumedState(cp: StoredCheckpoint, id: HeadIdentity): ScanState {
  const state = JSON.parse(cp.state) as ScanState;
  if (id.zkHints && !state.zk) state.zk = ZkServerRouter.initialState(id.zkHints.seed);
  return state;
}

function startState(format: LogFormat, id: HeadIdentity, spec: ScanJobSpec, nowMs: number): ScanState {
  const state = initialYearState(format, id.header, id.ident, spec, nowMs);
  if (id.zkHints) state.zk = ZkServerRouter.initialState(id.zkHints.seed);
  return state;
}

/** Everything decided before the scan. */
interface Job {
  env: ScanEnvironment;
  spec: ScanJobSpec;
  emit: ScanEmit;
  format: LogFormat;
  id: HeadIdentity;
  state: ScanState;
  /** Events of the source from this line on are replaced. */
  startLine: number;
  fingerprint: string;
}

async function scanJob(job: Job, input: ScanInput, head: Buffer, done: boolean): Promise<ScanResult> {
  const { env, spec, format, id, state } = job;
  const zone = env.zone(spec.tz);
  const { cluster, node, service, pid } = id.ident;
  const scanner = new FileScanner(
    {
      source: spec.source,
      cluster,
      node,
      service,
      pid,
      format,
      zone,
      matcher: env.matcher(format),
      finder: env.finder(format),
      lineMap: spec.lineMap,
      zkSplit: id.zkSplit,
    },
    state,
    env.buffers,
  );
  const flush = (force: boolean): void => {
    if (scanner.pendingEvents >= EVENT_BATCH || (force && scanner.pendingEvents > 0)) {
      const meta = { yearPending: state.yearPending === true };
      for (const batch of scanner.takeEvents()) job.emit({ type: 'events', id: spec.id, startLine: job.startLine, batch, meta });
    }
  };
  await feedScanner(scanner, flush, input, head, done, state.offset);
  if (input.recovered) scanner.totals.issues[input.recovered] = 1;
  if (input.error) {
    // A .gz that stops early or goes bad still gave us everything before the break.
    const failure = spec.gz ? gzipFailureOf(input.error) : null;
    if (failure) scanner.totals.issues[failure] = 1;
    else return unreadable(spec, input.error.message, scanner.totals);
  }
  scanner.end(input.error !== null); // a stream that broke off cut its last line
  flush(true);
  scanner.release();
  return ingested(job, scanner, zone);
}

/** Feeds the content from `resumeFrom` on (0 for a fresh state) to the scanner. */
async function feedScanner(
  scanner: FileScanner,
  flush: (force: boolean) => void,
  input: ScanInput,
  head: Buffer,
  done: boolean,
  resumeFrom: number,
): Promise<void> {
  let skipBytes = resumeFrom;
  const feed = (c: Buffer): void => {
    if (skipBytes >= c.length) {
      skipBytes -= c.length;
      return;
    }
    scanner.push(skipBytes > 0 ? c.subarray(skipBytes) : c);
    skipBytes = 0;
    flush(false);
  };
  if (!input.plainPath) {
    feed(head);
    for (let c = done ? null : await input.next(); c !== null; c = await input.next()) feed(c);
    return;
  }
  // A plain file is read straight into the scanner's buffer, from where the sniffed
  // head ends, or from the checkpoint (a seek instead of re-reading what is stored).
  await input.close();
  let pos = resumeFrom;
  if (resumeFrom === 0) {
    feed(head);
    pos = head.length;
  }
  readInto(input.plainPath, pos, (read) => {
    for (;;) {
      const n = scanner.pushFrom(read, READ_CHUNK);
      if (n === 0) return;
      flush(false);
    }
  });
}

function ingested(job: Job, scanner: FileScanner, zone: ZoneConverter): ScanResult {
  const { spec, id } = job;
  const fin = scanner.finalState;
  const ck = scanner.checkpointState;
  const info = sourceInfoOf(job, scanner, zone);
  const checkpoint: Checkpoint = {
    source: spec.source,
    fingerprint: job.fingerprint,
    size: spec.size ?? fin.offset,
    offset: ck.offset,
    line: ck.line,
    state: JSON.stringify(ck),
  };
  return {
    ...baseResult(spec),
    outcome: 'ingested',
    startLine: job.startLine,
    info,
    ...(id.zkSplit && fin.zk ? { servers: zkServerSources(info, fin.zk) } : {}),
    checkpoint,
    totals: scanner.totals,
    yearAssumed: fin.yearSource === 'mtime_assumed',
    yearPending: fin.yearPending === true ? { evidence: fin.yearEvidence ?? null, mtimeMs: spec.mtimeMs } : null,
    absoluteTime: fin.absoluteTime ?? null,
    nodeGuessed: id.ident.nodeGuessed,
  };
}

function sourceInfoOf(job: Job, scanner: FileScanner, zone: ZoneConverter): SourceInfo {
  const { spec, format } = job;
  const ident = job.id.ident;
  const fin = scanner.finalState;
  const start = ident.glogName?.start;
  const nameStartUs = start ? zone.toUtcUs(start.year, start.month, start.day, start.hour, start.minute, start.second, 0) : null;
  return {
    source: spec.source,
    cluster: ident.cluster,
    node: ident.node,
    service: ident.service,
    pid: ident.pid,
    aliases: ident.aliases,
    format,
    nodeFrom: ident.nodeFrom,
    yearSource: fin.yearSource,
    nameStartUs: nameStartUs !== null && Number.isFinite(nameStartUs) ? nameStartUs : null,
    firstTsUs: fin.firstTsUs,
    lastTsUs: fin.lastTsUs,
    firstLine: fin.firstLine === null ? null : originalLine(spec.lineMap, fin.firstLine),
    lastLine: fin.lastLine === null ? null : originalLine(spec.lineMap, fin.lastLine),
    endKind: scanner.endKind(),
    lines: fin.line - 1,
    records: fin.records,
    bytes: fin.offset,
    events: fin.events ?? 0,
    unmatchedLines: fin.seenRecord ? (fin.unmatched ?? 0) : fin.line - 1,
  };
}

/**
 * Where a file's year comes from before it is read: `--year`, the glog header, the dated
 * file name; else it is provisional (see year-inference.ts), from its mtime and the clock.
 * Formats whose lines carry a year need none.
 */
function initialYearState(format: LogFormat, header: GlogFileHeader, ident: SourceIdentity, spec: ScanJobSpec, nowMs: number): ScanState {
  if (format !== 'glog') return initialScanState(null, 1, null);
  if (spec.year !== undefined) return initialScanState(spec.year, 0, 'user');
  if (header.createdAt) return initialScanState(header.createdAt.year, header.createdAt.month, 'header');
  const named = ident.glogName?.start;
  if (named) return initialScanState(named.year, named.month, 'file_name');
  return initialScanState(provisionalYear(spec.mtimeMs, nowMs), 0, 'mtime_assumed', true);
}

/** Grep output is read whole, up to this size (it is a few matches, not a log bundle). */
const GREP_MAX_BYTES = 256 * 1024 * 1024;

/** The whole content (the sniffed head and the rest), or why it cannot be had. */
async function readWhole(
  plainPath: string | null,
  head: Buffer,
  done: boolean,
  next: () => Promise<Buffer | null>,
  size: number | null,
): Promise<Buffer | string> {
  if (size !== null && size > GREP_MAX_BYTES && plainPath) return `grep output larger than ${GREP_MAX_BYTES >> 20} MiB`;
  if (plainPath) return readFileSync(plainPath);
  const chunks = [head];
  let have = head.length;
  for (let c = done ? null : await next(); c !== null; c = await next()) {
    chunks.push(Buffer.from(c));
    if ((have += c.length) > GREP_MAX_BYTES) return `grep output larger than ${GREP_MAX_BYTES >> 20} MiB`;
  }
  return Buffer.concat(chunks);
}

/**
 * Grep output: each PATH's records, prefixes removed, are scanned as a source of their
 * own (`<grep file>!/<PATH>`), their events keeping the original line numbers.
 */
async function scanGrepOutput(env: ScanEnvironment, spec: ScanJobSpec, all: Buffer, emit: ScanEmit): Promise<ScanResult> {
  const demux = demuxGrepOutput(all);
  const totals: ScanTotals = {
    lines: demux.lines,
    records: 0,
    bytes: all.length,
    events: {},
    issues: demux.junk ? { junk_line: demux.junk } : {},
  };
  const parts: ScanResult[] = [];
  for (const p of demux.parts) {
    const source = grepPartSource(spec.source, p.path);
    const part: ScanJobSpec = {
      ...spec,
      source,
      input: { type: 'stream' },
      gz: false,
      size: p.content.length,
      checkpoint: null,
      lineMap: p.lineMap,
    };
    const r = await runScanJob(env, part, [p.content], (m) => emit({ ...m, meta: { ...m.meta, source } }));
    if (r.info) {
      // An excerpt's first and last lines are not its process's start and end: it claims no
      // instance (its events keep the pid), so no restart is derived from where grep cut.
      r.info.pid = null;
      r.info.endKind = 'none';
    }
    totals.records += r.totals.records;
    addCounts(totals.events, r.totals.events);
    addCounts(totals.issues, r.totals.issues);
    parts.push(r);
  }
  return { id: spec.id, source: spec.source, outcome: 'ingested', startLine: 1, totals, yearAssumed: false, nodeGuessed: false, parts };
}
