/**
 * The closed sets the derived answers use, each defined once: derive types its answers
 * with them and the API makes its GraphQL enums from them (src/api/types/enums.ts).
 */

/** What ended a service instance: a crash, a stop, or neither seen in the logs. */
export const RESTART_CAUSES = ['crash', 'stop', 'unknown'] as const;
export type RestartCause = (typeof RESTART_CAUSES)[number];

/** What ended a DOWN link interval: the link came back, or the observer's process restarted. */
export const LINK_ENDINGS = ['back_to_normal', 'observer_restart'] as const;
export type LinkEnding = (typeof LINK_ENDINGS)[number];

/** The evidence an outage rests on. */
export const OUTAGE_EVIDENCE_KINDS = [
  'service_restart',
  'process_crash',
  'process_stop',
  'zk_server_lost',
  'zk_follower_lost_leader',
  'peers_unreachable',
] as const;
export type OutageEvidenceKind = (typeof OUTAGE_EVIDENCE_KINDS)[number];
