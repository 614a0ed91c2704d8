import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import type { TimelineEvent } from '../../model/event.js';
import type { OutageEvidenceKind } from '../../model/answer-sets.js';
import { OutageEvidenceKindEnum } from './enums.js';

export enum IncidentScope {
  SINGLE_NODE = 'SINGLE_NODE',
  MULTI_NODE = 'MULTI_NODE',
  CLUSTER_WIDE = 'CLUSTER_WIDE',
}
registerEnumType(IncidentScope, { name: 'IncidentScope', description: 'How much of the cluster an incident touched.' });

@ObjectType({ description: 'A node that was down or cut off, with the evidence.' })
export class NodeOutage {
  @Field(() => String)
  cluster!: string;

  @Field(() => String)
  node!: string;

  @Field(() => DateTimeScalar)
  start!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Null while the outage is still open at the end of the data.' })
  end!: number | null;

  @Field(() => [OutageEvidenceKindEnum], { description: 'The kinds of evidence it rests on.' })
  kinds!: OutageEvidenceKind[];

  @Field(() => [String])
  services!: string[];

  /** Read through the paged `evidence` and `evidenceCount` fields (evidence.resolver.ts). */
  evidenceEvents!: readonly TimelineEvent[];
}

@ObjectType({ description: 'Outages that overlap in time.' })
export class Incident {
  @Field(() => DateTimeScalar)
  start!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  end!: number | null;

  @Field(() => IncidentScope)
  scope!: IncidentScope;

  @Field(() => [String])
  nodes!: string[];

  @Field(() => String)
  summary!: string;

  @Field(() => [NodeOutage])
  outages!: NodeOutage[];
}
