import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import type { TimelineEvent } from '../../model/event.js';
import type { RestartCause } from '../../model/answer-sets.js';
import { RestartCauseEnum } from './enums.js';

/** The fields every per-service answer starts with (unreferenced, so not in the schema itself). */
@ObjectType()
export abstract class ServiceOnNode {
  @Field(() => String)
  cluster!: string;

  @Field(() => String)
  node!: string;

  @Field(() => String)
  service!: string;
}

@ObjectType({ description: 'One instance of a service ended and the next began.' })
export class ServiceRestart extends ServiceOnNode {
  @Field(() => DateTimeScalar, { nullable: true })
  stoppedAt!: number | null;

  @Field(() => DateTimeScalar)
  startedAt!: number;

  @Field(() => Float, { nullable: true })
  downtimeSeconds!: number | null;

  @Field(() => RestartCauseEnum, { nullable: true })
  cause!: RestartCause | null;

  @Field(() => Int, { nullable: true })
  oldPid!: number | null;

  @Field(() => Int, { nullable: true })
  newPid!: number | null;

  /** Read through the paged `evidence` and `evidenceCount` fields (evidence.resolver.ts). */
  evidenceEvents!: readonly TimelineEvent[];
}
