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
  /** Where the year of glog lines came from. */
  yearSource: YearSource | null;
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
export type YearSource = 'header' | 'file_name' | 'assumed';
export type EndKind = 'crash' | 'stop' | 'none';
