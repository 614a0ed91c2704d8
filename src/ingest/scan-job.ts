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
import { readFirstBytes } from '../sources/input-walker.js';
import { gzipFailureOf, inflateIgnoringTrailer, type GzipFailure } from '../sources/gzip-recovery.js';

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
  constructor(private readonly rules: RuleFile) {}
  matcher(f: LogFormat): FormatMatcher {
    let m = this.matchers.get(f);
    if (!m) this.matchers.set(f, (m = compileMatcher(this.rules, f)));
    return m;
  }
  finder(f: LogFormat): CandidateFinder {
    let c = this.finders.get(f);
    // The SIMD scanner where the runtime has WebAssembly SIMD (Node 20 does); the JS reference otherwise.
    if (!c) this.finders.set(f, (c = wasmSimdAvailable() ? new WasmCandidateFinder(this.matcher(f)) : new JsCandidateFinder(this.matcher(f))));
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

/** A plain file's head, for sniffing (the scan then reads the file straight into its buffer). */
function* plainHead(path: string): Generator<Buffer> {
  const head = readFirstBytes(path, SNIFF_BYTES);
  if (head.length) yield head;
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
 * Scans one source. `chunks` yields the (decompressed) content from byte 0, except
 * for a plain path, which this function reads itself so that it can seek.
 */
export async function runScanJob(
  env: ScanEnvironment,
  spec: ScanJobSpec,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer> | null,
  emit: ScanEmit,
): Promise<ScanResult> {
  const base = { id: spec.id, source: spec.source, yearAssumed: false, nodeGuessed: false };
  const plainPath = spec.input.type === 'path' && !spec.gz ? spec.input.path : null;
  let iter: AsyncIterator<Buffer> | Iterator<Buffer>;
  if (plainPath) iter = plainHead(plainPath)[Symbol.iterator]();
  else if (chunks) iter = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : (chunks as Iterable<Buffer>)[Symbol.iterator]();
  else throw new Error('runScanJob: no input');

  // Sniff: gather the first SNIFF_BYTES of content.
  const first: Buffer[] = [];
  let have = 0;
  let streamError: Error | null = null;
  let done = false;
  let delivered = 0;
  let recovered: GzipFailure | null = null;
  const gzPath = spec.gz && spec.input.type === 'path' ? spec.input.path : null;
  const next = async (): Promise<Buffer | null> => {
    try {
      const r = await iter.next();
      if (r.done) return null;
      delivered += r.value.length;
      return r.value;
    } catch (e) {
      // A .gz on disk whose trailer check fails is read again raw, past what was delivered.
      if (gzPath && recovered === null && gzipFailureOf(e) === 'damaged_gzip') {
        recovered = 'damaged_gzip';
        iter = inflateIgnoringTrailer(gzPath, delivered);
        return next();
      }
      streamError = e as Error;
      return null;
    }
  };
  while (have < SNIFF_BYTES) {
    const c = await next();
    if (c === null) {
      done = true;
      break;
    }
    first.push(Buffer.from(c)); // copy: readers reuse their buffers
    have += c.length;
  }
  const head = Buffer.concat(first);
  const totals = emptyTotals();
  if (streamError && head.length === 0) {
    return { ...base, outcome: 'skipped', skipReason: 'unreadable', startLine: 1, totals, error: String((streamError as Error).message) };
  }
  const det = detectFormat(head, { grep: !spec.lineMap });
  if ('grep' in det) {
    const all = await readWhole(plainPath, head, done, next, spec.size);
    const failed = streamError ? String((streamError as Error).message) : typeof all === 'string' ? all : null;
    if (failed !== null || typeof all === 'string') return { ...base, outcome: 'skipped', skipReason: 'unreadable', startLine: 1, totals, error: failed ?? undefined };
    return scanGrepOutput(env, spec, all, emit);
  }
  if ('skip' in det) {
    await drain(iter, plainPath !== null);
    return { ...base, outcome: 'skipped', skipReason: det.skip, startLine: 1, totals };
  }
  const format = det.format;
  const fingerprint = `${format}/${fingerprintOf(head)}`;
  const cp = spec.checkpoint;
  const fpPrefix = cp?.fingerprint.startsWith(`${format}/`) ? cp.fingerprint.slice(format.length + 1) : null;
  const sameStart = fpPrefix !== null && samePrefix(head, fpPrefix);
  if (cp && cp.status === 'done' && sameStart && spec.size !== null && cp.size === spec.size) {
    await drain(iter, plainPath !== null);
    return { ...base, outcome: 'unchanged', skipReason: 'unchanged', startLine: cp.line, totals };
  }

  // Header and identity.
  const headLines = head.toString('latin1', 0, Math.min(head.length, 4096)).split('\n', 5).map((l) => l.replace(/\r$/, ''));
  const header = format === 'glog' ? parseGlogFileHeader(headLines) : {};
  const zkHints = format === 'zookeeper' ? zkHeadHints(head.toString('latin1').split('\n')) : null;
  const zkFirst = zkHints?.first ? { ...zkHints.first, addr: zkHints.seed.addrs[zkHints.first.node] } : null;
  const ident = identifySource(spec.source, format, header, spec.overrides, zkFirst);
  // Servers are told apart within the file unless the layout or --node fixed the node.
  const zkSplit = format === 'zookeeper' && !['layout', 'override', 'header_host'].includes(ident.nodeFrom);
  const zone = env.zone(spec.tz);

  // Resume a grown plain file (or re-read a stream with the same start) from its checkpoint.
  let state: ScanState;
  let resumeFrom = 0;
  const canResume = cp !== null && sameStart && !spec.gz && (spec.size === null || spec.size >= cp.size);
  if (canResume) {
    state = JSON.parse(cp.state) as ScanState;
    resumeFrom = state.offset;
    if (zkHints && !state.zk) state.zk = ZkServerRouter.initialState(zkHints.seed);
  } else {
    state = initialYearState(format, header, ident, spec);
    if (zkHints) state.zk = ZkServerRouter.initialState(zkHints.seed);
  }

  const startLine = canResume ? state.line : 1;
  const scanner = new FileScanner(
    { source: spec.source, cluster: ident.cluster, node: ident.node, service: ident.service, pid: ident.pid, format, zone, matcher: env.matcher(format), finder: env.finder(format), lineMap: spec.lineMap, zkSplit },
    state,
    env.buffers,
  );
  const flush = (force: boolean): void => {
    if (scanner.pendingEvents >= EVENT_BATCH || (force && scanner.pendingEvents > 0)) {
      for (const batch of scanner.takeEvents()) emit({ type: 'events', id: spec.id, startLine, batch, meta: { yearPending: state.yearPending === true } });
    }
  };

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

  if (plainPath) {
    // A plain file is read straight into the scanner's buffer, from where the sniffed
    // head ends, or from the checkpoint (a seek instead of re-reading what is stored).
    await iter.return?.();
    let pos = resumeFrom;
    if (resumeFrom === 0) {
      feed(head);
      pos = head.length;
    }
    readInto(plainPath, pos, (read) => {
      for (;;) {
        const n = scanner.pushFrom(read, READ_CHUNK);
        if (n === 0) return;
        flush(false);
      }
    });
  } else {
    feed(head);
    if (!done) {
      for (;;) {
        const c = await next();
        if (c === null) break;
        feed(c);
      }
    }
  }
  const recoveredAs = recovered as GzipFailure | null; // set inside next()
  if (recoveredAs) scanner.totals.issues[recoveredAs] = 1;
  if (streamError) {
    // A .gz that stops early or goes bad still gave us everything before the break.
    const failure = spec.gz ? gzipFailureOf(streamError) : null;
    if (failure) scanner.totals.issues[failure] = 1;
    else return { ...base, outcome: 'skipped', skipReason: 'unreadable', startLine: 1, totals: scanner.totals, error: (streamError as Error).message };
  }
  scanner.end(streamError !== null); // a stream that broke off cut its last line
  flush(true);
  scanner.release();

  const fin = scanner.finalState;
  const ck = scanner.checkpointState;
  const start = ident.glogName?.start;
  const info: SourceInfo = {
    source: spec.source,
    cluster: ident.cluster,
    node: ident.node,
    service: ident.service,
    pid: ident.pid,
    aliases: ident.aliases,
    format,
    nodeFrom: ident.nodeFrom,
    yearSource: fin.yearSource,
    nameStartUs: start ? zone.toUtcUs(start.year, start.month, start.day, start.hour, start.minute, start.second, 0) : null,
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
  if (info.nameStartUs !== null && !Number.isFinite(info.nameStartUs)) info.nameStartUs = null;
  const checkpoint: Checkpoint = {
    source: spec.source,
    fingerprint,
    size: spec.size ?? fin.offset,
    offset: ck.offset,
    line: ck.line,
    state: JSON.stringify(ck),
  };
  return {
    ...base,
    outcome: 'ingested',
    startLine,
    info,
    ...(zkSplit && fin.zk ? { servers: zkServerSources(info, fin.zk) } : {}),
    checkpoint,
    totals: scanner.totals,
    yearAssumed: fin.yearSource === 'mtime_assumed',
    yearPending: fin.yearPending === true ? { evidence: fin.yearEvidence ?? null, mtimeMs: spec.mtimeMs } : null,
    absoluteTime: fin.absoluteTime ?? null,
    nodeGuessed: ident.nodeGuessed,
  };
}

/**
 * Where a file's year comes from before it is read: `--year`, the glog header, the dated
 * file name; else it is provisional (see year-inference.ts). Formats whose lines carry a
 * year need none.
 */
function initialYearState(format: LogFormat, header: GlogFileHeader, ident: SourceIdentity, spec: ScanJobSpec): ScanState {
  if (format !== 'glog') return initialScanState(null, 1, null);
  if (spec.year !== undefined) return initialScanState(spec.year, 0, 'user');
  if (header.createdAt) return initialScanState(header.createdAt.year, header.createdAt.month, 'header');
  const named = ident.glogName?.start;
  if (named) return initialScanState(named.year, named.month, 'file_name');
  return initialScanState(provisionalYear(spec.mtimeMs, Date.now()), 0, 'mtime_assumed', true);
}

/** Consumes what is left of a stream (a plain file is just closed). */
async function drain(iter: AsyncIterator<Buffer> | Iterator<Buffer>, plain: boolean): Promise<void> {
  try {
    if (plain) {
      await iter.return?.();
      return;
    }
    for (;;) if ((await iter.next()).done) return;
  } catch {
    // The content is not used; a broken tail changes nothing.
  }
}

/** Grep output is read whole, up to this size (it is a few matches, not a log bundle). */
const GREP_MAX_BYTES = 256 * 1024 * 1024;

/** The whole content (the sniffed head and the rest), or why it cannot be had. */
async function readWhole(plainPath: string | null, head: Buffer, done: boolean, next: () => Promise<Buffer | null>, size: number | null): Promise<Buffer | string> {
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
  const totals: ScanTotals = { lines: demux.lines, records: 0, bytes: all.length, events: {}, issues: demux.junk ? { junk_line: demux.junk } : {} };
  const parts: ScanResult[] = [];
  for (const p of demux.parts) {
    const source = grepPartSource(spec.source, p.path);
    const part: ScanJobSpec = { ...spec, source, input: { type: 'stream' }, gz: false, size: p.content.length, checkpoint: null, lineMap: p.lineMap };
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

