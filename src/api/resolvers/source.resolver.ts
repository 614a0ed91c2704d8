import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../api-context.js';
import { SourcesArgs } from '../args/sources.args.js';
import { LogSource } from '../types/source.type.js';

@Resolver()
export class SourceResolver {
  @Query(() => [LogSource], { description: 'The log files read, with coverage and the provenance of their year and node.' })
  sources(@Args(() => SourcesArgs) a: SourcesArgs, @Ctx() ctx: ApiContext): Promise<LogSource[]> {
    return ctx.timeline.sources(a);
  }
}
