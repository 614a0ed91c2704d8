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

/**
 * Written asynchronously: a reader of stderr that falls behind (a full pipe) must not hold
 * the event loop. Written synchronously, sonic-boom waited for the pipe in a busy sleep,
 * and a burst of request lines held `serve` 100 ms in bench:load (--cpu-prof). What is
 * still buffered is written synchronously as the process exits, so a line logged just
 * before exit (shutdown, a fatal error) is not lost.
 */
function pinoLogger(dest: number | string): Pino.Logger {
  const pino = require('pino') as typeof Pino.pino;
  const stream = pino.destination({ dest, sync: false });
  process.once('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // a file path not opened yet: nothing was written to it
    }
  });
  return pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, stream);
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
