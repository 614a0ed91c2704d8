import { ArgsType, Field } from 'type-graphql';

@ArgsType()
export class NodesArgs {
  @Field(() => String, { nullable: true })
  cluster?: string;
}

@ArgsType()
export class NodeArgs extends NodesArgs {
  @Field(() => String, { description: 'Any known name of the node: storage or management address, host name.' })
  name!: string;
}
