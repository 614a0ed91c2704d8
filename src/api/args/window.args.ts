import { ArgsType, Field, Int } from 'type-graphql';
import { LIST_PAGE } from '../limits/api-limits.config.js';
import { LIST_FIRST_DESCRIPTION } from './page.args.js';
import { TimeWindowInput } from './time-window.input.js';

@ArgsType()
export class ClusterWindowArgs {
  @Field(() => TimeWindowInput)
  window!: TimeWindowInput;

  @Field(() => String, { nullable: true })
  cluster?: string;

  @Field(() => Int, { defaultValue: LIST_PAGE.default, description: LIST_FIRST_DESCRIPTION })
  first?: number;
}

@ArgsType()
export class OutagesArgs extends ClusterWindowArgs {
  @Field(() => String, { nullable: true, description: 'Any known name of the node.' })
  node?: string;
}

@ArgsType()
export class RestartsArgs extends OutagesArgs {
  @Field(() => String, { nullable: true, description: 'e.g. zbs-chunkd, zbs-metad, zookeeper.' })
  service?: string;
}
