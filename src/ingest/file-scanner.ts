/**
 * Turns the bytes of one log file into events, incrementally and resumably.
 *
 * Speed comes from not parsing every line: one pass counts lines and record heads
 * (a byte test), a single prefilter regex built from the rules finds candidate
 * records, and only those are parsed. Blocks are cut at record heads, so a record
 * and its continuation lines are always in one block.
 */
import { isUtf8 } from 'node:buffer';
import type { EventFields, EventKind } from '../model/event.js';
import type { RecordHead } from '../parsers/record-head.js';
import { EventBatchBuilder, type EventBatch } from '../model/event-batch.js';
import type { EndKind, LogFormat, YearSource } from '../model/source-info.js';
import { GLOG_HEAD_MAX_BYTES, isGlogHeaderLine, parseGlogRecordHeadAt } from '../parsers/glog/glog.parser.js';
import { parseZkServerHead } from '../parsers/zookeeper/zk-server.parser.js';
import { parseZkClientHead, parseZkClientLine } from '../parsers/zk-client/zk-client.parser.js';
import type { FormatMatcher, RuleMatch } from '../rules/rule-matcher.js';
import { headTest, type CandidateFinder } from './candidate-finder.js';
import type { ZoneConverter } from '../time/zone.js';
import { myidOfZkNode, zkNodeName, type ZkRecordIdentity } from '../identity/zk-servers.js';
import { yearsBetween, type YearEvidence } from './year-inference.js';
import type { AbsoluteTime } from './zone-check.js';
import type { IssueCounts, LineIssue } from './skip-reasons.js';
import { ZkServerRouter, type ZkScanState } from './zk-server-router.js';

/** Longest record kept whole; longer ones are cut (and counted), so memory stays bounded. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;
/** Longest message stored with an event; the evidence line number leads to the rest. */
export const MAX_MESSAGE_CHARS = 16 * 1024;
/** Initial working buffer; grows for records longer than a read chunk. */
const WORK_BUFFER_BYTES = 2 * 1024 * 1024;
/**
 * A stop or crash this many lines before the last record still counts as how the file
 * ended; a stop line this close after another is the same shutdown (components log theirs).
 */
const END_KIND_TAIL_LINES = 200;
/** The same for a ZooKeeper server's events in a file shared by several (zk-server-sources.ts). */
export const END_KIND_TAIL_RECORDS = 50;

export interface ScanContext {
  source: string;
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  format: LogFormat;
  zone: ZoneConverter;
  matcher: FormatMatcher;
  finder: CandidateFinder;
  /** Where the lines came from elsewhere (grep output): lineMap[k - 1] is the original line of line k. */
  lineMap?: Int32Array | null;
  /** ZooKeeper: events go to the node of the server that wrote them (no layout or --node fixed it). */
  zkSplit?: boolean;
}

/** Everything needed to resume scanning at a record boundary; serialized into checkpoints. */
export interface ScanState {
  /** Absolute byte offset of the next unprocessed byte. */
  offset: number;
  /** Line number of the line starting at `offset`. */
  line: number;
  records: number;
  year: number | null;
  prevMonth: number;
  yearSource: YearSource | null;
  firstTsUs: number | null;
  firstLine: number | null;
  lastTsUs: number | null;
  lastLine: number | null;
  lastLifecycle: 'crash' | 'stop' | null;
  /** Line of the last stop or crash record (absent in checkpoints of older versions). */
  lifecycleLine?: number | null;
  /** The ZooKeeper server of that stop or crash, in a file shared by several. */
  lifecycleServer?: string | null;
  /** True once the first record has been seen (lines before it are header or junk). */
  seenRecord: boolean;
  /** ZooKeeper server id learned from the log itself. */
  zkMyid?: number | null;
  /** The year is provisional (no header, no dated name): ingest settles it once the file is read. */
  yearPending?: boolean;
  /** Events emitted and lines outside any record, so far (coverage report). */
  events?: number;
  unmatched?: number;
  /** The first absolute clock reading (a crash dump's unix time) and the record's own time: checks the zone. */
  absoluteTime?: AbsoluteTime | null;
  /** The first full date found in a year-pending file (year-inference.ts). */
  yearEvidence?: YearEvidence | null;
  /** ZooKeeper: which server wrote what, learned from the log itself (zk-server-router.ts). */
  zk?: ZkScanState;
}

