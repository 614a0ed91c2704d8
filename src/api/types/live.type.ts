import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import { NodeOutage } from './outage.type.js';

@ObjectType({ description: "New data for a cluster: the store's data version moved and the cluster's files were read further." })
export class DataChange {
  @Field(() => String, { nullable: true, description: 'The cluster subscribed to; null: any cluster.' })
  cluster!: string | null;

  @Field(() => String, { description: "The store's data version after the change (opaque; it only grows)." })
  version!: string;

  @Field(() => DateTimeScalar, { description: 'When the server noticed the change.' })
  time!: number;
}

@ObjectType({ description: 'The nodeOutages answer for a subscribed window: first as it is, then each time it differs.' })
export class OutagesChange {
  @Field(() => String, { nullable: true })
  cluster!: string | null;

  @Field(() => String, { description: "The store's data version the answer was derived at." })
  version!: string;

  @Field(() => DateTimeScalar, { description: 'When the server derived this answer.' })
  time!: number;

  @Field(() => [NodeOutage], { description: 'Every outage in the window now (not only the new ones), as nodeOutages returns them.' })
  outages!: NodeOutage[];
}
