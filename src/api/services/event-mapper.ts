import type { TimelineEvent } from '../../model/event.js';
import type { Event } from '../types/event.type.js';

/** Stores share one frozen fields object among the events that have equal fields: its text is made once. */
const fieldsText = new WeakMap<object, string>();

function textOf(fields: TimelineEvent['fields']): string {
  if (!Object.isFrozen(fields)) return JSON.stringify(fields);
  let t = fieldsText.get(fields);
  if (t === undefined) fieldsText.set(fields, (t = JSON.stringify(fields)));
  return t;
}

export function toApiEvent(e: TimelineEvent): Event {
  return {
    time: e.tsUs,
    cluster: e.cluster,
    node: e.node,
    service: e.service,
    pid: e.pid,
    kind: e.kind,
    level: e.level,
    source: e.source,
    line: e.line,
    message: e.message,
    peer: e.peer,
    fields: textOf(e.fields),
  };
}
