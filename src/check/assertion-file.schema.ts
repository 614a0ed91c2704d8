/**
 * The assertion file's shape (`check --assert FILE`) as a zod schema: what check-rules.ts
 * validates with, and what schema/assertions.schema.json (for editors' completion) is
 * emitted from. Each message says what an assertion needs; check-rules.ts prefixes the
 * file and the assertion.
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

export const ASSERTION_TYPES = [
  'no_node_outage',
  'no_service_crash',
  'no_service_restart',
  'max_service_restarts',
  'max_link_down_seconds',
  'max_link_downs',
  'max_zk_elections',
  'no_meta_leader_change',
  'no_clock_skew',
] as const;
export type AssertionType = (typeof ASSERTION_TYPES)[number];

const require = createRequire(import.meta.url);

function build(z: typeof Zod.z) {
  /** What each type needs besides its type (the rest are optional everywhere). */
  const REQUIRED: Partial<Record<AssertionType, 'seconds' | 'count'>> = {
    max_link_down_seconds: 'seconds',
    max_zk_elections: 'count',
    max_service_restarts: 'count',
    max_link_downs: 'count',
  };

  const strings = (k: string) =>
    z.array(z.string({ error: `"${k}" must be a list of strings` }), { error: `"${k}" must be a list of strings` }).optional();
  const amount = (k: string) =>
    z
      .number({ error: `"${k}" must be a number ≥ 0` })
      .min(0, { error: `"${k}" must be a number ≥ 0` })
      .optional();
  const WINDOW_MESSAGE = '"window" needs ISO-8601 "from" before "to"';
  const time = z.string({ error: WINDOW_MESSAGE });

  const assertion = z
    .strictObject(
      {
        id: z.string().optional().describe('Names the assertion in reports; defaults to its type.'),
        type: z.enum(ASSERTION_TYPES, { error: `"type" must be one of ${ASSERTION_TYPES.join(', ')}` }),
        severity: z.enum(['fail', 'warn'], { error: '"severity" must be fail or warn' }).optional(),
        nodes: strings('nodes').describe('Only these nodes (any known name); none: all.'),
        services: strings('services').describe('Only these services; none: all.'),
        window: z.object({ from: time, to: time }, { error: WINDOW_MESSAGE }).optional(),
        seconds: amount('seconds').describe('max_link_down_seconds: the longest a peer link may stay down.'),
        count: amount('count').describe('max_zk_elections, max_service_restarts, max_link_downs (per link): the most allowed.'),
        per: z.enum(['node', 'service', 'node_service'], { error: '"per" must be node, service or node_service' }).optional(),
        description: z.string().optional(),
      },
      { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key "${iss.keys[0]}"` : 'is not an object') },
    )
    .superRefine((a, ctx) => {
      const needs = REQUIRED[a.type];
      if (needs && a[needs] === undefined) ctx.addIssue({ code: 'custom', message: `${a.type} needs "${needs}"` });
    });

  return z
    .object(
      {
        version: z.literal(1, { error: '"version" must be 1' }),
        assertions: z
          .array(assertion, { error: '"assertions" must be a non-empty list' })
          .min(1, { error: '"assertions" must be a non-empty list' }),
      },
      { error: 'not an object with "version" and "assertions"' },
    )
    .meta({ title: 'zbs-timeline assertion file', description: 'What `check --assert FILE` evaluates.' });
}

type AssertionFileSchema = ReturnType<typeof build>;
let schema: AssertionFileSchema | null = null;
/** Built on first use, so that zod loads only when an assertion file is validated, not on every start. */
export function assertionFileSchema(): AssertionFileSchema {
  return (schema ??= build(zod().z));
}

function zod(): typeof Zod {
  return require('zod') as typeof Zod;
}

/** The JSON Schema published as schema/assertions.schema.json. */
export function assertionFileJsonSchema(): object {
  return zod().z.toJSONSchema(assertionFileSchema(), { io: 'input' });
}

/** The first problem of a file, as one line naming the assertion (`assertion #n`). */
export function assertionFileProblem(error: Zod.ZodError): string {
  const issue = error.issues[0]!;
  const [top, i] = issue.path;
  if (top !== 'assertions' || typeof i !== 'number') return issue.message;
  return issue.message === 'is not an object' && issue.path.length === 2
    ? `assertion #${i + 1} is not an object`
    : `assertion #${i + 1}: ${issue.message}`;
}
