/** One Apollo Server for both the HTTP endpoint and in-process `query`. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { ApiContext } from './api-context.js';
import { ERROR_CODES, tooComplex } from './errors.js';
import { timelineSchema } from './schema.js';
import { DEFAULT_LIMITS, type ApiLimits } from './limits/api-limits.config.js';
import { documentLimitsRule } from './limits/document-limits.rule.js';
import { limitsPlugin } from './limits/limits.plugin.js';

/** Codes Apollo itself uses for a client's mistakes; shown as they are. */
const CLIENT_CODES = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** graphql-js's parse error past `maxTokens`. */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more (?:than|that) \d+ tokens/; // graphql 16 spells it "more that"

import type { LogFn } from '../model/log.js';
export type { LogFn };

export interface ApolloOptions {
  /** Off in production: the schema is published in the repository, not by the server. */
  introspection?: boolean;
  limits?: ApiLimits;
}

export async function createApollo(log: LogFn, opts: ApolloOptions = {}): Promise<ApolloServer<ApiContext>> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const server = new ApolloServer<ApiContext>({
    schema: await timelineSchema(),
    introspection: opts.introspection ?? true,
    // serve handles SIGTERM itself (drain, close the store, exit 0); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    // Depth and aliases are checked with graphql-js's own rules, before any resolver; cost needs the variables (limitsPlugin).
    validationRules: [documentLimitsRule(limits)],
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [ApolloServerPluginLandingPageDisabled(), limitsPlugin(limits)],
    includeStacktraceInErrorResponses: false,
    formatError: apiErrorFormatter(log, limits.maxTokens),
  });
  await server.start();
  return server;
}

/** Client mistakes as they are; anything else logged and masked (HTTP and WebSocket alike). */
export function apiErrorFormatter(
  log: LogFn,
  maxTokens = DEFAULT_LIMITS.maxTokens,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    // Our scalars throw BAD_USER_INPUT; graphql-js may wrap that as a validation error.
    const original = (error as { originalError?: { extensions?: { code?: string } } })?.originalError;
    const originalCode = original?.extensions?.code;
    if (originalCode && (ERROR_CODES as readonly string[]).includes(originalCode))
      return { ...formatted, extensions: { ...formatted.extensions, code: originalCode } };
    const code = String(formatted.extensions?.code ?? '');
    if (code === 'GRAPHQL_PARSE_FAILED' && TOO_MANY_TOKENS.test(formatted.message)) {
      const { message, extensions } = tooComplex(
        `the query has more than ${maxTokens} tokens; send a shorter one`,
        'tokens',
        maxTokens,
        maxTokens + 1,
      ).toJSON();
      return { message, extensions: { ...extensions, http: undefined } };
    }
    if (CLIENT_CODES.has(code)) return formatted;
    log('error', 'unexpected error in a resolver', {
      message: formatted.message,
      path: formatted.path,
      error: String((error as Error)?.stack ?? error),
    });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
