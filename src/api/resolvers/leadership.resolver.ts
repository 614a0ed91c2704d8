import { Args, Ctx, Query, Resolver, UseMiddleware } from 'type-graphql';
import { BoundedQuery } from '../limits/bounded-query.middleware.js';
import { ClusterWindowArgs } from '../args/window.args.js';
import type { ApiContext } from '../api-context.js';
import { MetaLeaderChange, ZkElection } from '../types/leadership.type.js';

@Resolver()
@UseMiddleware(BoundedQuery)
export class LeadershipResolver {
  @Query(() => [ZkElection], { nullable: true, description: 'ZooKeeper elections that overlap the window.' })
  zkElections(@Args(() => ClusterWindowArgs) a: ClusterWindowArgs, @Ctx() ctx: ApiContext): Promise<ZkElection[]> {
    return ctx.timeline.zkElections(a);
  }

  @Query(() => [MetaLeaderChange], { nullable: true, description: 'Meta leader changes in the window.' })
  metaLeaders(@Args(() => ClusterWindowArgs) a: ClusterWindowArgs, @Ctx() ctx: ApiContext): Promise<MetaLeaderChange[]> {
    return ctx.timeline.metaLeaders(a);
  }
}
