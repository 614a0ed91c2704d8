/**
 * The GraphQL enums for the closed sets, made from their one definition in src/model:
 * a value's GraphQL name is its text in capitals with `.` as `_` (peer.link_down →
 * PEER_LINK_DOWN); resolvers keep the model's own values and the enum maps them.
 */
import { registerEnumType } from 'type-graphql';
import { EVENT_KINDS, LEVELS, type EventKind, type Level } from '../../model/event.js';
import {
  LINK_ENDINGS,
  OUTAGE_EVIDENCE_KINDS,
  RESTART_CAUSES,
  type LinkEnding,
  type OutageEvidenceKind,
  type RestartCause,
} from '../../model/answer-sets.js';

/** The GraphQL name of a model value: capitals, anything but letters and digits as `_`. */
export function graphqlEnumName(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** `{ GRAPHQL_NAME: modelValue }`, the shape registerEnumType reads; two values with one name are a bug. */
function enumObject<V extends string>(values: readonly V[]): Record<string, V> {
  const out: Record<string, V> = {};
  for (const v of values) {
    const name = graphqlEnumName(v);
    if (name in out) throw new Error(`enum values ${out[name]} and ${v} share the GraphQL name ${name}`);
    out[name] = v;
  }
  return out;
}

export const EventKindEnum: Record<string, EventKind> = enumObject(EVENT_KINDS);
registerEnumType(EventKindEnum, {
  name: 'EventKind',
  description: 'What an event says: PEER_LINK_DOWN is peer.link_down in the logs and the CLI.',
});

export const LevelEnum: Record<string, Level> = enumObject(LEVELS);
registerEnumType(LevelEnum, { name: 'Level', description: 'Normalized severity: the glog letters; ZooKeeper levels map onto them.' });

export const RestartCauseEnum: Record<string, RestartCause> = enumObject(RESTART_CAUSES);
registerEnumType(RestartCauseEnum, {
  name: 'RestartCause',
  description: 'What ended a service instance; UNKNOWN: the logs show neither a stop nor a crash.',
});

export const LinkEndingEnum: Record<string, LinkEnding> = enumObject(LINK_ENDINGS);
registerEnumType(LinkEndingEnum, {
  name: 'LinkEnding',
  description: "What ended a DOWN link interval: the link came back, or the observer's process restarted.",
});

export const OutageEvidenceKindEnum: Record<string, OutageEvidenceKind> = enumObject(OUTAGE_EVIDENCE_KINDS);
registerEnumType(OutageEvidenceKindEnum, { name: 'OutageEvidenceKind', description: 'The evidence an outage rests on.' });

/** Each enum's GraphQL names with the model's text for them: the /timeline page labels with these. */
export const ENUM_LABELS = {
  EventKind: EventKindEnum,
  Level: LevelEnum,
  RestartCause: RestartCauseEnum,
  LinkEnding: LinkEndingEnum,
  OutageEvidenceKind: OutageEvidenceKindEnum,
} as const;
