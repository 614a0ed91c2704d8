import { EVIDENCE_RESOLVERS, EventFields, PeerLinkFields } from './evidence.resolver.js';
import { ClusterResolver } from './cluster.resolver.js';
import { EventResolver } from './event.resolver.js';
import { LeadershipResolver } from './leadership.resolver.js';
import { LiveResolver } from './live.resolver.js';
import { NodeResolver } from './node.resolver.js';
import { OutageResolver } from './outage.resolver.js';
import { SourceResolver } from './source.resolver.js';

/** Every resolver class of the API. */
export const RESOLVERS = [
  ClusterResolver,
  NodeResolver,
  OutageResolver,
  LeadershipResolver,
  EventResolver,
  SourceResolver,
  LiveResolver,
  PeerLinkFields,
  EventFields,
  ...EVIDENCE_RESOLVERS,
] as const;
