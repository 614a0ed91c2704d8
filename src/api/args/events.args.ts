import { ArgsType, Field, Int } from 'type-graphql';
import { TimeWindowInput } from './time-window.input.js';
import type { EventKind } from '../../model/event.js';
import { EventKindEnum } from '../types/enums.js';

/** Events per page unless `first` says otherwise, and the most one page may hold. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

@ArgsType()
export class EventsArgs {
  @Field(() => TimeWindowInput)
  window!: TimeWindowInput;

  @Field(() => String, { nullable: true })
  cluster?: string;

  @Field(() => String, { nullable: true, description: 'Any known name of the node: storage or management address, host name.' })
  node?: string;

  @Field(() => EventKindEnum, { nullable: true, description: 'Only events of this kind.' })
  kind?: EventKind;

  @Field(() => Int, { nullable: true, description: `Page size, at most ${MAX_PAGE} (default ${DEFAULT_PAGE}).` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}
