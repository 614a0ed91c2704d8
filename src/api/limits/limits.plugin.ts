/**
 * The limits that need the request: cost (with its variables) after validation and
 * before execution; the deadline and the response size as the answer is sent.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ApiContext } from '../api-context.js';
import { responseTooLarge, tooComplex } from '../errors.js';
import type { ApiLimits } from './api-limits.config.js';
import { nextTurn } from './fair-turn.js';
import { MAX_SELECTIONS, queryCost } from './query-cost.js';
import { RequestBudget } from './request-budget.js';
import { jsonBytesOver } from './response-size.js';

export function limitsPlugin(limits: ApiLimits): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart({ contextValue }) {
      const budget = (contextValue.budget ??= new RequestBudget(limits));
      await nextTurn(); // a burst of requests parses and validates one per loop iteration, not all in one go
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const error = costError(limits, schema, document, request.variables, operationName ?? undefined);
          if (error) throw error;
        },
        async willSendResponse(rc) {
          checkResponse(rc, budget, limits.maxResponseBytes);
        },
      };
    },
  };
}

/** QUERY_TOO_COMPLEX when the operation's estimated cost is over the limit; null otherwise (HTTP and WebSocket alike). */
export function costError(
  limits: Pick<ApiLimits, 'maxCost'>,
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): GraphQLError | null {
  let cost: number;
  try {
    cost = queryCost(schema, document, variables, operationName);
  } catch (e) {
    // documentLimitsRule refuses such documents first; were it bypassed, still a finite "over N", not Infinity.
    if (e instanceof GraphQLError && /maximum allowed number of nodes/.test(e.message)) {
      return tooComplex(
        `the query has more than ${MAX_SELECTIONS} selections once its fragments are spread; spread fewer fragments, or send several requests`,
        'selections',
        MAX_SELECTIONS,
        MAX_SELECTIONS + 1,
      );
    }
    return null; // the cost cannot be computed from these variables: execution reports them as BAD_USER_INPUT
  }
  if (cost <= limits.maxCost) return null;
  return tooComplex(
    `the query's estimated cost is ${cost}, over the limit of ${limits.maxCost}; ask for fewer fields, aliases or smaller pages (first:)`,
    'cost',
    limits.maxCost,
    cost,
  );
}

function checkResponse(rc: GraphQLRequestContextWillSendResponse<ApiContext>, budget: RequestBudget, maxBytes: number): void {
  const body = rc.response.body;
  if (body.kind !== 'single') return;
  const result = body.singleResult;
  if (result.data && jsonBytesOver(result.data, maxBytes)) {
    body.singleResult = { errors: [responseTooLarge(maxBytes).toJSON()] };
    return;
  }
  if (budget.truncatedLists)
    result.extensions = { ...result.extensions, truncated: budget.truncated, truncatedLists: budget.truncatedLists };
}
