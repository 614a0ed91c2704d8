/**
 * Validation rules for the shape of a document: nesting depth and aliases. They run with
 * graphql-js's own rules, before any resolver, and fragments count where they are spread
 * (a fragment of 10 aliases spread 10 times is 100 executions).
 */
import { Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { tooComplex } from '../errors.js';

interface Shape {
  depth: number;
  aliases: number;
}

/** Walks one operation, spreading fragments, and stops as soon as either limit is passed. */
function measure(ctx: ValidationContext, set: SelectionSetNode, level: number, shape: Shape, max: Shape, seen: ReadonlySet<string>): void {
  shape.depth = Math.max(shape.depth, level);
  for (const s of set.selections) {
    if (shape.depth > max.depth || shape.aliases > max.aliases) return;
    if (s.kind === Kind.FIELD) {
      if (s.alias) shape.aliases++;
      if (s.selectionSet) measure(ctx, s.selectionSet, level + 1, shape, max, seen);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      measure(ctx, s.selectionSet, level, shape, max, seen);
    } else {
      const name = s.name.value;
      const f = ctx.getFragment(name);
      // A cycle is reported by graphql-js's NoFragmentCycles; here it is only not followed.
      if (f && !seen.has(name)) measure(ctx, f.selectionSet, level, shape, max, new Set([...seen, name]));
    }
  }
}

export function documentLimitsRule(max: { maxDepth: number; maxAliases: number }): ValidationRule {
  return (ctx: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const shape: Shape = { depth: 0, aliases: 0 };
      measure(ctx, op.selectionSet, 1, shape, { depth: max.maxDepth, aliases: max.maxAliases }, new Set());
      if (shape.depth > max.maxDepth)
        ctx.reportError(tooComplex(`the query is nested deeper than ${max.maxDepth} levels`, 'depth', max.maxDepth, shape.depth));
      else if (shape.aliases > max.maxAliases) {
        ctx.reportError(
          tooComplex(
            `the query has more than ${max.maxAliases} aliased fields; each runs its field again — send fewer, or several requests`,
            'aliases',
            max.maxAliases,
            shape.aliases,
          ),
        );
      }
      return false; // nothing below needs visiting again
    },
  });
}
