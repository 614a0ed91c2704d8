/**
 * The catalog on Prisma Client with a driver adapter: SQLite (better-sqlite3) by
 * default, PostgreSQL (pg) for deployments. One implementation serves both: the two
 * generated clients have the same model API.
 */
import type { PrismaClient } from './generated/sqlite/client.js';
import type { EndKind, LogFormat, NodeFrom, SourceInfo, YearSource } from '../model/source-info.js';
import type { Catalog, CatalogSource, IngestRunEnd, IngestRunRow, IngestRunStart, SourceWrite } from './catalog.js';

type SourceRow = Awaited<ReturnType<PrismaClient['source']['findFirstOrThrow']>>;

/** The columns of a source that make its SourceInfo. */
const SOURCE_INFO_COLUMNS = {
  key: true,
  cluster: true,
  node: true,
  service: true,
  pid: true,
  aliases: true,
  format: true,
  yearSource: true,
  yearDetail: true,
  nodeFrom: true,
  events: true,
  unmatchedLines: true,
  nameStartUs: true,
  firstTsUs: true,
  lastTsUs: true,
  firstLine: true,
  lastLine: true,
  endKind: true,
  lines: true,
  records: true,
  bytes: true,
} as const;

/**
 * The data version, read by the catalog database's own driver rather than Prisma's query
 * path: every API request reads it, and through Prisma the same SQL took ~0.4 ms of CPU,
 * a third of a cached request's server time.
 */
export type VersionReader = () => string | Promise<string>;

/** What a VersionReader runs (the same on SQLite and PostgreSQL). */
export const DATA_VERSION_SQL = 'SELECT version FROM data_version WHERE id = 1';

export class PrismaCatalog implements Catalog {
  constructor(
    readonly url: string,
    private readonly db: PrismaClient,
    private readonly onClose: () => Promise<void>,
    private readonly readVersion: VersionReader,
  ) {}

  countSources(): Promise<number> {
    return this.db.source.count();
  }

  async forgetSources(): Promise<number> {
    return (await this.db.source.deleteMany({})).count;
  }

  async markIngesting(keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.db.$transaction(
      keys.map((key) =>
        this.db.source.upsert({
          where: { key },
          update: { status: 'ingesting' },
          // A new source: nothing stored yet, so a crash means "read it all again".
          create: {
            key,
            path: key,
            status: 'ingesting',
            cluster: '',
            node: '',
            service: '',
            format: '',
            endKind: 'none',
            lines: 0n,
            records: 0n,
            bytes: 0n,
            fingerprint: '',
            size: 0n,
            offset: 0n,
            line: 1n,
            state: '{}',
          },
        }),
      ),
    );
  }

  async saveSources(writes: SourceWrite[]): Promise<void> {
    if (!writes.length) return;
    const nodes = new Map<string, { cluster: string; name: string; aliases: Set<string> }>();
    for (const w of writes) {
      const id = `${w.info.cluster}\u0000${w.info.node}`;
      const n = nodes.get(id) ?? { cluster: w.info.cluster, name: w.info.node, aliases: new Set<string>() };
      for (const a of w.info.aliases) if (a !== w.info.node) n.aliases.add(a);
      nodes.set(id, n);
    }
    const existing = await this.db.node.findMany({ where: { OR: [...nodes.values()].map((n) => ({ cluster: n.cluster, name: n.name })) } });
    for (const e of existing) {
      const n = nodes.get(`${e.cluster}\u0000${e.name}`);
      for (const a of parseJsonArray(e.aliases)) n?.aliases.add(a);
    }
    const clusters = new Set(writes.map((w) => w.info.cluster));
    await this.db.$transaction([
      ...[...clusters].map((name) => this.db.cluster.upsert({ where: { name }, update: {}, create: { name } })),
      ...[...nodes.values()].map((n) => {
        const aliases = JSON.stringify([...n.aliases].sort());
        return this.db.node.upsert({
          where: { cluster_name: { cluster: n.cluster, name: n.name } },
          update: { aliases },
          create: { cluster: n.cluster, name: n.name, aliases },
        });
      }),
      ...writes.map((w) => {
        const data = sourceData(w);
        return this.db.source.upsert({
          where: { key: w.info.source },
          update: { ...data, ...(w.path ? { path: w.path } : {}) },
          create: { key: w.info.source, path: w.path ?? w.info.source, ...data },
        });
      }),
    ]);
  }

