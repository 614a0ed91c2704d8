import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import type { TimelineEvent } from '../../model/event.js';
import type { RestartCause } from '../../model/answer-sets.js';
import { RestartCauseEnum } from './enums.js';
import { ServiceOnNode } from './restart.type.js';

@ObjectType({ description: 'One process instance of a service on a node, from its first record to its last.' })
export class ServiceInstance extends ServiceOnNode {
  @Field(() => Int, { nullable: true })
  pid!: number | null;

  @Field(() => DateTimeScalar, { description: 'Its first record.' })
  start!: number;

  @Field(() => DateTimeScalar, { description: 'Its last record, or its stop or crash line.' })
  end!: number;

  @Field(() => RestartCauseEnum, { nullable: true, description: 'Null: still running at the end of the data.' })
  endedBy!: RestartCause | null;

  @Field(() => [String], { description: 'The log files that hold it.' })
  sources!: string[];

  /** The start and stop or crash lines that bound it; read through the paged `evidence` and `evidenceCount` fields (evidence.resolver.ts). */
  evidenceEvents!: readonly TimelineEvent[];
}
