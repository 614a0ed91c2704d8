/**
 * The checks every read makes, for the API and the CLI alike: windows, clusters, node
 * aliases, event kinds. A bad one is a QueryInputError naming the input at fault.
 */
import { isEventKind, type EventKind } from '../model/event.js';
import type { EventStore } from '../store/event-store.js';
import { formatUtcUs } from '../time/zone.js';

export class QueryInputError extends Error {
  constructor(
    message: string,
    readonly field: 'window' | 'cluster' | 'node' | 'kind',
  ) {
    super(message);
  }
}

export const US_PER_DAY = 86_400_000_000;

export interface Window {
  fromUs: number;
  toUs: number;
}

/** Refuses an empty or inverted window, and one longer than `maxDays` when given. */
export function checkWindow(w: Window, maxDays?: number): Window {
  if (!(w.toUs > w.fromUs))
    throw new QueryInputError(
      `the window is empty or inverted: from ${formatUtcUs(w.fromUs)} is not before to ${formatUtcUs(w.toUs)}`,
      'window',
    );
  if (maxDays !== undefined && w.toUs - w.fromUs > maxDays * US_PER_DAY)
    throw new QueryInputError(`the window is longer than ${maxDays} days; ask for a shorter one`, 'window');
  return w;
}

export async function checkCluster(store: EventStore, cluster: string | undefined | null): Promise<string | undefined> {
  if (cluster === undefined || cluster === null) return undefined;
  const known = await store.listClusters();
  if (!known.some((c) => c.name === cluster)) {
    throw new QueryInputError(
      `unknown cluster "${cluster}"; known: ${known.map((c) => c.name).join(', ') || 'none (ingest a bundle first)'}`,
      'cluster',
    );
  }
  return cluster;
}

/** Maps any known name of a node (storage address, management address, host name) to its node name. */
export async function resolveNode(
  store: EventStore,
  cluster: string | undefined,
  name: string | undefined | null,
): Promise<string | undefined> {
  if (name === undefined || name === null) return undefined;
  // The catalog's nodes table: one row per node, with every alias its files showed.
  const nodes = await store.listNodes(cluster);
  for (const n of nodes) if (n.name === name) return n.name;
  for (const n of nodes) if (n.aliases.includes(name)) return n.name;
  throw new QueryInputError(`unknown node "${name}"${cluster ? ` in cluster ${cluster}` : ''}`, 'node');
}

export function checkKind(kind: string): EventKind {
  if (!isEventKind(kind)) throw new QueryInputError(`unknown event kind "${kind}"`, 'kind');
  return kind;
}
