import { ArgsType, Field } from 'type-graphql';

@ArgsType()
export class SourcesArgs {
  @Field(() => String, { nullable: true })
  cluster?: string;

  @Field(() => String, { nullable: true, description: 'Any known name of the node.' })
  node?: string;
}
