/**
 * Validation rules for the shape of a document: nesting depth, aliases and selections.
 * They run with graphql-js's own rules, before any resolver, and fragments count where
 * they are spread (a fragment of 10 aliases spread 10 times is 100 executions).
 */
import { Kind, type ASTVisitor, type GraphQLError, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { tooComplex } from '../errors.js';
import { MAX_SELECTIONS } from './query-cost.js';

/** What one selection set adds wherever it stands; a fragment's is the same at every spread. */
interface Shape {
  /** Levels of selection sets, this one included. */
  depth: number;
  aliases: number;
  /** Selections with fragments spread: what the cost estimator walks. */
  selections: number;
}

/**
 * The introspection subtree is bounded by the schema, not by the client (GraphiQL's TypeRef
 * alone is 9 levels): it adds no depth, as in depth-limit libraries. Its aliases and
 * selections still count, and cost still multiplies its lists.
 */
const INTROSPECTION_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);

/** Counts saturate here rather than reach Infinity: a chain of doubling fragments is 2^n. */
const add = (a: number, b: number): number => Math.min(a + b, Number.MAX_SAFE_INTEGER);

/** Shapes per fragment name for one document; `null` while one is being measured. */
type Memo = Map<string, Shape | null>;

/**
 * Measures a selection set, each fragment once (memo): spreading F twice reuses F's shape,
 * so a document is walked in time linear in its size however its fragments multiply.
 */
function measure(ctx: ValidationContext, set: SelectionSetNode, memo: Memo): Shape {
  const shape: Shape = { depth: 1, aliases: 0, selections: set.selections.length };
  for (const s of set.selections) {
    let inner: Shape | null = null;
    let levels: number | null = 0; // what the inner set's depth adds to this one's; null: nothing
    if (s.kind === Kind.FIELD) {
      if (s.alias) shape.aliases = add(shape.aliases, 1);
      if (s.selectionSet) {
        inner = measure(ctx, s.selectionSet, memo);
        levels = INTROSPECTION_ROOTS.has(s.name.value) ? null : 1;
      }
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(ctx, s.selectionSet, memo);
    } else {
      inner = fragmentShape(ctx, s.name.value, memo);
    }
    if (!inner) continue;
    if (levels !== null) shape.depth = Math.max(shape.depth, inner.depth + levels);
    shape.aliases = add(shape.aliases, inner.aliases);
    shape.selections = add(shape.selections, inner.selections);
  }
  return shape;
}

function fragmentShape(ctx: ValidationContext, name: string, memo: Memo): Shape | null {
  const known = memo.get(name);
  // null: a spread inside its own fragment. NoFragmentCycles reports the cycle; here it is only not followed.
  if (known !== undefined) return known;
  const f = ctx.getFragment(name);
  if (!f) return null; // KnownFragmentNames reports it
  memo.set(name, null);
  const shape = measure(ctx, f.selectionSet, memo);
  memo.set(name, shape);
  return shape;
}

export interface DocumentLimits {
  maxDepth: number;
  maxAliases: number;
  /** Selections of one operation, fragments spread; defaults to what the cost estimator walks. */
  maxSelections?: number;
}

export function documentLimitsRule(max: DocumentLimits): ValidationRule {
  const maxSelections = max.maxSelections ?? MAX_SELECTIONS;
  return (ctx: ValidationContext): ASTVisitor => {
    const memo: Memo = new Map(); // one per document: its operations share its fragments
    return {
      OperationDefinition(op) {
        const error = refusal(measure(ctx, op.selectionSet, memo), max, maxSelections);
        if (error) ctx.reportError(error);
        return false; // nothing below needs visiting again
      },
    };
  };
}

function refusal(shape: Shape, max: DocumentLimits, maxSelections: number): GraphQLError | null {
  if (shape.depth > max.maxDepth)
    return tooComplex(`the query is nested deeper than ${max.maxDepth} levels`, 'depth', max.maxDepth, shape.depth);
  if (shape.aliases > max.maxAliases) {
    return tooComplex(
      `the query has more than ${max.maxAliases} aliased fields; each runs its field again — send fewer, or several requests`,
      'aliases',
      max.maxAliases,
      shape.aliases,
    );
  }
  if (shape.selections > maxSelections) {
    return tooComplex(
      `the query has ${shape.selections} selections once its fragments are spread, more than ${maxSelections}; spread fewer fragments, or send several requests`,
      'selections',
      maxSelections,
      shape.selections,
    );
  }
  return null;
}
