/** The shared read checks (src/query) with their failures as the API's BAD_USER_INPUT. */
import { badInput } from '../errors.js';
import type { EventStore } from '../../store/event-store.js';
import * as guard from '../../query/query-guard.js';
import type { EventKind } from '../../model/event.js';

/** Longest window one query may ask for; work is proportional to the window. */
export const MAX_WINDOW_DAYS = 31;
export { US_PER_DAY } from '../../query/query-guard.js';

export type Window = guard.Window;

function asBadInput(e: unknown): unknown {
  return e instanceof guard.QueryInputError ? badInput(e.message, e.field) : e;
}

export function checkWindow(w: Window): Window {
  try {
    return guard.checkWindow(w, MAX_WINDOW_DAYS);
  } catch (e) {
    throw asBadInput(e);
  }
}

export function checkKind(kind: string): EventKind {
  try {
    return guard.checkKind(kind);
  } catch (e) {
    throw asBadInput(e);
  }
}

/** A page size (`first`) a client asked for: 1 to `max`. */
export function checkPageSize(first: number, max: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`${field} must be between 1 and ${max}`, field);
  return first;
}

export async function checkCluster(store: EventStore, cluster: string | undefined | null): Promise<string | undefined> {
  return guard.checkCluster(store, cluster).catch((e: unknown) => Promise.reject(asBadInput(e)));
}

export async function resolveNode(
  store: EventStore,
  cluster: string | undefined,
  name: string | undefined | null,
): Promise<string | undefined> {
  return guard.resolveNode(store, cluster, name).catch((e: unknown) => Promise.reject(asBadInput(e)));
}
