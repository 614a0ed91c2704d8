import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api-context.js';
import { Cluster, TimeWindow } from '../types/leadership.type.js';

@Resolver(() => Cluster)
export class ClusterResolver {
  @Query(() => [Cluster], { nullable: true, description: 'Clusters in the store, their time zones and nodes.' })
  clusters(@Ctx() ctx: ApiContext): Promise<Cluster[]> {
    return ctx.timeline.clusters();
  }

  @FieldResolver(() => TimeWindow, {
    nullable: true,
    description:
      'The last incident with an hour before it and half an hour after (no incident: the last hour of data); what /timeline opens by default.',
  })
  suggestedWindow(@Root() c: Cluster, @Ctx() ctx: ApiContext): Promise<TimeWindow | null> {
    return ctx.timeline.suggestedWindow(c);
  }
}
