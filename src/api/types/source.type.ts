import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum YearFrom {
  USER = 'user',
  HEADER = 'header',
  FILE_NAME = 'file_name',
  NESTED_DATE = 'nested_date',
  SIBLING = 'sibling',
  MTIME_ASSUMED = 'mtime_assumed',
  IN_LINES = 'in_lines',
}
registerEnumType(YearFrom, {
  name: 'YearFrom',
  description:
    "Where a log file's year came from, most trusted first; IN_LINES: every line states it; MTIME_ASSUMED: a guess the user should check.",
});

@ObjectType({ description: 'One log file read into the store: what became of it, and where its year and node came from.' })
export class LogSource {
  @Field(() => String, { description: 'The file within its bundle (archive members as `a.tgz!/x`).' })
  source!: string;

  @Field(() => String, { description: 'glog, zookeeper, …' })
  format!: string;

  @Field(() => String)
  cluster!: string;

  @Field(() => String)
  node!: string;

  @Field(() => String, { description: 'Where the node name came from: layout, override, header_host, zk_myid, file_name, unknown, …' })
  nodeFrom!: string;

  @Field(() => String)
  service!: string;

  @Field(() => Int)
  lines!: number;

  @Field(() => Int)
  records!: number;

  @Field(() => Int)
  events!: number;

  @Field(() => Int, { description: 'Lines that belong to no record (banners, junk, pasted notes).' })
  unmatchedLines!: number;

  @Field(() => Float, { description: 'unmatchedLines / lines, 0 to 1.' })
  unmatchedShare!: number;

  @Field(() => Int, { nullable: true, description: 'The local year of the first record.' })
  year!: number | null;

  @Field(() => YearFrom, { nullable: true })
  yearFrom!: YearFrom | null;

  @Field(() => String, { nullable: true, description: 'The evidence for an inferred year, in words.' })
  yearDetail!: string | null;
}
