import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import type { EventFields, EventKind, Level } from '../../model/event.js';
import { EventKindEnum, LevelEnum } from './enums.js';

@ObjectType({ description: 'One typed event, with the file and line that hold it.' })
export class Event {
  @Field(() => DateTimeScalar)
  time!: number;

  @Field(() => String)
  cluster!: string;

  @Field(() => String, { description: 'The node whose log holds the line (its storage address).' })
  node!: string;

  @Field(() => String, { nullable: true })
  service!: string | null;

  @Field(() => Int, { nullable: true })
  pid!: number | null;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => LevelEnum)
  level!: Level;

  @Field(() => String, { description: 'Path of the log file within the bundle.' })
  source!: string;

  @Field(() => Int, { description: '1-based line number of the record in `source`.' })
  line!: number;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: 'The address the event is about: a peer, a ZooKeeper server.' })
  peer!: string | null;

  @Field(() => GraphQLJSONObject, { description: "The kind's own fields (error count, states, sequence numbers, …)." })
  fields!: EventFields;
}

@ObjectType()
export class EventEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Event)
  node!: Event;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class EventConnection {
  @Field(() => [EventEdge])
  edges!: EventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
