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
  /** Where the node name came from (not kept by the catalog: set by ingest, absent when read back). */
  nodeFrom?: NodeFrom;
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

export type LogFormat = 'glog' | 'zookeeper';
/**
 * Where a source's node name came from, most trusted first: the bundle's node folder,
 * --node, the glog header's host, a ZooKeeper myid (`[myid:N]`, `myid=N`, `My id = N`),
 * a ZooKeeper client port, the file name (`zk1.log`), or nothing (`unknown`).
 */
export const NODE_FROM = ['layout', 'override', 'header_host', 'zk_myid', 'zk_port', 'file_name', 'unknown'] as const;
export type NodeFrom = (typeof NODE_FROM)[number];
export type YearSource = 'header' | 'file_name' | 'assumed';
export type EndKind = 'crash' | 'stop' | 'none';
