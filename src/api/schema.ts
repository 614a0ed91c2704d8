/** Builds the GraphQL schema from the type-graphql classes; the SDL is emitted to schema/schema.graphql. */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { RESOLVERS } from './resolvers/index.js';

/**
 * type-graphql wants a PubSub as soon as there are subscriptions, even when each brings
 * its own `subscribe` (ours read the LiveFeed: src/api/live). None uses topics.
 */
const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error('subscriptions here have no topics: see src/api/live/live-feed.service.ts');
  },
  subscribe: () => {
    throw new Error('subscriptions here have no topics: see src/api/live/live-feed.service.ts');
  },
};

let cached: Promise<GraphQLSchema> | null = null;

export function timelineSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false, pubSub: NO_TOPICS });
  return cached;
}

/** The SDL as committed in schema/schema.graphql (sorted, so diffs stay readable). */
export async function schemaSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await timelineSchema())) + '\n';
}