/** `month` 0: the first record's month starts the December → January rollover watch. */
export function initialScanState(year: number | null, month: number, yearSource: YearSource | null, yearPending = false): ScanState {
  return {
    offset: 0,
    line: 1,
    records: 0,
    year,
    prevMonth: month,
    yearSource,
    firstTsUs: null,
    firstLine: null,
    lastTsUs: null,
    lastLine: null,
    lastLifecycle: null,
    lifecycleLine: null,
    seenRecord: false,
    yearPending,
    yearEvidence: null,
  };
}

/**
 * Buffers one scanner hands to the next (a file's working buffer, its event builder):
 * each file allocating its own left megabytes of garbage that a worker's small heap
 * seldom collects. A scanner takes them at its start and gives them back at its end.
 */
export interface ScannerBuffers {
  work: Buffer | null;
  builder: EventBatchBuilder | null;
}
/** A working buffer grown past this (a huge record) is not kept for the next file. */
const MAX_KEPT_WORK_BYTES = 4 * WORK_BUFFER_BYTES;

export interface ScanTotals {
  lines: number;
  records: number;
  bytes: number;
  events: Partial<Record<EventKind, number>>;
  issues: IssueCounts;
}

const NL = 10;

export class FileScanner {
  private work: Buffer;
  private carryLen = 0;
  private readonly events: EventBatchBuilder;
  readonly totals: ScanTotals = { lines: 0, records: 0, bytes: 0, events: {}, issues: {} };
  /** State at the start of the last record: where a later run resumes. */
  private resumeState: ScanState;
  private readonly isHead: (b: Buffer, i: number) => boolean;
  private readonly zk: ZkServerRouter | null;

  constructor(
    private readonly ctx: ScanContext,
    private state: ScanState,
    private readonly reuse: ScannerBuffers | null = null,
  ) {
    this.resumeState = { ...state };
    this.isHead = headTest(ctx.format);
    this.work = reuse?.work ?? Buffer.allocUnsafe(WORK_BUFFER_BYTES);
    this.events = reuse?.builder?.restart(ctx) ?? new EventBatchBuilder(ctx);
    if (reuse) reuse.work = reuse.builder = null;
    this.zk =
      ctx.format === 'zookeeper'
        ? new ZkServerRouter(ctx, this.events, ctx.zkSplit ?? false, (state.zk ??= ZkServerRouter.initialState()))
        : null;
  }

  /** Gives the buffers back for the next file; call once the events are taken. */
  release(): void {
    if (!this.reuse || this.events.count > 0) return;
    if (this.work.length <= MAX_KEPT_WORK_BYTES) this.reuse.work = this.work;
    this.reuse.builder = this.events;
  }

  /** Feeds the next bytes of the file. The chunk is copied; callers may reuse it. */
  push(chunk: Buffer): void {
    this.room(chunk.length);
    chunk.copy(this.work, this.carryLen);
    this.consume(chunk.length);
  }

  /**
   * Reads the next bytes straight into the working buffer (no copy of a chunk):
   * `read` fills `dst` from `offset`, at most `max` bytes, and returns how many (0 at
   * the end). Returns that count.
   */
  pushFrom(read: (dst: Buffer, offset: number, max: number) => number, max: number): number {
    this.room(max);
    const n = read(this.work, this.carryLen, max);
    if (n > 0) this.consume(n);
    return n;
  }

