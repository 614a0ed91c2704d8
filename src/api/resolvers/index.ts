import { EventResolver } from './event.resolver.js';

/** Every resolver class of the API. */
export const RESOLVERS = [EventResolver] as const;
