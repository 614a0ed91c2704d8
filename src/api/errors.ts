/**
 * The API's error vocabulary: what a client can branch on. Anything else is masked as
 * INTERNAL_SERVER_ERROR and logged.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'STORE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, ...(field ? { field } : {}) } });
}

export function storeUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'STORE_UNAVAILABLE' satisfies ErrorCode } });
}
