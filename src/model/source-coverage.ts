/**
 * What ingest read of each file, for the user to trust or doubt it: the format, how much
 * became records and events, how much matched no record, and where the file's year and
 * node name came from. `ingest --files` prints it; `--json` and the API's `sources` carry it.
 */
import type { LogFormat, SourceInfo, YearSource } from './source-info.js';

/** `in_lines`: every line states its year (ZooKeeper, C client); nothing to infer. */
export type YearFrom = YearSource | 'in_lines';

export interface SourceCoverage {
  source: string;
  format: LogFormat;
  cluster: string;
  node: string;
  nodeFrom: string;
  service: string;
  lines: number;
  records: number;
  events: number;
  unmatchedLines: number;
  /** unmatchedLines / lines, 0..1. */
  unmatchedShare: number;
  /** The local year of the first record; null when the file holds no record. */
  year: number | null;
  yearFrom: YearFrom | null;
  yearDetail: string | null;
}

/** What coverage needs of a zone (time/zone.ts's ZoneConverter is one): model imports nothing of ours. */
export interface LocalYear {
  toLocal(us: number): { year: number };
}

export function coverageOf(info: SourceInfo, zone: LocalYear): SourceCoverage {
  const unmatched = info.unmatchedLines ?? 0;
  return {
    source: info.source,
    format: info.format,
    cluster: info.cluster,
    node: info.node,
    nodeFrom: info.nodeFrom ?? 'unknown',
    service: info.service,
    lines: info.lines,
    records: info.records,
    events: info.events ?? 0,
    unmatchedLines: unmatched,
    unmatchedShare: info.lines > 0 ? Math.round((unmatched / info.lines) * 10_000) / 10_000 : 0,
    year: info.firstTsUs === null ? null : zone.toLocal(info.firstTsUs).year,
    yearFrom: info.yearSource ?? (info.firstTsUs === null ? null : 'in_lines'),
    yearDetail: info.yearDetail ?? null,
  };
}
