/** Builds the GraphQL schema from the type-graphql classes; the SDL is emitted to schema/schema.graphql. */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { RESOLVERS } from './resolvers/index.js';

let cached: Promise<GraphQLSchema> | null = null;

export function timelineSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
  return cached;
}

/** The SDL as committed in schema/schema.graphql (sorted, so diffs stay readable). */
export async function schemaSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await timelineSchema())) + '\n';
}
