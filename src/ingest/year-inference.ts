/**
 * The year of a log whose lines carry none (classic glog `mmdd`), when neither its header
 * nor its file name says. Such a file is scanned with a provisional year; once it has been
 * read whole, the year comes from, in order of trust: a full date inside it (a ZooKeeper
 * client timestamp, a crash dump's unix time), a sibling file of the same node or cluster
 * whose year is known and whose dates overlap, and last the file's mtime — the latest year
 * that puts no record after it. Every answer says which of these it was.
 */
import type { YearSource } from '../model/source-info.js';
import type { ZoneConverter } from '../time/zone.js';

/** A full date found inside a year-less file: how many years its provisional year is off. */
export interface YearEvidence {
  deltaYears: number;
  /** The line that holds the date (evidence for the user). */
  line: number;
  via: 'nested_date' | 'absolute_time';
}

/** A file of the same cluster whose year is known, as the span of its records. */
export interface DatedSibling {
  node: string;
  firstTsUs: number;
  lastTsUs: number;
}

export interface PendingYear {
  node: string;
  /** Provisional UTC µs of the file's first and last records (null: no record). */
  firstTsUs: number | null;
  lastTsUs: number | null;
  evidence: YearEvidence | null;
  /** The file's mtime, or null for a stream (stdin): then "now" bounds it. */
  mtimeMs: number | null;
}

export interface YearDecision {
  deltaYears: number;
  source: YearSource;
  /** Why, in words, for the coverage report. */
  detail: string;
}

const YEAR_US = 365.2425 * 86_400_000_000;
/** Dates of sibling files count as overlapping within this margin (a file may start just after another ends). */
const SIBLING_MARGIN_US = 2 * 86_400_000_000;

/**
 * The provisional year a year-less file is scanned with: a leap year, so that a Feb 29
 * record is not rejected before the real year is known; at or before the mtime's year.
 */
export function provisionalYear(mtimeMs: number | null, nowMs: number): number {
  let y = new Date(mtimeMs ?? nowMs).getUTCFullYear();
  while (!((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) y--;
  return y;
}

/** Years between a record's provisional time and an absolute reading of the same moment. */
export function yearsBetween(provisionalUs: number, absoluteUs: number): number {
  return Math.round((absoluteUs - provisionalUs) / YEAR_US);
}

/** Decides a year-less file's year; `siblings` are the cluster's files with a known year. */
export function decideYear(p: PendingYear, siblings: readonly DatedSibling[], zone: ZoneConverter, nowMs: number): YearDecision {
  if (p.evidence) {
    const what = p.evidence.via === 'nested_date' ? 'a full date' : 'an absolute time';
    return { deltaYears: p.evidence.deltaYears, source: 'nested_date', detail: `${what} on line ${p.evidence.line}` };
  }
  if (p.firstTsUs !== null && p.lastTsUs !== null) {
    const own = siblings.filter((s) => s.node === p.node);
    const bySibling = siblingDelta(p.firstTsUs, p.lastTsUs, own, zone) ?? siblingDelta(p.firstTsUs, p.lastTsUs, siblings, zone);
    if (bySibling)
      return {
        deltaYears: bySibling.delta,
        source: 'sibling',
        detail: `dates overlap ${bySibling.count} file(s) of ${own.length ? 'the same node' : 'the same cluster'}`,
      };
  }
  const boundMs = p.mtimeMs ?? nowMs;
  const bound = p.mtimeMs === null ? 'the time of reading (no mtime)' : 'the file mtime';
  if (p.lastTsUs === null) return { deltaYears: 0, source: 'mtime_assumed', detail: `no record; year of ${bound}` };
  return {
    deltaYears: latestDeltaBefore(p.lastTsUs, boundMs * 1000, zone),
    source: 'mtime_assumed',
    detail: `latest year that puts no record after ${bound}`,
  };
}

/** The largest shift that keeps `lastUs` at or before `boundUs`. */
function latestDeltaBefore(lastUs: number, boundUs: number, zone: ZoneConverter): number {
  let d = zone.toLocal(boundUs).year - zone.toLocal(lastUs).year;
  // A Feb 29 last record needs a leap year: step back until the date exists and fits.
  for (let tries = 0; tries < 9; tries++, d--) {
    const t = zone.shiftYears(lastUs, d);
    if (Number.isFinite(t) && t <= boundUs) return d;
  }
  return d;
}

/**
 * The shift that lays the file's span over the most siblings' spans, or null when none
 * overlaps. Ties go to the later year (the more recent incident).
 */
function siblingDelta(
  firstUs: number,
  lastUs: number,
  siblings: readonly DatedSibling[],
  zone: ZoneConverter,
): { delta: number; count: number } | null {
  const votes = new Map<number, number>();
  for (const s of siblings) {
    const guess = yearsBetween(firstUs, s.firstTsUs);
    for (const d of [guess - 1, guess, guess + 1]) {
      const a = zone.shiftYears(firstUs, d);
      const b = zone.shiftYears(lastUs, d);
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      if (a <= s.lastTsUs + SIBLING_MARGIN_US && b >= s.firstTsUs - SIBLING_MARGIN_US) votes.set(d, (votes.get(d) ?? 0) + 1);
    }
  }
  let best: { delta: number; count: number } | null = null;
  for (const [delta, count] of votes)
    if (!best || count > best.count || (count === best.count && delta > best.delta)) best = { delta, count };
  return best;
}
