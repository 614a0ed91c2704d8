import { Field, InputType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';

@InputType({ description: 'A half-open time window [from, to).' })
export class TimeWindowInput {
  @Field(() => DateTimeScalar)
  from!: number;

  @Field(() => DateTimeScalar)
  to!: number;
}
