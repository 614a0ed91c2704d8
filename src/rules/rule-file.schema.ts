/**
 * The rule file's shape as a zod schema: what rule-set.ts validates user files with, and
 * what schema/rules.schema.json (for editors' completion) is emitted from. Each message
 * says what a rule needs; rule-set.ts prefixes the file and the rule.
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { EVENT_KINDS } from '../model/event.js';
import { longestSolidPiece, relaxPattern } from './blank-runs.js';

export const RULE_FORMATS = ['glog', 'zookeeper', 'zk-client'] as const;
export const RULE_LEVELS = ['I', 'W', 'E', 'F'] as const;
export const FIELD_CONVERSIONS = ['int', 'lower', 'string'] as const;
/** The fast scanner verifies literals of up to this many bytes. */
export const MAX_LITERAL_BYTES = 64;

const require = createRequire(import.meta.url);

function build(z: typeof Zod.z) {
  const LITERAL_MESSAGE = `literals must be strings of 2 to ${MAX_LITERAL_BYTES} single-byte characters without newlines`;
  const literal = z
    .string({ error: LITERAL_MESSAGE })
    .min(2, { error: LITERAL_MESSAGE })
    .max(MAX_LITERAL_BYTES, { error: LITERAL_MESSAGE })
    .regex(/^[^\n\u0100-\uffff]*$/, { error: LITERAL_MESSAGE })
    // The fast scanner needs two neighbouring bytes that every matching line holds as written.
    .refine((l) => longestSolidPiece(l).length >= 2, {
      error: (iss) => `literal "${String(iss.input)}" needs two characters in a row that are not blanks`,
    })
    .describe('A substring every matching record contains; a space in it matches any run of spaces or tabs.');

  const formatsMessage = `"formats" must list some of ${RULE_FORMATS.join(', ')}`;
  const levelsMessage = `"levels" must list some of ${RULE_LEVELS.join(', ')}`;

  const rule = z
    .strictObject(
      {
        id: z.string({ error: '"id" must be a non-empty string' }).min(1, { error: '"id" must be a non-empty string' }),
        kind: z.enum(EVENT_KINDS, { error: (iss) => `unknown kind "${String(iss.input)}"` }),
        formats: z.array(z.enum(RULE_FORMATS, { error: formatsMessage }), { error: formatsMessage }),
        literal: literal.optional(),
        literals: z
          .array(literal, { error: LITERAL_MESSAGE })
          .optional()
          .describe('Several substrings, any of which marks a candidate record.'),
        levels: z
          .array(z.enum(RULE_LEVELS, { error: levelsMessage }), { error: levelsMessage })
          .optional()
          .describe('Only records of these levels.'),
        pattern: z
          .string({ error: '"pattern" must be a string' })
          .optional()
          .describe('A regular expression over the message; named groups become fields.'),
        flags: z.string({ error: '"flags" must be a string' }).optional(),
        target: z.enum(['message', 'record'], { error: '"target" must be "message" or "record"' }).optional(),
        fields: z
          .record(z.string(), z.enum(FIELD_CONVERSIONS, { error: (iss) => `has unknown conversion "${String(iss.input)}"` }), {
            error: '"fields" must be an object',
          })
          .optional(),
        set: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]), {
            error: '"set" must be an object of plain values',
          })
          .optional(),
        peer: z.string({ error: '"peer" must be a string' }).optional(),
      },
      { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key "${iss.keys[0]}"` : 'is not an object') },
    )
    .superRefine((r, ctx) => {
      if (r.literal === undefined && r.literals === undefined && r.levels === undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'needs "literal", "literals" or "levels" (the fast scanner only looks at records that have one)',
        });
      if (r.pattern === undefined) return;
      try {
        new RegExp(relaxPattern(r.pattern), r.flags ?? '');
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `bad pattern: ${(e as Error).message}`, path: ['pattern'] });
      }
    });

  return z
    .object(
      {
        name: z.string({ error: '"name" must be a string' }),
        version: z.number({ error: '"version" must be a number' }),
        description: z.string().optional(),
        rules: z.array(rule, { error: '"rules" must be an array' }),
      },
      { error: 'not a JSON object' },
    )
    .superRefine((f, ctx) => {
      const ids = new Set<string>();
      for (const r of f.rules) {
        if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `rule "${r.id}" is defined twice` });
        ids.add(r.id);
      }
    })
    .meta({ title: 'zbs-timeline rule file', description: 'Maps log records onto typed events (ingest --rules FILE).' });
}

type RuleFileSchema = ReturnType<typeof build>;
let schema: RuleFileSchema | null = null;
/** Built on first use, so that zod loads only when a rule file is validated, not on every start. */
export function ruleFileSchema(): RuleFileSchema {
  return (schema ??= build(zod().z));
}

function zod(): typeof Zod {
  return require('zod') as typeof Zod;
}

/** The JSON Schema published as schema/rules.schema.json. */
export function ruleFileJsonSchema(): object {
  return zod().z.toJSONSchema(ruleFileSchema(), { io: 'input' });
}

/** The first problem of a file, as one line naming the rule (`rule "id"` once it has one, else `rule #n`). */
export function ruleFileProblem(raw: unknown, error: Zod.ZodError): string {
  const issue = error.issues[0]!;
  const [top, i] = issue.path;
  if (top !== 'rules' || typeof i !== 'number' || issue.path.length < 2) return issue.message;
  const id = (raw as { rules: { id?: unknown }[] }).rules[i]?.id;
  const where = typeof id === 'string' && id !== '' ? `rule "${id}"` : `rule #${i + 1}`;
  if (issue.message === 'is not an object') return `${where} is not an object`;
  const field = issue.path[2] === 'fields' && issue.path.length === 4 ? `field "${String(issue.path[3])}" ` : '';
  return `${where}: ${field}${issue.message}`;
}
