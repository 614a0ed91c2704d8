import { GraphQLError } from 'graphql';
import { Args, Resolver, Root, Subscription } from 'type-graphql';
import type { ApiContext } from '../api-context.js';
import { DataChangedArgs } from '../args/live.args.js';
import { OutagesArgs } from '../args/window.args.js';
import type { LiveFeed } from '../live/live-feed.service.js';
import { DataChange, OutagesChange } from '../types/live.type.js';

function notOverWebSocket(): GraphQLError {
  return new GraphQLError('subscriptions are served over WebSocket (graphql-ws protocol) at /graphql', {
    extensions: { code: 'BAD_REQUEST' },
  });
}

function liveFeed(ctx: ApiContext): LiveFeed {
  if (!ctx.live) throw notOverWebSocket();
  return ctx.live;
}

/** The change a subscription delivers; none when a subscription was sent as a plain request over HTTP. */
function delivered<T>(change: T | undefined): T {
  if (change === undefined) throw notOverWebSocket();
  return change;
}

@Resolver()
export class LiveResolver {
  @Subscription(() => DataChange, {
    description:
      "The cluster's data changed (the worker or an ingest read its files further). Fires once per change, never for other clusters.",
    subscribe: ({ args, context }) => liveFeed(context as ApiContext).dataChanges(args as DataChangedArgs),
  })
  dataChanged(@Root() change: DataChange | undefined, @Args(() => DataChangedArgs) _args: DataChangedArgs): DataChange {
    return delivered(change);
  }

  @Subscription(() => OutagesChange, {
    description: 'nodeOutages for the window: the answer at once, then again whenever new data changes it.',
    subscribe: ({ args, context }) => liveFeed(context as ApiContext).outageChanges(args as OutagesArgs),
  })
  outagesChanged(@Root() change: OutagesChange | undefined, @Args(() => OutagesArgs) _args: OutagesArgs): OutagesChange {
    return delivered(change);
  }
}
