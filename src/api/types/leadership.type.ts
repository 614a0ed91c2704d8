import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import type { TimelineEvent } from '../../model/event.js';
import { Node } from './node.type.js';

@ObjectType({ description: 'A ZooKeeper leader election: first `looking` to a leader established.' })
export class ZkElection {
  @Field(() => DateTimeScalar)
  start!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  end!: number | null;

  @Field(() => String, { nullable: true })
  leader!: string | null;

  @Field(() => Int, { nullable: true })
  leaderMyid!: number | null;

  @Field(() => Float, { nullable: true })
  durationSeconds!: number | null;

  /** Read through the paged `evidence` and `evidenceCount` fields (evidence.resolver.ts). */
  evidenceEvents!: readonly TimelineEvent[];
}

@ObjectType({ description: 'The meta service got a new leader (or a new sequence number).' })
export class MetaLeaderChange {
  @Field(() => DateTimeScalar)
  at!: number;

  @Field(() => String)
  leader!: string;

  @Field(() => Int, { nullable: true })
  seq!: number | null;

  /** Read through the paged `evidence` and `evidenceCount` fields (evidence.resolver.ts). */
  evidenceEvents!: readonly TimelineEvent[];
}

@ObjectType({ description: 'A half-open time window [from, to).' })
export class TimeWindow {
  @Field(() => DateTimeScalar)
  from!: number;

  @Field(() => DateTimeScalar)
  to!: number;
}

@ObjectType()
export class Cluster {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "The IANA zone the cluster's local log times were read in." })
  timeZone!: string | null;

  @Field(() => [String], { description: 'Its nodes by name (storage address); nodeDetails has their aliases.' })
  nodes!: string[];

  @Field(() => [Node], { description: 'The nodes with their aliases.' })
  nodeDetails!: Node[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'The first record of its logs.' })
  firstRecord!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The last record of its logs.' })
  lastRecord!: number | null;
}
