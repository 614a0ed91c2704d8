import type { TimelineEvent } from '../../model/event.js';
import type { Event } from '../types/event.type.js';

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
    fields: e.fields,
  };
}
