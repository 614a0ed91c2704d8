/**
 * A read's filter as people type it (times as text, any name of a node), checked and
 * resolved once: what the CLI's read commands pass to the store.
 */
import type { EventKind } from '../model/event.js';
import type { EventStore } from '../store/event-store.js';
import { parseIsoToUs, ZoneConverter } from '../time/zone.js';
import { checkCluster, checkKind, checkWindow, QueryInputError, resolveNode } from './query-guard.js';

export interface EventFilterInput {
  from?: string;
  to?: string;
  cluster?: string;
  node?: string;
  kinds?: readonly string[];
}

export interface EventFilter {
  fromUs?: number;
  toUs?: number;
  cluster?: string;
  node?: string;
  kinds?: EventKind[];
  /** The zone times without an offset were read in, and local times are shown in (UTC when unknown). */
  zone: string;
}

export async function resolveEventFilter(store: EventStore, input: EventFilterInput): Promise<EventFilter> {
  const kinds = (input.kinds ?? []).map(checkKind);
  const cluster = await checkCluster(store, input.cluster);
  const node = await resolveNode(store, cluster, input.node);
  const zone = clusterZone(await store.listClusters(), cluster) ?? 'UTC';
  const conv = new ZoneConverter(zone);
  const time = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const us = parseIsoToUs(text, conv);
    if (!Number.isFinite(us))
      throw new QueryInputError(`${name}: "${text}" is not an ISO-8601 time (e.g. 2022-08-18T12:46:00+08:00)`, 'window');
    return us;
  };
  const fromUs = time('from', input.from);
  const toUs = time('to', input.to);
  if (fromUs !== undefined && toUs !== undefined) checkWindow({ fromUs, toUs });
  return { fromUs, toUs, cluster, node, kinds: kinds.length ? kinds : undefined, zone };
}

/** The cluster's zone; without a cluster, the zone all clusters share. Null when unknown. */
export function clusterZone(clusters: readonly { name: string; timeZone: string | null }[], cluster: string | undefined): string | null {
  const zones = new Set(clusters.filter((c) => cluster === undefined || c.name === cluster).map((c) => c.timeZone));
  const [only] = zones;
  return zones.size === 1 && only ? only : null;
}
