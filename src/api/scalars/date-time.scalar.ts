/**
 * DateTime: ISO-8601 in with any offset (no offset = UTC), ISO-8601 UTC out with
 * microseconds. Internally a number of UTC microseconds.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { formatUtcUs, parseIsoToUs } from '../../time/zone.js';
import { badInput } from '../errors.js';

function parse(value: unknown): number {
  if (typeof value !== 'string') throw badInput(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`);
  const us = parseIsoToUs(value);
  if (!Number.isFinite(us)) throw badInput(`"${value}" is not an ISO-8601 time (e.g. 2022-08-18T12:46:00+08:00)`);
  return us;
}

export const DateTimeScalar = new GraphQLScalarType<number, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time. Any offset is accepted as input (none means UTC); output is UTC with microseconds.',
  serialize: (v) => {
    if (typeof v !== 'number') throw new TypeError('DateTime values are UTC microseconds internally');
    return formatUtcUs(v);
  },
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string literal');
    return parse(ast.value);
  },
});
