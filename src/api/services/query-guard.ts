/** Input checks shared by every query: windows, clusters, node aliases. */
import { badInput } from '../errors.js';
import type { EventStore } from '../../store/event-store.js';
import { formatUtcUs } from '../../time/zone.js';

/** Longest window one query may ask for; work is proportional to the window. */
export const MAX_WINDOW_DAYS = 31;
export const US_PER_DAY = 86_400_000_000;

export interface Window {
  fromUs: number;
  toUs: number;
}

export function checkWindow(w: Window): Window {
  if (!(w.toUs > w.fromUs)) throw badInput(`the window is empty or inverted: from ${formatUtcUs(w.fromUs)} is not before to ${formatUtcUs(w.toUs)}`, 'window');
  if (w.toUs - w.fromUs > MAX_WINDOW_DAYS * US_PER_DAY) throw badInput(`the window is longer than ${MAX_WINDOW_DAYS} days; ask for a shorter one`, 'window');
  return w;
}

/** A page size (`first`) a client asked for: 1 to `max`. */
export function checkPageSize(first: number, max: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`${field} must be between 1 and ${max}`, field);
  return first;
}

export async function checkCluster(store: EventStore, cluster: string | undefined | null): Promise<string | undefined> {
  if (cluster === undefined || cluster === null) return undefined;
  const known = await store.listClusters();
  if (!known.some((c) => c.name === cluster)) {
    throw badInput(`unknown cluster "${cluster}"; known: ${known.map((c) => c.name).join(', ') || 'none (ingest a bundle first)'}`, 'cluster');
  }
  return cluster;
}

/** Maps any known name of a node (storage address, management address, host name) to its node name. */
export async function resolveNode(store: EventStore, cluster: string | undefined, name: string | undefined | null): Promise<string | undefined> {
  if (name === undefined || name === null) return undefined;
  // The catalog's nodes table: one row per node, with every alias its files showed.
  const nodes = await store.catalog.listNodes(cluster);
  for (const n of nodes) if (n.name === name) return n.name;
  for (const n of nodes) if (n.aliases.includes(name)) return n.name;
  throw badInput(`unknown node "${name}"`, 'node');
}
