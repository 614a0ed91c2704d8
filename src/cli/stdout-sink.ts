/**
 * Standard output as a sink that pushes back: a long dump waits for the reader instead of
 * queueing in memory, and a reader that goes away (`| head -1`: EPIPE) ends the dump
 * quietly instead of crashing on an unhandled 'error' event.
 */
import type { Writable } from 'node:stream';

/** The reader closed its end: what it wanted, it got. */
export class OutputClosedError extends Error {}

export function outputSink(out: Writable = process.stdout): (chunk: string | Uint8Array) => Promise<void> {
  let broken: NodeJS.ErrnoException | null = null;
  out.on('error', (e: NodeJS.ErrnoException) => void (broken ??= e));
  const check = (): void => {
    if (!broken) return;
    if (broken.code === 'EPIPE' || broken.code === 'ERR_STREAM_DESTROYED') throw new OutputClosedError('the reader closed its end');
    throw broken;
  };
  return async (chunk) => {
    check();
    if (!out.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          out.off('drain', done);
          out.off('error', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done).on('error', done).on('close', done);
      });
    }
    check();
  };
}
