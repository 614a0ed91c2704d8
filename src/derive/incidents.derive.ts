/** Incidents: outages that overlap in time, grouped, with a scope and a one-line summary. */
import { formatUtcUs } from '../time/zone.js';
import type { Incident, IncidentScope, NodeOutage } from './derive.types.js';

/** Outages starting within this long of a group's end join the group. */
export const INCIDENT_GAP_US = 60_000_000;

export function deriveIncidents(outages: readonly NodeOutage[], clusterNodes: readonly string[]): Incident[] {
  const sorted = [...outages].sort((a, b) => a.startUs - b.startUs);
  const groups: NodeOutage[][] = [];
  let end = -Infinity;
  for (const o of sorted) {
    const g = groups[groups.length - 1];
    if (g && o.startUs <= end + INCIDENT_GAP_US) {
      g.push(o);
      end = Math.max(end, o.endUs ?? Infinity);
    } else {
      groups.push([o]);
      end = o.endUs ?? Infinity;
    }
  }
  return groups.map((g) => {
    const nodes = [...new Set(g.map((o) => o.node))].sort();
    const all = clusterNodes.length > 1 && clusterNodes.every((n) => nodes.includes(n));
    const scope: IncidentScope = all ? 'CLUSTER_WIDE' : nodes.length > 1 ? 'MULTI_NODE' : 'SINGLE_NODE';
    const startUs = Math.min(...g.map((o) => o.startUs));
    const endUs = g.some((o) => o.endUs === null) ? null : Math.max(...g.map((o) => o.endUs!));
    return { startUs, endUs, scope, nodes, summary: summarize(g, nodes, scope, startUs, endUs), outages: g };
  });
}

function hm(us: number): string {
  return formatUtcUs(us).slice(11, 19);
}

function summarize(g: NodeOutage[], nodes: string[], scope: IncidentScope, startUs: number, endUs: number | null): string {
  const span = `${hm(startUs)}–${endUs === null ? 'open' : hm(endUs)} UTC`;
  const services = [...new Set(g.flatMap((o) => o.services))].filter(
    (s) => s !== 'zookeeper' || g.some((o) => o.kinds.includes('service_restart') || o.kinds.includes('process_crash')),
  );
  const kinds = new Set(g.flatMap((o) => o.kinds));
  const what: string[] = [];
  if (kinds.has('process_crash')) what.push('crash');
  if (kinds.has('service_restart')) what.push(`${services.join(', ') || 'services'} restarted`);
  if (kinds.has('process_stop')) what.push('stopped');
  if (kinds.has('zk_server_lost')) what.push('ZooKeeper server lost by clients');
  if (kinds.has('peers_unreachable')) what.push('unreachable from its peers');
  const where = scope === 'CLUSTER_WIDE' ? `all ${nodes.length} nodes` : nodes.join(', ');
  return `${where}: ${what.join('; ') || 'out'} (${span})`;
}
