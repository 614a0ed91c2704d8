/**
 * The normalized event: one row of the time series every answer is derived from.
 *
 * Times are UTC microseconds since the Unix epoch, held in a JS number: 2^53 µs is
 * about year 2255, so a double holds every log time exactly.
 */
export interface TimelineEvent {
  /** UTC, microseconds since the epoch. */
  tsUs: number;
  cluster: string;
  /** The node whose log holds the line, named by its storage-network address when known. */
  node: string;
  /** e.g. `zbs-chunkd`, `zbs-metad`, `zookeeper`. */
  service: string;
  /** Process instance; null when the source does not say (ZooKeeper server logs). */
  pid: number | null;
  kind: EventKind;
  /** Normalized severity: I, W, E, F (glog letters; ZooKeeper levels map onto them). */
  level: Level;
  /** File path within the bundle (archive members as `archive.tgz!/member/path`). */
  source: string;
  /** 1-based line number of the record's first line in `source`. */
  line: number;
  /** The record's text without its header: first line plus continuation lines. */
  message: string;
  /** The address the event is about (a peer, a ZooKeeper server), `ip` or `ip:port`. */
  peer: string | null;
  /** The kind's own fields (error count, states, sequence numbers, ...). */
  fields: EventFields;
}

export type EventFields = Record<string, string | number | boolean | null>;

/** Normalized severities, in rising order (the columnar batch stores the index). */
export const LEVELS = ['I', 'W', 'E', 'F'] as const;

export type Level = (typeof LEVELS)[number];

/**
 * The closed set of event kinds. Rules (data) map log records onto these; derivations
 * (code) read them. A new kind is a code change on purpose: something must consume it.
 */
export const EVENT_KINDS = [
  // process lifecycle
  'process.start', // a new glog file / pid, or a start message (ZooKeeper `Starting quorum peer`)
  'process.stop', // a stop signal or a shutdown message
  'process.crash', // an F record, `Check failed`, a failure dump
  // data-channel peer links (observer = node of the log, target = peer)
  'peer.link_down',
  'peer.link_up',
  // ZooKeeper C client inside ZBS services
  'zk.client.socket_error', // peer = the ZooKeeper server that was lost
  'zk.client.session_state',
  // ZooKeeper server
  'zk.server.state', // fields.state: looking | following | leading | observing
  'zk.server.leader_lost', // `Exception when following the leader`
  'zk.server.myid',
  // meta / task leadership
  'meta.leader_self',
  'meta.leader_is',
  'meta.quorum_state',
  // chunk sessions
  'chunk.session_keepalive_failure',
  'chunk.session_jeopardy',
  'chunk.status_change',
  // topology hints
  'topology.access_session',
  'topology.zoo_hosts',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export function isEventKind(s: string): s is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(s);
}

/**
 * The kinds the derived answers read. Stores may keep these apart from the bulk of
 * the time series so that answering never scans background events.
 */
export const KEY_EVENT_KINDS: readonly EventKind[] = [
  'process.start',
  'process.stop',
  'process.crash',
  'peer.link_down',
  'peer.link_up',
  'zk.client.socket_error',
  'zk.server.state',
  'zk.server.leader_lost',
  'meta.leader_self',
  'meta.leader_is',
];
