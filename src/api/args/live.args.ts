import { ArgsType, Field } from 'type-graphql';

@ArgsType()
export class DataChangedArgs {
  @Field(() => String, { nullable: true, description: 'Only changes to this cluster (null: any cluster).' })
  cluster?: string;
}
