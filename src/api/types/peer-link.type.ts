import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import type { TimelineEvent } from '../../model/event.js';
import type { LinkEnding } from '../../model/answer-sets.js';
import type { LinkInterval as DerivedInterval } from '../../derive/derive.types.js';
import { LinkEndingEnum } from './enums.js';

export enum LinkState {
  DOWN = 'DOWN',
  UP = 'UP',
}
registerEnumType(LinkState, { name: 'LinkState' });

@ObjectType()
export class LinkInterval {
  @Field(() => LinkState)
  state!: LinkState;

  @Field(() => DateTimeScalar)
  start!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Null while still open at the end of the data.' })
  end!: number | null;

  @Field(() => LinkEndingEnum, { nullable: true, description: 'What ended a DOWN interval; null while open and for UP.' })
  endedBy!: LinkEnding | null;

  /** Read through the paged `evidence` and `evidenceCount` fields (evidence.resolver.ts). */
  evidenceEvents!: readonly TimelineEvent[];
}

@ObjectType({ description: 'What one node (observer) saw of its data-channel link to another (target).' })
export class PeerLink {
  @Field(() => String)
  observer!: string;

  @Field(() => String)
  target!: string;

  /**
   * Read through the bounded `intervals` and `intervalCount` fields (evidence.resolver.ts),
   * which map only the page asked for: a week's link history holds ~20 000 intervals.
   */
  allIntervals!: readonly DerivedInterval[];
}
