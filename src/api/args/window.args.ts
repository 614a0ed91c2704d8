import { ArgsType, Field } from 'type-graphql';
import { TimeWindowInput } from './time-window.input.js';

@ArgsType()
export class ClusterWindowArgs {
  @Field(() => TimeWindowInput)
  window!: TimeWindowInput;

  @Field(() => String, { nullable: true })
  cluster?: string;
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
