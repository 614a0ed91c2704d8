/**
 * The store the rest of the program sees: an events table plus the catalog. Instance
 * starts (`process.start` at the first record of each glog process instance) are
 * derived from the catalog's sources when events are read, so that both tables never
 * need a cross-database transaction and QuestDB never needs a delete for them.
 */
import type { Catalog, CatalogSource, IngestRunEnd, IngestRunStart, NodeRow } from '../catalog/catalog.js';
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import type { EventQuery, EventStore, SourceQuery, WriteBatch } from './event-store.js';
import type { EventTable, FileTable, OpenTable, SettlingTable } from './event-table.js';
import { instanceStarts } from './instance-starts.js';
import { mergeEvents } from '../model/event-order.js';

/** Source lists kept (one per cluster and node asked about). */
const MAX_SOURCE_LISTS = 64;

export class TimelineStore implements EventStore {
  private readonly table: EventTable;
  private readonly settling: SettlingTable | null;

  /** The catalog is reached only through this store's methods: callers have one way to it. */
  private constructor(
    readonly url: string,
    opened: OpenTable,
    private readonly catalog: Catalog,
  ) {
    this.table = opened.table;
    this.settling = opened.settling;
  }

  /** What opening the store had to repair, for the command to tell its user. */
  readonly notices: string[] = [];

  static async open(url: string, opened: OpenTable, catalog: Catalog): Promise<TimelineStore> {
    const store = new TimelineStore(url, opened, catalog);
    if (opened.file) await store.reconcile(opened.file);
    return store;
  }

  /** A store file and its catalog brought to agree: the catalog may be older, newer or missing. */
  private async reconcile(table: FileTable): Promise<void> {
    const { catalog, url } = this;
    if (table.created) {
      // A new store file beside a catalog that remembers files: its checkpoints describe
      // events that are not here (the old store file was deleted), and trusting them
      // would skip those files as "unchanged". They are forgotten, so ingest reads them again.
      const forgotten = await catalog.forgetSources();
      if (forgotten > 0) {
        await catalog.bumpDataVersion();
        this.notices.push(
          `the store ${url} is new, but its catalog (${catalog.url}) remembered ${forgotten} file(s) read into an earlier store: forgot them, so they will be read again`,
        );
      }
    } else if (!table.legacy && (await catalog.countSources()) === 0) {
      // Events, but a catalog that remembers no file (it was deleted or replaced): each
      // file with events is marked as being read from its first line — as after a crash —
      // so reading it again replaces its events instead of doubling them.
      const orphans = await table.storedSources();
      if (orphans.length) {
        await catalog.markIngesting(orphans);
        this.notices.push(
          `the store ${url} holds events of ${orphans.length} file(s) its catalog (${catalog.url}) did not know: reading them again replaces those events (the clusters' time zones were in the catalog too: give --tz again)`,
        );
      }
    }
    if (table.legacy) {
      // A store file from before the catalog: its sources and zones move over once.
      const known = await catalog.loadCheckpoints();
      const fresh = table.legacy.sources.filter((s) => !known.has(s.info.source));
      await catalog.saveSources(fresh.filter((s) => s.info.cluster !== ''));
      // Marked before any record was done: known, so the next run deletes its events and reads it again.
      await catalog.markIngesting(fresh.filter((s) => s.info.cluster === '').map((s) => s.info.source));
      for (const c of table.legacy.clusters)
        if (c.timeZone && (await catalog.getClusterTimeZone(c.name)) === null) await catalog.setClusterTimeZone(c.name, c.timeZone);
      await table.dropLegacy();
    }
  }

  /**
   * Each batch waits for the previous one's marks and its hand-over to the table, not
   * for its commit: the table overlaps one commit with the next batch's appends. Both
   * chains are extended at call time and carry a failure to every batch called before
   * it was known: none of those saves its checkpoints, so a file that spans a failed
   * batch is never recorded as read.
   */
  private writeTurn: Promise<void> = Promise.resolve();
  private saveTurn: Promise<void> = Promise.resolve();

