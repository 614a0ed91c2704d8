import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A node and the other names its logs gave it.' })
export class Node {
  @Field(() => String)
  cluster!: string;

  @Field(() => String, { description: 'Its storage address: the name every answer gives it.' })
  name!: string;

  @Field(() => [String], {
    description: 'Its other names: management address, host name, …; any of them is accepted where a node is asked for.',
  })
  aliases!: string[];
}
