import { Args, Ctx, Query, Resolver, UseMiddleware } from 'type-graphql';
import { BoundedQuery } from '../limits/bounded-query.middleware.js';
import { EventsArgs } from '../args/events.args.js';
import { EventConnection } from '../types/event.type.js';
import type { ApiContext } from '../api-context.js';

@Resolver()
@UseMiddleware(BoundedQuery)
export class EventResolver {
  @Query(() => EventConnection, { nullable: true, description: 'The raw time series, ordered by time, paginated.' })
  async events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: ApiContext): Promise<EventConnection> {
    return ctx.timeline.events(args);
  }
}