  /** One warm working buffer holds carry (an unfinished record) + new bytes; it grows for long records. */
  private room(n: number): void {
    const need = this.carryLen + n;
    if (need <= this.work.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.work.length * 2));
    this.work.copy(grown, 0, 0, this.carryLen);
    this.work = grown;
  }

  /** `n` new bytes sit after the carry: process every complete record among them. */
  private consume(n: number): void {
    this.totals.bytes += n;
    if (this.work.subarray(this.carryLen, this.carryLen + n).includes(0)) this.blankNulRuns(this.carryLen, this.carryLen + n);
    const need = this.carryLen + n;
    const buf = this.work.subarray(0, need);
    let cut = lastHeadStart(buf, this.isHead);
    if (cut <= 0) {
      // No complete record yet: keep waiting, unless one record has grown past the limit.
      if (need < MAX_RECORD_BYTES) {
        this.carryLen = need;
        return;
      }
      cut = buf.lastIndexOf(NL) + 1 || need;
      this.bump('record_truncated');
    }
    this.processBlock(buf.subarray(0, cut), false);
    this.work.copy(this.work, 0, cut, need);
    this.carryLen = need - cut;
  }

  /**
   * A power cut leaves runs of NUL bytes, and the next writer's first line glued after
   * them. Each run in [from, to) becomes spaces in place (offsets and line numbers stay
   * true); a run at a line start also takes that line's newline to its end, so the record
   * after it starts a line again: `a\n\0\0\0b` → `a   \nb`.
   */
  private blankNulRuns(from: number, to: number): void {
    const w = this.work.subarray(0, to);
    for (let i = w.indexOf(0, from); i >= 0; i = w.indexOf(0, i)) {
      let j = i;
      while (j < to && w[j] === 0) j++;
      w.fill(32, i, j);
      if (i > 0 && w[i - 1] === NL) {
        w[i - 1] = 32;
        w[j - 1] = NL;
      }
      this.bump('nul_run');
      i = j;
    }
  }

  /** The file ended (for now). Processes the last record, including a cut-off final line; `cut`: the input broke off. */
  end(cut = false): void {
    const buf = this.work.subarray(0, this.carryLen);
    this.carryLen = 0;
    if (buf.length === 0) {
      this.resumeState = { ...this.state };
      return;
    }
    const lastHead = lastHeadStart(buf, this.isHead);
    if (lastHead > 0) this.processBlock(buf.subarray(0, lastHead), false);
    // Resume at the last record so that lines appended to it later join it.
    this.resumeState = { ...this.state };
    if (buf[buf.length - 1] !== NL) this.bump(cut || this.lastLineCut(buf) ? 'cut_off_line' : 'no_final_newline');
    const last = buf.subarray(lastHead > 0 ? lastHead : 0);
    this.processBlock(last, true);
    if (lastHead >= 0) this.endOnErrors(last);
    if (!this.state.seenRecord) this.resumeState = { ...this.state };
    this.zk?.finish();
  }

  /**
   * Whether a last line without a newline shows it was cut mid-write: its record head is
   * incomplete, or it stops inside a UTF-8 character. A whole record that merely lacks
   * the final newline (an excerpt, an editor's save) is not cut.
   */
  private lastLineCut(buf: Buffer): boolean {
    const ls = buf.lastIndexOf(NL, buf.length - 1) + 1;
    if (!isUtf8(buf.subarray(ls))) {
      const tail = buf.subarray(Math.max(ls, buf.length - 3));
      if (tail.some((c) => c >= 0xc0)) return true; // a multi-byte character begun and not finished
    }
    if (!this.isHead(buf, ls)) return false;
    const head = this.parseHead(buf, ls);
    return head === null || ls + head.msgStart >= buf.length;
  }

  /** Events produced since the last call: one batch, or one per ZooKeeper server of the file. */
  takeEvents(): EventBatch[] {
    return this.zk ? this.zk.take() : [this.events.take()];
  }

  get pendingEvents(): number {
    return this.zk ? this.zk.count : this.events.count;
  }

  get checkpointState(): ScanState {
    return this.resumeState;
  }

  get finalState(): ScanState {
    return this.state;
  }

  endKind(): EndKind {
    const s = this.state;
    if (s.lastLifecycle && s.lastLine !== null && s.lastLine - (s.lifecycleLine ?? -Infinity) <= END_KIND_TAIL_LINES)
      return s.lastLifecycle;
    return 'none';
  }

  /**
   * A glog file's last record (alone in `rec`) is an E/F line and no stop or crash line
   * came shortly before: the process died on those errors (a start-up failure ends so);
   * that record is the crash's evidence. Not for ZooKeeper, whose log spans restarts and
   * whose ERROR lines about lost peers are routine (its own end: `exiting abnormally`).
   */
  private endOnErrors(rec: Buffer): void {
    if (this.ctx.format !== 'glog' || this.endKind() !== 'none' || this.state.lastLine === null) return;
    const head = this.parseHead(rec, 0);
    if (!head || (head.level !== 'E' && head.level !== 'F') || !Number.isFinite(this.toUtc(head, false))) return;
    this.emitRecord(rec, 0, rec.length, this.state.lastLine, {
      kind: 'process.crash',
      ruleId: 'error-tail',
      peer: null,
      fields: { reason: 'error_tail' },
    });
  }

  /**
   * A stop line soon after another stop belongs to the same shutdown: it only extends it.
   * `server`: in a file of several ZooKeeper servers, each one's shutdown is its own.
   */
  private sameShutdown(line: number, server: string | null): boolean {
    const s = this.state;
    if (s.lastLifecycle !== 'stop' || line - (s.lifecycleLine ?? -Infinity) > END_KIND_TAIL_LINES) return false;
    if ((s.lifecycleServer ?? null) !== server) return false;
    s.lifecycleLine = line;
    return true;
  }

  private bump(issue: LineIssue, n = 1): void {
    this.totals.issues[issue] = (this.totals.issues[issue] ?? 0) + n;
  }

  /**
   * One block of whole records (it starts at a record head, except the file's first
   * block, which may start with header or junk lines). `final` marks the file's last
   * block, whose end may lack a newline.
   */
  private processBlock(b: Buffer, final: boolean): void {
    const st = this.state;
    const end = b.length;
    const scan = this.ctx.finder.scan(b, end);
    const baseLine = st.line;
    if (!st.seenRecord && scan.firstHead >= 0) this.noteFirstRecord(b, scan.firstHead, baseLine + scan.firstHeadLine);
    let emittedUpTo = 0; // end of the last record turned into events
    for (let k = 0; k < scan.candidateCount; k++) {
      const ls = scan.candidateStart[k]!;
      if (ls < emittedUpTo) continue; // a continuation line of a record already handled
      let hs = ls;
      let hl = scan.candidateLine[k]!;
      while (hs > emittedUpTo && !this.isHead(b, hs)) {
        hs = b.lastIndexOf(NL, hs - 2) + 1;
        hl--;
      }
      if (!this.isHead(b, hs)) continue; // before the first record: header or junk
      const re = nextHeadStart(b, ls, end, this.isHead);
      this.emitRecord(b, hs, re, baseLine + hl);
      emittedUpTo = re;
    }
    if (st.yearPending && !st.yearEvidence) this.blockYearEvidence(b, baseLine);
    if (this.zk?.splitting) this.noteZkServers(b, baseLine);
    st.line += scan.lines;
    st.records += scan.heads;
    if (scan.glued > 0) this.bump('glued_head', scan.glued);
    this.totals.lines += scan.lines;
    this.totals.records += scan.heads;
    if (final && end > 0 && b[end - 1] !== NL) {
      // The cut-off last line has no newline but is a line.
      st.line += 1;
      this.totals.lines += 1;
    }
    if (scan.lastHead >= 0) this.noteLastRecord(b, scan.lastHead, baseLine + scan.lastHeadLine);
    // The C client writes one line per record: any other line is junk (banners, the program's own output).
    if (this.ctx.format === 'zk-client') this.bump('junk_line', scan.lines + (final && end > 0 && b[end - 1] !== NL ? 1 : 0) - scan.heads);
    st.offset += end;
  }

  private noteFirstRecord(b: Buffer, at: number, line: number): void {
    const st = this.state;
    if (line > 1 && this.ctx.format === 'zookeeper') this.bump('leading_junk', line - st.line);
    st.unmatched = (st.unmatched ?? 0) + leadingJunkLines(b, at);
    const head = this.parseHead(b, at);
    if (!head) return;
    st.seenRecord = true;
    const ts = this.toUtc(head, true);
    if (Number.isFinite(ts)) {
      st.firstTsUs = ts;
      st.firstLine = line;
    }
  }

  private noteLastRecord(b: Buffer, at: number, line: number): void {
    const head = this.parseHead(b, at);
    if (!head) return;
    const ts = this.toUtc(head, true);
    if (!Number.isFinite(ts)) return;
    this.state.lastTsUs = ts;
    this.state.lastLine = line;
    if (this.state.firstTsUs === null) {
      this.state.firstTsUs = ts;
      this.state.firstLine = line;
    }
  }

  private parseHead(b: Buffer, at: number): Head | null {
    const lineEnd = b.indexOf(NL, at);
    if (this.ctx.format === 'glog') {
      const r = parseGlogRecordHeadAt(b, at, lineEnd < 0 ? b.length : lineEnd);
      return r.ok ? r.head : null;
    }
    const headText = b.toString('latin1', at, Math.min(lineEnd < 0 ? b.length : lineEnd, at + GLOG_HEAD_MAX_BYTES));
    const r = this.ctx.format === 'zk-client' ? parseZkClientHead(headText) : parseZkServerHead(headText);
    return r.ok ? r.head : null;
  }

  /** Local head time → UTC µs, advancing the year on a December → January rollover. */
  private toUtc(h: Head, observe: boolean): number {
    const st = this.state;
    let year = h.year;
    if (year === null) {
      year = st.year ?? new Date().getUTCFullYear();
      if (st.prevMonth === 0 && observe) st.prevMonth = h.month;
      const prevMonth = st.prevMonth || h.month;
      if (h.month < prevMonth - 6) {
        // Rolled over into a new year.
        if (observe) {
          st.year = year + 1;
          st.prevMonth = h.month;
        }
        year += 1;
      } else if (h.month > prevMonth + 6) {
        // A straggler from before the rollover (threads interleave at midnight).
        year -= 1;
      } else if (observe) {
        st.prevMonth = h.month;
      }
    }
    return this.ctx.zone.toUtcUs(year, h.month, h.day, h.hour, h.minute, h.second, h.micros);
  }

  /** UTC µs of the record head before `hs` within this block, if any. */
  private previousRecordUs(b: Buffer, hs: number): number | null {
    let p = hs;
    while (p > 0) {
      p = b.lastIndexOf(NL, p - 2) + 1;
      if (this.isHead(b, p)) {
        const h = this.parseHead(b, p);
        return h ? this.toUtc(h, false) : null;
      }
      if (p === 0) break;
    }
    return null;
  }

  /** Turns the record at [hs, re) into the events its rules give, or into `only`. */
  private emitRecord(b: Buffer, hs: number, re: number, line: number, only?: RuleMatch): void {
    const head = this.parseHead(b, hs);
    if (!head) {
      this.bump('bad_header');
      return;
    }
    const tsUs = this.toUtc(head, true);
    if (!Number.isFinite(tsUs)) {
      this.bump('invalid_time');
      return;
    }
    // A raw C-client record is one line; what follows it up to the next record is junk.
    let msgEnd = this.ctx.format === 'zk-client' ? lineEndOf(b, hs, re) : re;
    while (msgEnd > hs && (b[msgEnd - 1] === NL || b[msgEnd - 1] === 13)) msgEnd--;
    const msgStart = hs + head.msgStart;
    let message = msgEnd > msgStart ? b.toString('utf8', msgStart, Math.min(msgEnd, msgStart + MAX_MESSAGE_CHARS * 4)) : '';
    const validUtf8 = isUtf8(b.subarray(hs, msgEnd));
    if (!validUtf8) this.bump('invalid_utf8');
    const hasCr = message.includes('\r');
    if (hasCr) message = message.replace(/\r\n/g, '\n');
    // glog literals sit in the message; ZooKeeper's may sit in the header (`] - LOOKING`).
    // ASCII literals match the decoded message exactly, which saves a second string.
    const recordText = this.ctx.format === 'glog' && this.ctx.matcher.asciiLiterals ? message : b.toString('latin1', hs, msgEnd);
    const matches = only ? [only] : this.ctx.matcher.match(head.level, message, recordText);
    if (matches.length === 0) return;
    // The record's own bytes are the message's UTF-8 when nothing above changed it.
    const messageBytes =
      validUtf8 && !hasCr && msgEnd - msgStart <= MAX_MESSAGE_CHARS && msgEnd > msgStart
        ? { buf: b, start: msgStart, end: msgEnd }
        : undefined;
    if (message.length > MAX_MESSAGE_CHARS) message = message.slice(0, MAX_MESSAGE_CHARS) + ' …[truncated]';
    const at = this.originalLine(line);
    const server = this.zk ? this.zk.serverOf(zkRecordIdentity(head, matches)) : null;
    for (const mt of matches) {
      if (mt.kind === 'process.stop' && this.sameShutdown(line, server)) continue;
      const fields = mt.fields;
      if (this.zk) {
        // A ZooKeeper log spans restarts: the record before `Starting quorum peer` is when the previous run was last heard of.
        if (mt.kind === 'process.start') {
          const prev = this.previousRecordUs(b, hs);
          if (prev !== null) fields.prevRecordUs = prev;
        }
        if (head.myid != null && fields.myid === undefined) fields.myid = head.myid;
        if (head.serverAddr && fields.serverAddr === undefined) fields.serverAddr = head.serverAddr;
      }
      // A raw client log may hold several processes: each line names its own.
      if (head.pid !== undefined && fields.clientPid === undefined) fields.clientPid = head.pid;
      fields.rule = mt.ruleId;
      this.state.events = (this.state.events ?? 0) + 1;
      // A file whose node is fixed (layout, --node) needs no routing once its server is known.
      if (this.zk && (this.zk.splitting || server === null))
        this.zk.add(server, { tsUs, line: at, kind: mt.kind, level: head.level, message, peer: mt.peer, fields });
      else
        this.events.add(tsUs, at, mt.kind, head.level, message, mt.peer, this.zk ? withServerMyid(fields, server) : fields, messageBytes);
      this.totals.events[mt.kind] = (this.totals.events[mt.kind] ?? 0) + 1;
      if (mt.kind === 'process.crash' || mt.kind === 'process.stop') {
        this.state.lastLifecycle = mt.kind === 'process.crash' ? 'crash' : 'stop';
        this.state.lifecycleLine = line;
        this.state.lifecycleServer = server;
      } else if (mt.kind === 'process.start') {
        this.state.lastLifecycle = null; // a ZooKeeper log goes on into the next run
      }
      // A rule's `unixTime` is an absolute clock reading (a crash dump's `Aborted at`).
      if (typeof fields.unixTime === 'number') {
        const absoluteUs = fields.unixTime * 1e6;
        this.noteYearEvidence(tsUs, absoluteUs, at, 'absolute_time');
        this.state.absoluteTime ??= { line: at, tsUs, absoluteUs };
      }
    }
    if (this.state.yearPending && !this.state.yearEvidence) this.nestedDateEvidence(message, tsUs, at);
  }

  private originalLine(line: number): number {
    return originalLine(this.ctx.lineMap, line);
  }

  /** While the year is provisional, the first full date read in a record settles it. */
  private noteYearEvidence(tsUs: number, absoluteUs: number, line: number, via: YearEvidence['via']): void {
    const st = this.state;
    if (!st.yearPending || st.yearEvidence || !Number.isFinite(absoluteUs)) return;
    st.yearEvidence = { deltaYears: yearsBetween(tsUs, absoluteUs), line, via };
  }

  /** The ZooKeeper client's own timestamp nested in a glog `[ZOO]` record carries the year. */
  private nestedDateEvidence(message: string, tsUs: number, line: number): void {
    const zoo = message.indexOf('[ZOO]');
    if (zoo < 0) return;
    const c = parseZkClientLine(message.slice(zoo));
    if (c)
      this.noteYearEvidence(tsUs, this.ctx.zone.toUtcUs(c.year, c.month, c.day, c.hour, c.minute, c.second, c.micros), line, 'nested_date');
  }

  /**
   * Servers of a shared ZooKeeper file that write records no rule wants still wrote in
   * it: the first and last record of each `[myid:N]` in the block extend its span. Only
   * files being split by server pay for this (no layout, no --node).
   */
  private noteZkServers(b: Buffer, baseLine: number): void {
    const text = b.toString('latin1');
    const seen = new Map<number, { first: number; last: number }>();
    for (const m of text.matchAll(ZK_MYID_TAG)) {
      const myid = Number(m[1]);
      const ls = text.lastIndexOf('\n', m.index) + 1;
      const s = seen.get(myid);
      if (!s) seen.set(myid, { first: ls, last: ls });
      else s.last = ls;
    }
    for (const [myid, { first, last }] of seen) {
      for (const ls of first === last ? [first] : [first, last]) {
        const head = this.parseHead(b, ls);
        if (!head || head.myid !== myid) continue;
        this.zk!.noteSeen(zkNodeName(myid, null)!, this.toUtc(head, false), baseLine + lineIndexAt(b, ls));
      }
    }
  }

  /**
   * A year-pending file's `[ZOO]` records that no rule wants (ZOO_INFO lines) still carry
   * a year: look for the first one in the block. Only year-pending files pay for this.
   */
  private blockYearEvidence(b: Buffer, baseLine: number): void {
    const at = b.indexOf('[ZOO] ');
    if (at < 0) return;
    const ls = b.lastIndexOf(NL, at) + 1;
    if (!this.isHead(b, ls)) return;
    const head = this.parseHead(b, ls);
    if (!head) return;
    const le = b.indexOf(NL, ls);
    this.nestedDateEvidence(
      b.toString('latin1', ls, le < 0 ? b.length : le),
      this.toUtc(head, false),
      this.originalLine(baseLine + lineIndexAt(b, ls)),
    );
  }
}

