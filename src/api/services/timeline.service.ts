/**
 * The API's answers, computed from the store's time series: resolvers stay thin and
 * call this; this reads events through the store and derives the answers.
 */
import type { EventStore } from '../../store/event-store.js';
import { DEFAULT_PAGE, MAX_PAGE, type EventsArgs } from '../args/events.args.js';
import type { EventConnection } from '../types/event.type.js';
import { decodeCursor, encodeCursor, keyOf } from './event-cursor.js';
import { toApiEvent } from './event-mapper.js';
import { checkCluster, checkKind, checkPageSize, checkWindow, MAX_WINDOW_DAYS, resolveNode, US_PER_DAY } from './query-guard.js';
import { analyzeWindow, type TimelineAnalysis } from '../../derive/timeline-analysis.js';
import { analysisCacheFor } from './analysis-cache.js';
import { WorkLimiter } from '../limits/work-limiter.js';
import type { ClusterWindowArgs, OutagesArgs, RestartsArgs } from '../args/window.args.js';
import type { PeerLinkArgs } from '../args/peer-links.args.js';
import type { Incident, NodeOutage } from '../types/outage.type.js';
import type { PeerLink } from '../types/peer-link.type.js';
import type { ServiceRestart } from '../types/restart.type.js';
import type { Cluster, MetaLeaderChange, TimeWindow, ZkElection } from '../types/leadership.type.js';
import type { ServiceInstance } from '../types/instance.type.js';
import type { SourcesArgs } from '../args/sources.args.js';
import type { LogSource } from '../types/source.type.js';
import type { NodeArgs, NodesArgs } from '../args/node.args.js';
import type { Node } from '../types/node.type.js';
import type { TimeWindowInput } from '../args/time-window.input.js';
import { badInput } from '../errors.js';
import { coverageOf } from '../../model/source-coverage.js';
import { ZoneConverter } from '../../time/zone.js';
import { toElection, toIncident, toInstance, toMetaLeader, toNode, toOutage, toPeerLink, toRestart } from './answer-mapper.js';

/** Context a suggested window keeps around the last incident: its run-up, and its aftermath. */
const BEFORE_INCIDENT_US = 3_600_000_000;
const AFTER_INCIDENT_US = 1_800_000_000;

/** Analyses computed at once per store (one per core of a small server); the rest queue. */
export const ANALYSES_AT_ONCE = 2;
const limiters = new WeakMap<EventStore, WorkLimiter>();

/** peerLinkHistory's window: `window`, or the deprecated `from` and `to` (never both). */
function peerLinkWindow(a: PeerLinkArgs): TimeWindowInput {
  // An argument given as null arrives as null, not undefined.
  const [from, to] = [a.from ?? undefined, a.to ?? undefined];
  if (a.window) {
    if (from !== undefined || to !== undefined) throw badInput('give window, or the deprecated from and to, not both', 'window');
    return a.window;
  }
  if (from === undefined || to === undefined) throw badInput('peerLinkHistory needs window: { from, to }', 'window');
  return { from, to };
}

function analysisLimiterFor(store: EventStore): WorkLimiter {
  let l = limiters.get(store);
  if (!l) limiters.set(store, (l = new WorkLimiter(ANALYSES_AT_ONCE)));
  return l;
}

export class TimelineService {
  /** `signal`: the request's deadline; an analysis still queued when it passes is not computed. */
  constructor(
    readonly store: EventStore,
    private readonly signal?: AbortSignal,
  ) {}

  async events(args: EventsArgs): Promise<EventConnection> {
    const w = checkWindow({ fromUs: args.window.from, toUs: args.window.to });
    const cluster = await checkCluster(this.store, args.cluster);
    const node = await resolveNode(this.store, cluster, args.node);
    const first = checkPageSize(args.first ?? DEFAULT_PAGE, MAX_PAGE);
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
      this.analyses.set(
        key,
        (p = analysisCacheFor(this.store).get(version, key, () =>
          analysisLimiterFor(this.store).run(() => analyzeWindow(this.store, w, cluster), this.signal),
        )),
      );
    }
    return { an: await p, cluster };
  }

  async nodeOutages(a: OutagesArgs): Promise<NodeOutage[]> {
    const { an, cluster } = await this.analysis(a);
    const node = await resolveNode(this.store, cluster, a.node);
    await an.inTurns('outages');
    return an.outages.filter((o) => !node || o.node === node).map(toOutage);
  }

  async serviceRestarts(a: RestartsArgs): Promise<ServiceRestart[]> {
    const { an, cluster } = await this.analysis(a);
    const node = await resolveNode(this.store, cluster, a.node);
    await an.inTurns('restarts');
    return an.restarts.filter((r) => (!node || r.node === node) && (!a.service || r.service === a.service)).map(toRestart);
  }

  async serviceInstances(a: RestartsArgs): Promise<ServiceInstance[]> {
    const { an, cluster } = await this.analysis(a);
    const node = await resolveNode(this.store, cluster, a.node);
    await an.inTurns('instances');
    return an.instances.filter((i) => (!node || i.node === node) && (!a.service || i.service === a.service)).map(toInstance);
  }

  async incidents(a: ClusterWindowArgs): Promise<Incident[]> {
    const { an } = await this.analysis(a);
    await an.inTurns('incidents');
    return an.incidents.map(toIncident);
  }

  async peerLinkHistory(a: PeerLinkArgs): Promise<PeerLink[]> {
    const { an, cluster } = await this.analysis({ window: peerLinkWindow(a), cluster: a.cluster });
    const observer = await resolveNode(this.store, cluster, a.observer);
    const target = await resolveNode(this.store, cluster, a.target);
    await an.inTurns('links');
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
    const [clusters, nodes, sources] = await Promise.all([this.store.listClusters(), this.store.listNodes(), this.store.listSources({})]);
    return clusters.map((c) => {
      const own = sources.filter((s) => s.cluster === c.name && s.firstTsUs !== null);
      const details = nodes.filter((n) => n.cluster === c.name).map(toNode);
      return {
        name: c.name,
        timeZone: c.timeZone,
        nodes: details.map((n) => n.name),
        nodeDetails: details,
        firstRecord: own.length ? Math.min(...own.map((s) => s.firstTsUs!)) : null,
        lastRecord: own.length ? Math.max(...own.map((s) => s.lastTsUs ?? s.firstTsUs!)) : null,
      };
    });
  }

  async nodes(a: NodesArgs): Promise<Node[]> {
    const cluster = await checkCluster(this.store, a.cluster);
    return (await this.store.listNodes(cluster)).map(toNode);
  }

  async node(a: NodeArgs): Promise<Node> {
    const cluster = await checkCluster(this.store, a.cluster);
    const name = await resolveNode(this.store, cluster, a.name);
    const nodes = await this.store.listNodes(cluster);
    return toNode(nodes.find((n) => n.name === name)!);
  }

  /** The last incident with its run-up and aftermath; without one, the last hour of data. */
  async suggestedWindow(c: Cluster): Promise<TimeWindow | null> {
    if (c.firstRecord === null || c.lastRecord === null) return null;
    const to = c.lastRecord + 1;
    const from = Math.max(c.firstRecord, to - MAX_WINDOW_DAYS * US_PER_DAY);
    const { an } = await this.analysis({ window: { from, to }, cluster: c.name });
    await an.inTurns('incidents');
    const last = an.incidents[an.incidents.length - 1];
    if (!last) return { from: Math.max(from, to - BEFORE_INCIDENT_US), to };
    return { from: last.startUs - BEFORE_INCIDENT_US, to: (last.endUs ?? to) + AFTER_INCIDENT_US };
  }
}
