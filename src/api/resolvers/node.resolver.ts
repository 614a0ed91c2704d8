import { Args, Ctx, Query, Resolver, UseMiddleware } from 'type-graphql';
import { BoundedQuery } from '../limits/bounded-query.middleware.js';
import type { ApiContext } from '../api-context.js';
import { NodeArgs, NodesArgs } from '../args/node.args.js';
import { Node } from '../types/node.type.js';

@Resolver(() => Node)
@UseMiddleware(BoundedQuery)
export class NodeResolver {
  @Query(() => [Node], { nullable: true, description: 'The nodes of one cluster (none given: of every cluster), with their aliases.' })
  nodes(@Args(() => NodesArgs) a: NodesArgs, @Ctx() ctx: ApiContext): Promise<Node[]> {
    return ctx.timeline.nodes(a);
  }

  @Query(() => Node, { nullable: true, description: 'One node, found by any of its names.' })
  node(@Args(() => NodeArgs) a: NodeArgs, @Ctx() ctx: ApiContext): Promise<Node> {
    return ctx.timeline.node(a);
  }
}