  async moveSource(key: string, path: string): Promise<void> {
    await this.db.source.update({ where: { key }, data: { path } });
  }

  async loadCheckpoints(): Promise<Map<string, CatalogSource>> {
    const rows = await this.db.source.findMany({
      select: {
        key: true,
        path: true,
        status: true,
        cluster: true,
        node: true,
        service: true,
        pid: true,
        fingerprint: true,
        size: true,
        offset: true,
        line: true,
        state: true,
      },
    });
    const out = new Map<string, CatalogSource>();
    for (const r of rows) {
      out.set(r.key, {
        source: r.key,
        path: r.path,
        // A source marked before its first batch landed has no identity yet.
        ...(r.cluster !== '' ? { cluster: r.cluster, node: r.node, service: r.service, pid: r.pid === null ? null : Number(r.pid) } : {}),
        status: r.status === 'done' ? 'done' : 'ingesting',
        fingerprint: r.fingerprint,
        size: Number(r.size),
        offset: Number(r.offset),
        line: Number(r.line),
        state: r.state,
      });
    }
    return out;
  }

  async listSources(q: { cluster?: string; node?: string }): Promise<SourceInfo[]> {
    const rows = await this.db.source.findMany({
      where: {
        status: 'done',
        ...(q.cluster !== undefined ? { cluster: q.cluster } : {}),
        ...(q.node !== undefined ? { node: q.node } : {}),
      },
      select: SOURCE_INFO_COLUMNS, // not the checkpoint: every analysis lists the sources
    });
    // First record time, sources without one last, then key: the order the derivations expect.
    rows.sort(
      (a, b) =>
        (a.firstTsUs === null
          ? b.firstTsUs === null
            ? 0
            : 1
          : b.firstTsUs === null
            ? -1
            : a.firstTsUs < b.firstTsUs
              ? -1
              : a.firstTsUs > b.firstTsUs
                ? 1
                : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    return rows.map(toSourceInfo);
  }

  async getClusterTimeZone(cluster: string): Promise<string | null> {
    const c = await this.db.cluster.findUnique({ where: { name: cluster } });
    return c?.timeZone ?? null;
  }

  async setClusterTimeZone(cluster: string, tz: string): Promise<void> {
    await this.db.cluster.upsert({ where: { name: cluster }, update: { timeZone: tz }, create: { name: cluster, timeZone: tz } });
  }

  async listClusters(): Promise<{ name: string; timeZone: string | null }[]> {
    const rows = await this.db.cluster.findMany({ orderBy: { name: 'asc' } });
    return rows.map((r) => ({ name: r.name, timeZone: r.timeZone }));
  }

  async listNodes(cluster?: string): Promise<{ cluster: string; name: string; aliases: string[] }[]> {
    const rows = await this.db.node.findMany({
      where: cluster !== undefined ? { cluster } : {},
      orderBy: [{ cluster: 'asc' }, { name: 'asc' }],
    });
    return rows.map((r) => ({ cluster: r.cluster, name: r.name, aliases: parseJsonArray(r.aliases) }));
  }

  async dataVersion(): Promise<string> {
    return this.readVersion();
  }

  async bumpDataVersion(): Promise<void> {
    await this.db.dataVersion.upsert({ where: { id: 1 }, update: { version: { increment: 1 } }, create: { id: 1, version: 1n } });
  }

  async startRun(run: IngestRunStart): Promise<number> {
    const r = await this.db.ingestRun.create({
      data: { command: run.command, store: run.store, startedAt: new Date(), status: 'running' },
    });
    return r.id;
  }

  async finishRun(id: number, end: IngestRunEnd): Promise<void> {
    await this.db.ingestRun.update({
      where: { id },
      data: {
        endedAt: new Date(),
        status: end.status,
        files: end.files,
        bytes: BigInt(end.bytes),
        records: BigInt(end.records),
        events: BigInt(end.events),
        skipped: end.skipped,
        // A run with thousands of bad files keeps the first ones; the report has them all.
        errors: JSON.stringify(end.errors.slice(0, MAX_RUN_ERRORS)),
      },
    });
  }

  async listRuns(limit: number): Promise<IngestRunRow[]> {
    const rows = await this.db.ingestRun.findMany({ orderBy: { id: 'desc' }, take: limit });
    return rows.map((r) => ({
      id: r.id,
      command: r.command === 'worker' ? 'worker' : 'ingest',
      store: r.store,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      status: r.status === 'ok' ? 'ok' : 'failed',
      files: r.files,
      bytes: Number(r.bytes),
      records: Number(r.records),
      events: Number(r.events),
      skipped: r.skipped,
      errors: JSON.parse(r.errors) as { source: string; message: string }[],
    }));
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
    await this.onClose();
  }
}

/** Errors kept per ingest run in the catalog. */
export const MAX_RUN_ERRORS = 100;

function sourceData(w: SourceWrite) {
  const i = w.info;
  const big = (n: number | null): bigint | null => (n === null ? null : BigInt(Math.round(n)));
  return {
    status: w.status,
    cluster: i.cluster,
    node: i.node,
    service: i.service,
    pid: big(i.pid),
    aliases: JSON.stringify(i.aliases),
    format: i.format,
    yearSource: i.yearSource,
    yearDetail: i.yearDetail ?? null,
    nodeFrom: i.nodeFrom ?? null,
    events: BigInt(i.events ?? 0),
    unmatchedLines: BigInt(i.unmatchedLines ?? 0),
    nameStartUs: big(i.nameStartUs),
    firstTsUs: big(i.firstTsUs),
    lastTsUs: big(i.lastTsUs),
    firstLine: big(i.firstLine),
    lastLine: big(i.lastLine),
    endKind: i.endKind,
    lines: BigInt(i.lines),
    records: BigInt(i.records),
    bytes: BigInt(i.bytes),
    fingerprint: w.checkpoint.fingerprint,
    size: BigInt(w.checkpoint.size),
    offset: BigInt(w.checkpoint.offset),
    line: BigInt(w.checkpoint.line),
    state: w.checkpoint.state,
  };
}

function toSourceInfo(r: Pick<SourceRow, keyof typeof SOURCE_INFO_COLUMNS>): SourceInfo {
  const num = (v: bigint | null): number | null => (v === null ? null : Number(v));
  return {
    source: r.key,
    cluster: r.cluster,
    node: r.node,
    service: r.service,
    pid: num(r.pid),
    aliases: parseJsonArray(r.aliases),
    format: r.format as LogFormat,
    yearSource: r.yearSource as YearSource | null,
    ...(r.yearDetail !== null ? { yearDetail: r.yearDetail } : {}),
    ...(r.nodeFrom !== null ? { nodeFrom: r.nodeFrom as NodeFrom } : {}),
    events: Number(r.events),
    unmatchedLines: Number(r.unmatchedLines),
    nameStartUs: num(r.nameStartUs),
    firstTsUs: num(r.firstTsUs),
    lastTsUs: num(r.lastTsUs),
    firstLine: num(r.firstLine),
    lastLine: num(r.lastLine),
    endKind: r.endKind as EndKind,
    lines: Number(r.lines),
    records: Number(r.records),
    bytes: Number(r.bytes),
  };
}

function parseJsonArray(s: string): string[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
