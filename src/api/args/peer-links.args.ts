import { ArgsType, Field, Int } from 'type-graphql';
import { LIST_PAGE } from '../limits/api-limits.config.js';
import { LIST_FIRST_DESCRIPTION } from './page.args.js';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import { TimeWindowInput } from './time-window.input.js';

/** `from` and `to` were this query's own before it took `window` like the others; they go in the release after next. */
const OLD_WINDOW = 'Use window: { from, to }, as every other query does.';

@ArgsType()
export class PeerLinkArgs {
  @Field(() => TimeWindowInput, { nullable: true, description: 'Required unless the deprecated from and to are given.' })
  window?: TimeWindowInput;

  @Field(() => DateTimeScalar, { nullable: true, deprecationReason: OLD_WINDOW })
  from?: number;

  @Field(() => DateTimeScalar, { nullable: true, deprecationReason: OLD_WINDOW })
  to?: number;

  @Field(() => String, { nullable: true })
  cluster?: string;

  @Field(() => String, { nullable: true, description: 'The node that reported the failures (any known name).' })
  observer?: string;

  @Field(() => String, { nullable: true, description: 'The node it could not reach (any known name).' })
  target?: string;

  @Field(() => Int, { defaultValue: LIST_PAGE.default, description: LIST_FIRST_DESCRIPTION })
  first?: number;
}
