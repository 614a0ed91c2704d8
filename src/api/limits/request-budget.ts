/**
 * One request's share of the server: its deadline, and the lists that were cut to their
 * page size (reported in the response's `extensions.truncated`).
 */
import { timedOut } from '../errors.js';
import type { ApiLimits } from './api-limits.config.js';

export interface Truncation {
  path: string;
  returned: number;
  total: number;
}

/** Truncations listed per response; past this only the count grows. */
const MAX_NOTES = 50;

export class RequestBudget {
  readonly signal: AbortSignal;
  readonly truncated: Truncation[] = [];
  truncatedLists = 0;

  constructor(readonly limits: Pick<ApiLimits, 'timeoutMs'>) {
    // Aborted with the TIMEOUT error itself: work that gives up on this signal fails with the API's code.
    const ac = new AbortController();
    setTimeout(() => ac.abort(timedOut(limits.timeoutMs)), limits.timeoutMs).unref();
    this.signal = ac.signal;
  }

  /** `work`, or a TIMEOUT error once the deadline passes (the work itself is left to finish). */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(timedOut(this.limits.timeoutMs));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(timedOut(this.limits.timeoutMs));
      this.signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => (this.signal.removeEventListener('abort', onAbort), resolve(v)),
        (e: unknown) => (this.signal.removeEventListener('abort', onAbort), reject(e)),
      );
    });
  }

  /** The first `first` items; a longer list is noted as truncated at `path`. */
  cap<T>(items: readonly T[], first: number, path: string): T[] {
    if (items.length <= first) return items as T[];
    this.truncatedLists++;
    if (this.truncated.length < MAX_NOTES) this.truncated.push({ path, returned: first, total: items.length });
    return items.slice(0, first);
  }
}
