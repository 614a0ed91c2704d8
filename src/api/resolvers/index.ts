import { EventResolver } from './event.resolver.js';
import { LeadershipResolver } from './leadership.resolver.js';
import { OutageResolver } from './outage.resolver.js';

/** Every resolver class of the API. */
export const RESOLVERS = [OutageResolver, LeadershipResolver, EventResolver] as const;
