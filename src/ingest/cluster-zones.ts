/**
 * The zone each cluster's local log times are read in: `--tz`, else the zone stored with
 * the cluster, else UTC. A `--tz` that differs from the stored zone is said, never taken
 * silently: the stored events stay in the old zone unless `--rezone`, which reads the
 * cluster's files given in this run again in full, replacing their events.
 */
import { identifySource, type IdentityOverrides } from '../identity/source-identity.js';
import type { EventStore } from '../store/event-store.js';
import { ZoneConverter } from '../time/zone.js';

export class ClusterZones {
  private readonly names = new Map<string, string>();
  private readonly converters = new Map<string, ZoneConverter>();
  /** Clusters whose stored zone differs from --tz and which are read again in it. */
  private readonly rezoning = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly opts: { tz?: string; rezone?: boolean },
    private readonly overrides: IdentityOverrides,
    private readonly notices: string[],
  ) {}

  clusterOf(source: string): string {
    return identifySource(source, 'glog', {}, this.overrides).cluster;
  }

  /** The zone name a file's times are read in. */
  async zoneOf(source: string): Promise<string> {
    const cluster = this.clusterOf(source);
    let tz = this.names.get(cluster);
    if (tz) return tz;
    const stored = await this.store.getClusterTimeZone(cluster);
    tz = this.opts.tz ?? stored ?? 'UTC';
    this.names.set(cluster, tz);
    if (this.opts.tz && stored !== null && stored !== this.opts.tz) this.differs(cluster, stored, this.opts.tz);
    return tz;
  }

  /** Whether a file must be read again in full: its cluster is being re-zoned. */
  rereads(source: string): boolean {
    return this.rezoning.has(this.clusterOf(source));
  }

  converter(cluster: string): ZoneConverter {
    const tz = this.names.get(cluster) ?? 'UTC';
    let z = this.converters.get(tz);
    if (!z) this.converters.set(tz, (z = new ZoneConverter(tz)));
    return z;
  }

  /**
   * Stores the zone of each cluster read that had none, or that was re-zoned; a --tz that
   * merely differs does not replace the zone its stored events were read in. Returns them.
   */
  async remember(read: ReadonlySet<string>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [cluster, tz] of this.names) {
      if (!read.has(cluster)) continue;
      out[cluster] = tz;
      const stored = await this.store.getClusterTimeZone(cluster);
      if (stored === null || (stored !== tz && this.rezoning.has(cluster))) await this.store.setClusterTimeZone(cluster, tz);
    }
    return out;
  }

  private differs(cluster: string, stored: string, tz: string): void {
    if (this.opts.rezone) {
      this.rezoning.add(cluster);
      this.notices.push(
        `cluster ${cluster}: re-zoned from ${stored} to ${tz}: its files given here are read again in full and their events replaced; files of it not given keep ${stored} times`,
      );
    } else {
      this.notices.push(
        `cluster ${cluster}: its stored events were read in ${stored}, --tz says ${tz}: new files are read in ${tz}, the stored ones keep ${stored} times (pass --rezone to read them again in ${tz})`,
      );
    }
  }
}
