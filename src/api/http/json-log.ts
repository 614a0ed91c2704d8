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
  // Bytes handed over minus bytes written (sonic-boom's 'write' event): what logsWritten waits for.
  const counted = { write: (line: string) => ((unwritten.bytes += Buffer.byteLength(line)), stream.write(line)) };
  stream.on('write', (n: number) => (unwritten.bytes -= n));
  return pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, counted);
}

/** Log bytes not yet written by the destinations (all loggers of this process). */
const unwritten = { bytes: 0 };

/**
 * Resolves once every line logged so far is written (or after `ms`). The CLI awaits it
 * before exiting: the exit flush writes what is still buffered at once, but a write
 * already under way on libuv's threads could land after it, out of order.
 */
export async function logsWritten(ms = 2_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (unwritten.bytes > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
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
