import { ArgsType, Field, Int } from 'type-graphql';
import { EVIDENCE_PAGE, LIST_PAGE } from '../limits/api-limits.config.js';

@ArgsType()
export class EvidenceArgs {
  @Field(() => Int, { defaultValue: EVIDENCE_PAGE.default, description: `Events per page, at most ${EVIDENCE_PAGE.max}.` })
  first!: number;

  @Field(() => String, { nullable: true, description: 'The `cursor` of the last event of the previous page.' })
  after?: string;
}

/** The `first` of a bounded list (a query's answers, a link's intervals). */
export const LIST_FIRST_DESCRIPTION = `The first N items, at most ${LIST_PAGE.max}; a longer list is cut and listed in the response's extensions.truncated.`;

@ArgsType()
export class IntervalsArgs {
  @Field(() => Int, { defaultValue: LIST_PAGE.default, description: LIST_FIRST_DESCRIPTION })
  first!: number;
}
