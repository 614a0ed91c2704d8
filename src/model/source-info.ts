/**
 * What ingest learned about one log file: identity, format, and the process
 * instance's lifecycle — the input the restart analysis needs besides events.
 */
export interface SourceInfo {
  /** Unique key of the file within the store: `source` for plain files. */
  source: string;
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  /** Other names of the node seen in this file: management address, host name. */
  aliases: string[];
  format: LogFormat;
  /** Where the node name came from (absent for files read before it was recorded). */
  nodeFrom?: NodeFrom;
  /** Where the year of glog lines came from (null: every line carries its year). */
  yearSource: YearSource | null;
  /** The year's evidence in words ("a full date on line 12"), when it was inferred. */
  yearDetail?: string;
  /** Events of this file, over every read of it. */
  events?: number;
  /** Lines that belong to no record: banners, junk, pasted notes. */
  unmatchedLines?: number;
  /** Process start time from the glog file name (UTC µs), when present. */
  nameStartUs: number | null;
  firstTsUs: number | null;
  lastTsUs: number | null;
  firstLine: number | null;
  lastLine: number | null;
  /** How the file's last record looks: a crash dump, a stop line, or nothing special. */
  endKind: EndKind;
  lines: number;
  records: number;
  bytes: number;
}

/** `zk-client`: the ZooKeeper C client's own log, raw (inside glog records it is part of `glog`). */
export type LogFormat = 'glog' | 'zookeeper' | 'zk-client';
/**
 * Where a source's node name came from, most trusted first: the bundle's node folder,
 * --node, the glog header's host, a ZooKeeper myid (`[myid:N]`, `myid=N`, `My id = N`),
 * a ZooKeeper client port, the file name (`zk1.log`), or nothing (`unknown`).
 */
export const NODE_FROM = ['layout', 'override', 'header_host', 'zk_myid', 'zk_port', 'file_name', 'unknown'] as const;
export type NodeFrom = (typeof NODE_FROM)[number];
/** Where a file's year came from, in order of trust (year-inference.ts); `user` is `--year`. */
export const YEAR_SOURCES = ['user', 'header', 'file_name', 'nested_date', 'sibling', 'mtime_assumed'] as const;
export type YearSource = (typeof YEAR_SOURCES)[number];
export type EndKind = 'crash' | 'stop' | 'none';
