/**
 * The API's error vocabulary: what a client can branch on. Anything else is masked as
 * INTERNAL_SERVER_ERROR and logged.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'STORE_UNAVAILABLE',
  'QUERY_TOO_COMPLEX',
  'RESPONSE_TOO_LARGE',
  'TIMEOUT',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, ...(field ? { field } : {}) } });
}

export function storeUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'STORE_UNAVAILABLE' satisfies ErrorCode } });
}

/** Refused before execution: `limit` is what was exceeded, `actual` what the document asked for. */
export function tooComplex(message: string, limit: string, max: number, actual: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COMPLEX' satisfies ErrorCode, limit, max, actual, http: { status: 400 } },
  });
}

export function responseTooLarge(maxBytes: number): GraphQLError {
  return new GraphQLError(
    `the response would be over ${maxBytes} bytes; ask for a shorter window, fewer fields or smaller pages (first:)`,
    {
      extensions: { code: 'RESPONSE_TOO_LARGE' satisfies ErrorCode, maxBytes },
    },
  );
}

export function timedOut(
  ms: number,
  message = `the query took longer than ${ms} ms and was stopped; ask for a shorter window or fewer fields`,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'TIMEOUT' satisfies ErrorCode, timeoutMs: ms },
  });
}
