import { Args, Ctx, Query, Resolver, UseMiddleware } from 'type-graphql';
import { BoundedQuery } from '../limits/bounded-query.middleware.js';
import { peerLinkCost } from '../limits/query-cost.js';
import { ClusterWindowArgs, OutagesArgs, RestartsArgs } from '../args/window.args.js';
import { PeerLinkArgs } from '../args/peer-links.args.js';
import type { ApiContext } from '../api-context.js';
import { Incident, NodeOutage } from '../types/outage.type.js';
import { PeerLink } from '../types/peer-link.type.js';
import { ServiceRestart } from '../types/restart.type.js';
import { ServiceInstance } from '../types/instance.type.js';

@Resolver()
@UseMiddleware(BoundedQuery)
export class OutageResolver {
  @Query(() => [NodeOutage], { nullable: true, description: 'Nodes that were down or cut off in the window, ordered by start.' })
  nodeOutages(@Args(() => OutagesArgs) a: OutagesArgs, @Ctx() ctx: ApiContext): Promise<NodeOutage[]> {
    return ctx.timeline.nodeOutages(a);
  }

  @Query(() => [PeerLink], {
    nullable: true,
    description: 'Per (observer, target): DOWN from the first failure to back-to-normal, UP between.',
    complexity: peerLinkCost,
  })
  peerLinkHistory(@Args(() => PeerLinkArgs) a: PeerLinkArgs, @Ctx() ctx: ApiContext): Promise<PeerLink[]> {
    return ctx.timeline.peerLinkHistory(a);
  }

  @Query(() => [ServiceRestart], { nullable: true, description: 'Service restarts in the window, ordered by start.' })
  serviceRestarts(@Args(() => RestartsArgs) a: RestartsArgs, @Ctx() ctx: ApiContext): Promise<ServiceRestart[]> {
    return ctx.timeline.serviceRestarts(a);
  }

  @Query(() => [ServiceInstance], {
    nullable: true,
    description: 'Service instances that ran in the window: each from its first record to its last, and how it ended.',
  })
  serviceInstances(@Args(() => RestartsArgs) a: RestartsArgs, @Ctx() ctx: ApiContext): Promise<ServiceInstance[]> {
    return ctx.timeline.serviceInstances(a);
  }

  @Query(() => [Incident], { nullable: true, description: 'Overlapping outages grouped, with scope and a one-line summary.' })
  incidents(@Args(() => ClusterWindowArgs) a: ClusterWindowArgs, @Ctx() ctx: ApiContext): Promise<Incident[]> {
    return ctx.timeline.incidents(a);
  }
}
