/**
 * The bounded lists inside answers: every answer's `evidence` is paged (with its total
 * count), a link's `intervals` capped, and any event names its own position (`cursor`).
 */
import { Args, Ctx, FieldResolver, Info, Int, Resolver, Root, type ClassType } from 'type-graphql';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { TimelineEvent } from '../../model/event.js';
import type { ApiContext } from '../api-context.js';
import { EvidenceArgs, IntervalsArgs } from '../args/page.args.js';
import { LIST_PAGE } from '../limits/api-limits.config.js';
import { encodeCursor } from '../services/event-cursor.js';
import { evidencePage } from '../services/evidence-page.js';
import { toLinkInterval } from '../services/answer-mapper.js';
import { checkPageSize } from '../services/query-guard.js';
import { Event } from '../types/event.type.js';
import { MetaLeaderChange, ZkElection } from '../types/leadership.type.js';
import { NodeOutage } from '../types/outage.type.js';
import { LinkInterval, PeerLink } from '../types/peer-link.type.js';
import { ServiceInstance } from '../types/instance.type.js';
import { ServiceRestart } from '../types/restart.type.js';

interface WithEvidence {
  evidenceEvents: readonly TimelineEvent[];
}

function evidenceResolverOf<T extends WithEvidence>(type: ClassType<T>): ClassType {
  @Resolver(() => type)
  class EvidenceFields {
    @FieldResolver(() => [Event], {
      description: 'The events this answer rests on, in time order, a page at a time (`evidenceCount` has them all).',
    })
    evidence(@Root() r: T, @Args(() => EvidenceArgs) a: EvidenceArgs): Event[] {
      return evidencePage(r.evidenceEvents, a.first, a.after);
    }

    @FieldResolver(() => Int, { description: 'How many events `evidence` pages through.' })
    evidenceCount(@Root() r: T): number {
      return r.evidenceEvents.length;
    }
  }
  return EvidenceFields;
}

@Resolver(() => PeerLink)
export class PeerLinkFields {
  @FieldResolver(() => [LinkInterval], {
    description: `In time order; the first \`first\` of them (a longer list is listed in extensions.truncated).`,
  })
  intervals(
    @Root() l: PeerLink,
    @Args(() => IntervalsArgs) a: IntervalsArgs,
    @Ctx() ctx: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): LinkInterval[] {
    checkPageSize(a.first, LIST_PAGE.max);
    const page = ctx.budget
      ? ctx.budget.cap(l.allIntervals, a.first, responsePathAsArray(info.path).join('.'))
      : l.allIntervals.slice(0, a.first);
    return page.map(toLinkInterval);
  }

  @FieldResolver(() => Int, { description: 'How many intervals the link had in the window.' })
  intervalCount(@Root() l: PeerLink): number {
    return l.allIntervals.length;
  }
}

@Resolver(() => Event)
export class EventFields {
  @FieldResolver(() => String, { description: "The event's position: pass it as `after` to page on from it." })
  cursor(@Root() e: Event): string {
    return encodeCursor({ tsUs: e.time, source: e.source, line: e.line, kind: e.kind });
  }
}

export const EVIDENCE_RESOLVERS = [NodeOutage, ServiceRestart, ZkElection, MetaLeaderChange, LinkInterval, ServiceInstance].map((t) =>
  evidenceResolverOf(t as ClassType<WithEvidence>),
);