type Head = RecordHead & { myid?: number | null; serverAddr?: string | null; pid?: number; clientPort?: number | null };

/** End of the line starting at `at` (its newline included), at most `end`. */
function lineEndOf(b: Buffer, at: number, end: number): number {
  const nl = b.indexOf(NL, at);
  return nl < 0 || nl >= end ? end : nl + 1;
}

/** Lines before the first record that are not glog's file header (banners, pasted notes). */
function leadingJunkLines(b: Buffer, firstHead: number): number {
  if (firstHead <= 0) return 0;
  const lines = b.toString('latin1', 0, firstHead).split('\n');
  lines.pop(); // the empty rest after the last newline
  return lines.filter((l) => !isGlogHeaderLine(l)).length;
}

/** What a ZooKeeper record says about its server: its head, `My id = N`, `Starting quorum peer`. */
function zkRecordIdentity(head: Head, matches: readonly { kind: EventKind; fields: Record<string, unknown> }[]): ZkRecordIdentity {
  let myid = head.myid ?? null;
  let start = false;
  for (const mt of matches) {
    // `My id = N`, or a harness naming the peer it acts on (`Shutting down quorum peer QuorumPeer[myid=1]`).
    if (myid === null && typeof mt.fields.myid === 'number') myid = mt.fields.myid;
    if (mt.kind === 'process.start') start = true;
  }
  return { myid, port: head.clientPort ?? null, addr: head.serverAddr ?? null, start };
}

