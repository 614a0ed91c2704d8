import { GraphQLError } from 'graphql';
import { Args, Resolver, Root, Subscription } from 'type-graphql';
import type { ApiContext } from '../api-context.js';
import { DataChangedArgs } from '../args/live.args.js';
import { OutagesArgs } from '../args/window.args.js';
import type { LiveFeed } from '../live/live-feed.service.js';
import { DataChange, OutagesChange } from '../types/live.type.js';

function liveFeed(ctx: ApiContext): LiveFeed {
  if (!ctx.live) throw new GraphQLError('subscriptions are served over WebSocket (graphql-ws protocol) at /graphql', { extensions: { code: 'BAD_REQUEST' } });
  return ctx.live;
}

@Resolver()
export class LiveResolver {
  @Subscription(() => DataChange, {
    description: "The cluster's data changed (the worker or an ingest read its files further). Fires once per change, never for other clusters.",
    subscribe: ({ args, context }) => liveFeed(context as ApiContext).dataChanges(args as DataChangedArgs),
  })
  dataChanged(@Root() change: DataChange, @Args(() => DataChangedArgs) _args: DataChangedArgs): DataChange {
    return change;
  }

  @Subscription(() => OutagesChange, {
    description: "nodeOutages for the window: the answer at once, then again whenever new data changes it.",
    subscribe: ({ args, context }) => liveFeed(context as ApiContext).outageChanges(args as OutagesArgs),
  })
  outagesChanged(@Root() change: OutagesChange, @Args(() => OutagesArgs) _args: OutagesArgs): OutagesChange {
    return change;
  }
}
