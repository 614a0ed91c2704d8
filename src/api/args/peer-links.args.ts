import { ArgsType, Field, Int } from 'type-graphql';
import { LIST_PAGE } from '../limits/api-limits.config.js';
import { LIST_FIRST_DESCRIPTION } from './page.args.js';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';

@ArgsType()
export class PeerLinkArgs {
  @Field(() => DateTimeScalar)
  from!: number;

  @Field(() => DateTimeScalar)
  to!: number;

  @Field(() => String, { nullable: true })
  cluster?: string;

  @Field(() => String, { nullable: true, description: 'The node that reported the failures (any known name).' })
  observer?: string;

  @Field(() => String, { nullable: true, description: 'The node it could not reach (any known name).' })
  target?: string;

  @Field(() => Int, { defaultValue: LIST_PAGE.default, description: LIST_FIRST_DESCRIPTION })
  first?: number;
}