/** The router's rule for a fixed-node file: events name their server's myid (zk-server-router.ts). */
function withServerMyid(fields: EventFields, server: string | null): EventFields {
  const myid = myidOfZkNode(server);
  if (myid !== null && fields.myid === undefined) fields.myid = myid;
  return fields;
}

/** The line in the file the records came from: grep output keeps each record's original LINENO. */
export function originalLine(lineMap: Int32Array | null | undefined, line: number): number {
  return lineMap ? (lineMap[line - 1] ?? line) : line;
}

/** `[myid:N]` as ZooKeeper 3.4+ heads write it. */
const ZK_MYID_TAG = /\[myid:(\d+)\]/g;

/** Newlines in `b` before offset `at`: the line index of the line starting there. */
function lineIndexAt(b: Buffer, at: number): number {
  let n = 0;
  for (let i = b.indexOf(NL); i >= 0 && i < at; i = b.indexOf(NL, i + 1)) n++;
  return n;
}

/** Start of the last line that is a record head, or -1. Offset 0 counts only if a head. */
function lastHeadStart(b: Buffer, isHead: (b: Buffer, i: number) => boolean): number {
  let i = b.length - 1;
  while (i > 0) {
    const nl = b.lastIndexOf(NL, i - 1);
    if (nl < 0) break;
    if (nl + 1 < b.length && isHead(b, nl + 1)) return nl + 1;
    i = nl;
  }
  return b.length > 0 && isHead(b, 0) ? 0 : -1;
}

/** Start of the first head line after the line starting at `ls`, or `end`. */
function nextHeadStart(b: Buffer, ls: number, end: number, isHead: (b: Buffer, i: number) => boolean): number {
  let nl = b.indexOf(NL, ls);
  while (nl >= 0 && nl + 1 < end) {
    if (isHead(b, nl + 1)) return nl + 1;
    nl = b.indexOf(NL, nl + 1);
  }
  return end;
}
