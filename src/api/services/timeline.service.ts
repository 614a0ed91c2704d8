/**
 * The API's answers, computed from the store's time series: resolvers stay thin and
 * call this; this reads events through the store and derives the answers.
 */
import type { EventStore } from '../../store/event-store.js';
import { badInput } from '../errors.js';
import { DEFAULT_PAGE, MAX_PAGE, type EventsArgs } from '../args/events.args.js';
import type { EventConnection } from '../types/event.type.js';
import { decodeCursor, encodeCursor, keyOf } from './event-cursor.js';
import { toApiEvent } from './event-mapper.js';
import { checkCluster, checkKind, checkWindow, resolveNode } from './query-guard.js';
import { analyzeWindow, type TimelineAnalysis } from '../../derive/timeline-analysis.js';
import { analysisCacheFor } from './analysis-cache.js';
import type { ClusterWindowArgs, OutagesArgs, RestartsArgs } from '../args/window.args.js';
import type { PeerLinkArgs } from '../args/peer-links.args.js';
import type { Incident, NodeOutage } from '../types/outage.type.js';
import type { PeerLink } from '../types/peer-link.type.js';
import type { ServiceRestart } from '../types/restart.type.js';
import type { Cluster, MetaLeaderChange, ZkElection } from '../types/leadership.type.js';
import type { SourcesArgs } from '../args/sources.args.js';
import type { LogSource } from '../types/source.type.js';
import { coverageOf } from '../../model/source-coverage.js';
import { ZoneConverter } from '../../time/zone.js';
import { toElection, toIncident, toMetaLeader, toOutage, toPeerLink, toRestart } from './answer-mapper.js';

export class TimelineService {
  constructor(readonly store: EventStore) {}

  async events(args: EventsArgs): Promise<EventConnection> {
    const w = checkWindow({ fromUs: args.window.from, toUs: args.window.to });
    const cluster = await checkCluster(this.store, args.cluster);
    const node = await resolveNode(this.store, cluster, args.node);
    const first = args.first ?? DEFAULT_PAGE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}`, 'first');
    const kind = args.kind === undefined || args.kind === null ? undefined : checkKind(args.kind);
    const rows = await this.store.queryEvents({
      fromUs: w.fromUs,
      toUs: w.toUs,
      cluster,
      node,
      kinds: kind ? [kind] : undefined,
      after: args.after ? decodeCursor(args.after) : undefined,
      limit: first + 1,
    });
    const page = rows.slice(0, first);
    const edges = page.map((e) => ({ cursor: encodeCursor(keyOf(e)), node: toApiEvent(e) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null } };
  }

  /** One analysis per (window, cluster) per request: several fields of one query share it. */
  private readonly analyses = new Map<string, Promise<TimelineAnalysis>>();

  private async analysis(a: ClusterWindowArgs): Promise<{ an: TimelineAnalysis; cluster: string | undefined }> {
    const w = checkWindow({ fromUs: a.window.from, toUs: a.window.to });
    const cluster = await checkCluster(this.store, a.cluster);
    const key = `${w.fromUs}/${w.toUs}/${cluster ?? ''}`;
    let p = this.analyses.get(key);
    if (!p) {
      const version = await this.store.dataVersion();
      this.analyses.set(key, (p = analysisCacheFor(this.store).get(version, key, () => analyzeWindow(this.store, w, cluster))));
    }
    return { an: await p, cluster };
  }

  async nodeOutages(a: OutagesArgs): Promise<NodeOutage[]> {
    const { an, cluster } = await this.analysis(a);
    const node = await resolveNode(this.store, cluster, a.node);
    return an.outages.filter((o) => !node || o.node === node).map(toOutage);
  }

  async serviceRestarts(a: RestartsArgs): Promise<ServiceRestart[]> {
    const { an, cluster } = await this.analysis(a);
    const node = await resolveNode(this.store, cluster, a.node);
    return an.restarts.filter((r) => (!node || r.node === node) && (!a.service || r.service === a.service)).map(toRestart);
  }

  async incidents(a: ClusterWindowArgs): Promise<Incident[]> {
    return (await this.analysis(a)).an.incidents.map(toIncident);
  }

  async peerLinkHistory(a: PeerLinkArgs): Promise<PeerLink[]> {
    const { an, cluster } = await this.analysis({ window: { from: a.from, to: a.to }, cluster: a.cluster });
    const observer = await resolveNode(this.store, cluster, a.observer);
    const target = await resolveNode(this.store, cluster, a.target);
    return an.links.filter((l) => (!observer || l.observer === observer) && (!target || l.target === target)).map(toPeerLink);
  }

  async zkElections(a: ClusterWindowArgs): Promise<ZkElection[]> {
    return (await this.analysis(a)).an.elections.map(toElection);
  }

  async metaLeaders(a: ClusterWindowArgs): Promise<MetaLeaderChange[]> {
    return (await this.analysis(a)).an.metaLeaders.map(toMetaLeader);
  }

  async sources(a: SourcesArgs): Promise<LogSource[]> {
    const cluster = await checkCluster(this.store, a.cluster);
    const node = await resolveNode(this.store, cluster, a.node);
    const zones = new Map((await this.store.listClusters()).map((c) => [c.name, new ZoneConverter(c.timeZone ?? 'UTC')]));
    const infos = await this.store.listSources({ ...(cluster ? { cluster } : {}), ...(node ? { node } : {}) });
    return infos.map((i) => coverageOf(i, zones.get(i.cluster) ?? new ZoneConverter('UTC')) as LogSource);
  }

  async clusters(): Promise<Cluster[]> {
    const [clusters, nodes] = await Promise.all([this.store.listClusters(), this.store.catalog.listNodes()]);
    return clusters.map((c) => ({ name: c.name, timeZone: c.timeZone, nodes: nodes.filter((n) => n.cluster === c.name).map((n) => n.name) }));
  }
}
