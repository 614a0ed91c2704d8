/** One Apollo Server for both the HTTP endpoint and in-process `query`. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { ApiContext } from './api-context.js';
import { ERROR_CODES } from './errors.js';
import { timelineSchema } from './schema.js';

/** Codes Apollo itself uses for a client's mistakes; shown as they are. */
const CLIENT_CODES = new Set<string>([...ERROR_CODES, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

export async function createApollo(log: LogFn): Promise<ApolloServer<ApiContext>> {
  const server = new ApolloServer<ApiContext>({
    schema: await timelineSchema(),
    introspection: true,
    // serve handles SIGTERM itself (drain, close the store, exit 0); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError: apiErrorFormatter(log),
  });
  await server.start();
  return server;
}

/** Client mistakes as they are; anything else logged and masked (HTTP and WebSocket alike). */
export function apiErrorFormatter(log: LogFn): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    // Our scalars throw BAD_USER_INPUT; graphql-js may wrap that as a validation error.
    const original = (error as { originalError?: { extensions?: { code?: string } } })?.originalError;
    const originalCode = original?.extensions?.code;
    if (originalCode && (ERROR_CODES as readonly string[]).includes(originalCode)) return { ...formatted, extensions: { ...formatted.extensions, code: originalCode } };
    const code = String(formatted.extensions?.code ?? '');
    if (CLIENT_CODES.has(code)) return formatted;
    log('error', 'unexpected error in a resolver', { message: formatted.message, path: formatted.path, error: String((error as Error)?.stack ?? error) });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
