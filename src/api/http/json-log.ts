/**
 * The API's and worker's log lines: one JSON object per line on stderr, through pino.
 * Kept to what operators' tools read: `level` as its name, `time` as ISO 8601, `msg`,
 * then the extra fields; no pid or hostname (a container or unit names the process).
 */
import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { LogFn } from '../../model/log.js';

// Loaded with `require`, as duckdb-api.ts does: an ESM import of this CommonJS package
// would have Node lex its files for export names on every CLI start.
const require = createRequire(import.meta.url);

/** Written synchronously: a line logged just before exit (shutdown, a fatal error) is not lost. */
function pinoLogger(dest: number | string): Pino.Logger {
  const pino = require('pino') as typeof Pino.pino;
  return pino(
    { base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    pino.destination({ dest, sync: true }),
  );
}

/** jsonLog's lines to another file descriptor or path (bench:query times serve with its request log on, to /dev/null). */
export function jsonLogTo(dest: number | string): LogFn {
  let logger: Pino.Logger | null = null;
  return (level, msg, extra) => {
    logger ??= pinoLogger(dest);
    // `msg` leads the merged fields (not pino's message argument, which goes last): readers
    // and tests that match `"msg":"listening","url":…` keep working.
    logger[level]({ msg, ...extra });
  };
}

export const jsonLog: LogFn = jsonLogTo(2);
