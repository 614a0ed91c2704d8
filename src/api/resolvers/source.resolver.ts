import { Args, Ctx, Query, Resolver, UseMiddleware } from 'type-graphql';
import { BoundedQuery } from '../limits/bounded-query.middleware.js';
import type { ApiContext } from '../api-context.js';
import { SourcesArgs } from '../args/sources.args.js';
import { LogSource } from '../types/source.type.js';

@Resolver()
@UseMiddleware(BoundedQuery)
export class SourceResolver {
  @Query(() => [LogSource], { nullable: true, description: 'The log files read, with coverage and the provenance of their year and node.' })
  sources(@Args(() => SourcesArgs) a: SourcesArgs, @Ctx() ctx: ApiContext): Promise<LogSource[]> {
    return ctx.timeline.sources(a);
  }
}
