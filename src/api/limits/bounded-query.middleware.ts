/**
 * Query fields run against the request's deadline, finish in turns (fair-turn.ts), and a
 * list they return is cut to its `first` (checked before any work), the cut noted for
 * `extensions.truncated`.
 */
import { responsePathAsArray } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { ApiContext } from '../api-context.js';
import { checkPageSize } from '../services/query-guard.js';
import { LIST_PAGE } from './api-limits.config.js';
import { nextTurn } from './fair-turn.js';

export const BoundedQuery: MiddlewareFn<ApiContext> = async ({ args, context, info }, next) => {
  const first = args.first as number | undefined;
  if (first !== undefined) checkPageSize(first, LIST_PAGE.max);
  const work = Promise.resolve(next());
  const result: unknown = context.budget ? await context.budget.race(work) : await work;
  await nextTurn();
  if (first === undefined || !Array.isArray(result) || !context.budget) return result;
  return context.budget.cap(result, first, responsePathAsArray(info.path).join('.'));
};