  writeBatch(batch: WriteBatch): Promise<void> {
    const prevSaved = this.saveTurn;
    const handedOver = this.writeTurn.then(async () => {
      await this.catalog.markIngesting(batch.marks);
      // Wrapped, so that this turn ends when the table has the write, not when it is durable.
      return {
        durable:
          batch.deletes.length || batch.events.some((e) => e.count > 0) ? this.table.write(batch.deletes, batch.events) : Promise.resolve(),
      };
    });
    const turn = (this.writeTurn = handedOver.then(({ durable }) => void durable.catch(() => undefined)));
    const saved = (this.saveTurn = handedOver.then(async ({ durable }) => {
      await Promise.all([prevSaved, durable]);
      await this.catalog.saveSources(batch.sources);
      await this.catalog.bumpDataVersion();
      this.wrote();
    }));
    // Once settled, a failure holds back only the batches already behind it.
    turn.catch(() => {
      if (this.writeTurn === turn) this.writeTurn = Promise.resolve();
    });
    saved.catch(() => {
      if (this.saveTurn === saved) this.saveTurn = Promise.resolve();
    });
    return saved;
  }

  async settle(): Promise<void> {
    if (!this.settling) return;
    await this.settling.settle();
    // What became visible only now must not hide behind answers cached in between.
    await this.catalog.bumpDataVersion();
    this.wrote();
  }

  localWrites = 0;

  private wrote(): void {
    this.lastWriteDone = performance.now();
    this.localWrites++;
  }

  async ping(): Promise<void> {
    await Promise.all([this.table.ping(), this.catalog.dataVersion()]);
  }

  /**
   * Callers that ask while a read of the version is under way share it: every API
   * request asks, and under load most would otherwise wait on a catalog query each.
   * A read is shared only if it began after this store's last write was done, so a
   * caller always sees its own writes; another process's write that lands while a read
   * is under way shows from the next read (a fraction of a millisecond later).
   */
  private versionRead: Promise<string> | null = null;
  private versionReadStarted = 0;
  /** When this store's last write (or settle) had bumped the version. */
  private lastWriteDone = -Infinity;

  dataVersion(): Promise<string> {
    if (this.versionRead && this.versionReadStarted >= this.lastWriteDone) return this.versionRead;
    this.versionReadStarted = performance.now();
    const read = this.catalog.dataVersion().finally(() => {
      if (this.versionRead === read) this.versionRead = null;
    });
    this.versionRead = read;
    return read;
  }

  loadCheckpoints(): Promise<Map<string, CatalogSource>> {
    return this.catalog.loadCheckpoints();
  }

  async queryEvents(q: EventQuery): Promise<TimelineEvent[]> {
    const wantsStarts = !q.kinds?.length || q.kinds.includes('process.start');
    if (!wantsStarts) return this.table.queryEvents(q);
    const [stored, sources] = await Promise.all([this.table.queryEvents(q), this.listSources({ cluster: q.cluster, node: q.node })]);
    return mergeEvents(stored, instanceStarts(sources, q), q.limit);
  }

  /**
   * Per (cluster, node), the last list read and the data version it was read at: one
   * analysis asks twice (its own list, and the instance starts of its events), and
   * listing a catalog's sources costs more than checking its version.
   */
  private readonly sourceLists = new Map<string, { version: string; list: Promise<SourceInfo[]> }>();

  async listSources(q: SourceQuery): Promise<SourceInfo[]> {
    const version = await this.dataVersion();
    const key = `${q.cluster ?? ''}\u0000${q.node ?? ''}`;
    const known = this.sourceLists.get(key);
    if (known?.version === version) return known.list;
    if (this.sourceLists.size >= MAX_SOURCE_LISTS) this.sourceLists.clear();
    const list = this.catalog.listSources(q);
    this.sourceLists.set(key, { version, list });
    list.catch(() => this.sourceLists.delete(key));
    return list;
  }

  moveSource(key: string, path: string): Promise<void> {
    return this.catalog.moveSource(key, path);
  }

  listNodes(cluster?: string): Promise<NodeRow[]> {
    return this.catalog.listNodes(cluster);
  }

  startRun(run: IngestRunStart): Promise<number> {
    return this.catalog.startRun(run);
  }

  finishRun(id: number, end: IngestRunEnd): Promise<void> {
    return this.catalog.finishRun(id, end);
  }

  getClusterTimeZone(cluster: string): Promise<string | null> {
    return this.catalog.getClusterTimeZone(cluster);
  }

  setClusterTimeZone(cluster: string, tz: string): Promise<void> {
    return this.catalog.setClusterTimeZone(cluster, tz);
  }

  listClusters(): Promise<{ name: string; timeZone: string | null }[]> {
    return this.catalog.listClusters();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.table.close(), this.catalog.close()]);
  }
}
