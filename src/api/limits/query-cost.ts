/**
 * Query cost with graphql-query-complexity: every field costs 1 plus its children, and a
 * list multiplies its children by how many items it may hold — its `first` argument
 * (defaults applied) where it has one, else a fixed guess. Aliases are separate fields,
 * so they add up too.
 */
import { getNamedType, getNullableType, isListType, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Items assumed of an object list without `first` (incidents' outages, clusters, sources). */
export const UNBOUNDED_LIST_ITEMS = 10;

/**
 * Selections (fragments spread) the estimator walks before it gives up; documentLimitsRule
 * refuses more while validating, so the estimator is not the one to meet it.
 */
export const MAX_SELECTIONS = 10_000;

/** A connection's `edges` are paged by the `first` of the field that returned the connection. */
const isEdges = (typeName: string): boolean => typeName.endsWith('Edge');

export const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const first = args.first;
  if (typeof first === 'number') return 1 + Math.max(0, first) * Math.max(1, childComplexity);
  const nullable = getNullableType(field.type);
  const named = getNamedType(field.type);
  if (isListType(nullable) && isObjectType(named) && !isEdges(named.name)) return 1 + UNBOUNDED_LIST_ITEMS * childComplexity;
  return 1 + childComplexity;
};

/** peerLinkHistory: one (observer, target) pair is one link, whatever `first` says. */
export const peerLinkCost: ComplexityEstimator = (o) =>
  o.args.observer && o.args.target ? 1 + Math.max(1, o.childComplexity) : listEstimator(o);

export function queryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  // A field's own `complexity` (set on its decorator) first, where it knows better than its `first`.
  return getComplexity({
    schema,
    query,
    variables: variables ?? {},
    ...(operationName ? { operationName } : {}),
    estimators: [fieldExtensionsEstimator(), listEstimator],
    maxQueryNodes: MAX_SELECTIONS + 1, // it throws at this count; the rule allows MAX_SELECTIONS
  });
}
