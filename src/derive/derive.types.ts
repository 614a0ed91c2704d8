/**
 * The answers derived from the time series. Times are UTC µs. Every answer carries
 * the events that justify it, so a person can open the raw log at file:line.
 */
import type { TimelineEvent } from '../model/event.js';
import type { LinkEnding, OutageEvidenceKind, RestartCause } from '../model/answer-sets.js';

export type { LinkEnding, OutageEvidenceKind, RestartCause };

export interface Window {
  fromUs: number;
  toUs: number;
}

export interface ServiceRestart {
  cluster: string;
  node: string;
  service: string;
  /** When the previous instance ended (its stop/crash event, else its last record); null if unknown. */
  stoppedAtUs: number | null;
  startedAtUs: number;
  downtimeUs: number | null;
  cause: RestartCause;
  oldPid: number | null;
  newPid: number | null;
  evidence: TimelineEvent[];
}

export type LinkState = 'DOWN' | 'UP';

export interface LinkInterval {
  state: LinkState;
  startUs: number;
  endUs: number | null;
  /** What ended a DOWN interval: the link came back, or the observer's process restarted; null while open and for UP. */
  endedBy: LinkEnding | null;
  evidence: TimelineEvent[];
}

export interface PeerLinkHistory {
  observer: string;
  target: string;
  intervals: LinkInterval[];
}

export interface NodeOutage {
  cluster: string;
  node: string;
  startUs: number;
  endUs: number | null;
  kinds: OutageEvidenceKind[];
  services: string[];
  evidence: TimelineEvent[];
}

export type IncidentScope = 'SINGLE_NODE' | 'MULTI_NODE' | 'CLUSTER_WIDE';

export interface Incident {
  startUs: number;
  endUs: number | null;
  scope: IncidentScope;
  nodes: string[];
  summary: string;
  outages: NodeOutage[];
}

export interface ZkElection {
  startUs: number;
  endUs: number | null;
  leader: string | null;
  leaderMyid: number | null;
  durationUs: number | null;
  evidence: TimelineEvent[];
}

export interface MetaLeaderChange {
  atUs: number;
  leader: string;
  seq: number | null;
  evidence: TimelineEvent[];
}

/** `ip:port` (or a bare ip) → the node name, which is the storage address. */
export function nodeOfPeer(peer: string | null): string | null {
  if (!peer) return null;
  const m = /^\[?([0-9a-fA-F.:]+?)\]?(?::\d+)?$/.exec(peer);
  return m ? m[1]! : peer;
}

export function overlaps(startUs: number, endUs: number | null, w: Window): boolean {
  return startUs < w.toUs && (endUs === null || endUs >= w.fromUs);
}

/** One process instance of a service on a node: first record to last, and how it ended. */
export interface ServiceInstance {
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  startUs: number;
  endUs: number;
  /** How the instance ended: a restart's cause, the last file's crash or stop, or null while it still ran at the end of the data. */
  endedBy: RestartCause | null;
  /** The log files that hold it. */
  sources: string[];
  /** The start and end lines that bound it, when the logs have them. */
  evidence: TimelineEvent[];
}

/** A node whose clock disagrees with its peers' on a moment they all logged (clock-skew.derive.ts). */
export interface ClockSkew {
  cluster: string;
  node: string;
  /** How far its clock is off, > 0 ahead; a median over its readings, within about a second. */
  offsetUs: number;
  /** The first moment it was measured at (the leader's claim, in the leader's clock). */
  atUs: number;
  readings: number;
  /** The nodes it was compared with. */
  reference: string[];
  evidence: TimelineEvent[];
}
