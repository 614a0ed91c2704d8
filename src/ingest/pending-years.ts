/**
 * Files scanned with a provisional year (year-inference.ts) wait here, events and all,
 * until every other file of the run is read: then siblings of known year are there to
 * ask, whichever worker finished first. Each file's year is settled, its events and
 * lifecycle re-timed, and everything handed to the writer as if it had just been read.
 * Such files are the exception (excerpts, stderr captures), and only their events wait.
 */
import { markRepeatsInColumns } from '../model/repeat-marks.js';
import type { EventBatch } from '../model/event-batch.js';
import type { SourceInfo, YearSource } from '../model/source-info.js';
import type { Checkpoint } from '../catalog/catalog.js';
import type { ZoneConverter } from '../time/zone.js';
import type { ScanState } from './file-scanner.js';
import type { ScanResult } from './scan-job.js';
import type { AbsoluteTime } from './zone-check.js';
import { decideYear, type DatedSibling, type YearDecision } from './year-inference.js';

const DAY_US = 86_400_000_000;

/** Years that came from the file itself or the user: the ones a sibling may lend. */
const SELF_DATED: ReadonlySet<YearSource> = new Set<YearSource>(['user', 'header', 'file_name', 'nested_date']);

interface Held {
  source: string;
  startLine: number;
  batches: EventBatch[];
  result?: ScanResult;
}

export interface SettledFile {
  info: SourceInfo;
  checkpoint: Checkpoint;
  startLine: number;
  batches: EventBatch[];
  decision: YearDecision;
  /** The file's absolute clock reading, its record's time in the settled year. */
  absoluteTime: AbsoluteTime | null;
}

export class PendingYears {
  /** By source key: a job's events may belong to several sources (the PATHs of grep output). */
  private readonly held = new Map<string, Held>();

  get size(): number {
    return this.held.size;
  }

  /** Keeps a batch of a year-pending file (the caller releases the worker at once). */
  hold(source: string, startLine: number, batch: EventBatch): void {
    let h = this.held.get(source);
    if (!h) this.held.set(source, (h = { source, startLine, batches: [] }));
    h.batches.push(batch);
  }

  /** The file's scan is done; its result waits with its events. */
  finish(result: ScanResult): void {
    const h = this.held.get(result.source);
    if (h) h.result = result;
    else this.held.set(result.source, { source: result.source, startLine: result.startLine, batches: [], result });
  }

  /** Drops a file whose scan failed: its events must not land without its lifecycle. */
  forget(source: string): void {
    this.held.delete(source);
  }

  /**
   * Settles every held file, in source order (not arrival order: the answer must not
   * depend on which worker finished first). `siblings` are files of known
   * year (stored or read in this run); `zoneOf` gives the zone a file's times were read in.
   */
  settle(siblings: readonly SourceInfo[], zoneOf: (cluster: string) => ZoneConverter, nowMs: number): SettledFile[] {
    const out: SettledFile[] = [];
    for (const [, h] of [...this.held].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const r = h.result;
      if (!r?.info || !r.checkpoint || !r.yearPending) continue;
      const zone = zoneOf(r.info.cluster);
      const dated = siblings.filter((s) => s.cluster === r.info!.cluster && s.source !== r.source && datedSpan(s));
      const pending = { node: r.info.node, firstTsUs: r.info.firstTsUs, lastTsUs: r.info.lastTsUs, ...r.yearPending };
      const decision = decideYear(pending, dated.map(datedSpan) as DatedSibling[], zone, nowMs);
      out.push({
        info: retimeInfo(r.info, decision, zone),
        checkpoint: retimeCheckpoint(r.checkpoint, decision, zone),
        startLine: h.startLine,
        batches: h.batches.map((b) => retimeBatch(b, decision.deltaYears, zone)),
        decision,
        absoluteTime: r.absoluteTime ? { ...r.absoluteTime, tsUs: shiftTime(zone, r.absoluteTime.tsUs, decision.deltaYears) } : null,
      });
    }
    this.held.clear();
    return out;
  }
}

function datedSpan(s: SourceInfo): DatedSibling | null {
  // A ZooKeeper or C-client log states its year on every line: the best-dated sibling of all.
  const dated = s.yearSource === null ? s.format !== 'glog' : SELF_DATED.has(s.yearSource);
  if (!dated || s.firstTsUs === null || s.lastTsUs === null) return null;
  return { node: s.node, firstTsUs: s.firstTsUs, lastTsUs: s.lastTsUs };
}

/** A time moved by whole years of wall clock; Feb 29 in a common year becomes Mar 1. */
export function shiftTime(zone: ZoneConverter, us: number, years: number): number {
  const t = zone.shiftYears(us, years);
  return Number.isFinite(t) ? t : zone.shiftYears(us - DAY_US, years) + DAY_US;
}

function shiftOrNull(zone: ZoneConverter, us: number | null, years: number): number | null {
  return us === null ? null : shiftTime(zone, us, years);
}

function retimeInfo(info: SourceInfo, d: YearDecision, zone: ZoneConverter): SourceInfo {
  const n = d.deltaYears;
  return { ...info, yearSource: d.source, firstTsUs: shiftOrNull(zone, info.firstTsUs, n), lastTsUs: shiftOrNull(zone, info.lastTsUs, n) };
}

/** The resume state carries the year: a grown file goes on in the settled one. */
function retimeCheckpoint(cp: Checkpoint, d: YearDecision, zone: ZoneConverter): Checkpoint {
  const st = JSON.parse(cp.state) as ScanState;
  const n = d.deltaYears;
  const settled: ScanState = {
    ...st,
    year: st.year === null ? null : st.year + n,
    yearSource: d.source,
    yearPending: false,
    yearEvidence: null,
    firstTsUs: shiftOrNull(zone, st.firstTsUs, n),
    lastTsUs: shiftOrNull(zone, st.lastTsUs, n),
  };
  return { ...cp, state: JSON.stringify(settled) };
}

/** Re-times a batch in place; the repeat marks are recomputed (they follow hour boundaries). */
function retimeBatch(b: EventBatch, years: number, zone: ZoneConverter): EventBatch {
  if (years === 0) return b;
  for (let i = 0; i < b.count; i++) b.tsUs[i] = shiftTime(zone, b.tsUs[i]!, years);
  b.repeat = markRepeatsInColumns(b.count, b.kind, b.noPeer, b.tsUs, b.line, b.ends, b.text);
  return b;
}
