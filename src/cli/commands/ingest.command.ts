/** `zbs-timeline ingest <path...>`: bundles, files, archives or `-` (stdin) into the store. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IngestRequest } from '../../api/internal/internal-routes.js';
import type { ServeFile } from '../../api/internal/serve-file.js';
import { callServe, openOrServe, sayViaServe } from '../serve-client.js';
import { ingest, type IngestReport } from '../../ingest/ingest.js';
import type { SourceCoverage } from '../../model/source-coverage.js';
import { RuleFileError } from '../../rules/rule-set.js';
import { ScanPool } from '../../ingest/scan-pool.js';
import { assertTimeZone } from '../../time/zone.js';
import { StoreUnavailableError } from '../../store/store-unavailable.js';
import type { EventStore } from '../../store/event-store.js';
import { formatBytes, ProgressLine } from '../progress.js';
import { parseStoreTimeout } from '../store-timeout.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../usage-error.js';

export interface IngestOptions {
  tz?: string;
  store: string;
  cluster?: string;
  node?: string;
  service?: string;
  rules?: string[];
  jobs?: string;
  year?: string;
  rezone?: boolean;
  files?: boolean;
  json?: boolean;
  storeTimeout?: string;
}

export async function ingestCommand(positionals: string[], values: IngestOptions): Promise<number> {
  // Nothing to read: say so before a store (and its folder) is created for it.
  const missing = positionals.filter((p) => p !== '-' && !existsSync(p));
  if (missing.length === positionals.length) {
    for (const p of missing) process.stderr.write(`zbs-timeline: cannot read ${p}: no such file or directory\n`);
    return EXIT_USAGE;
  }
  if (values.tz) assertTimeZone(values.tz);
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1970 && year <= 9999))
    throw new UsageError(`--year must be a four-digit year, got "${values.year}"`);
  const jobs = values.jobs === undefined ? 0 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number, got "${values.jobs}"`);
  const storeTimeoutMs = parseStoreTimeout(values.storeTimeout);

  // The scan workers load their code while this thread loads the store's (DuckDB, the
  // catalog client: about a third of a second), instead of one after the other.
  const rulesFiles = values.rules ?? [];
  const pool = new ScanPool(jobs, rulesFiles);
  let report: IngestReport;
  try {
    const progress = new ProgressLine();
    const held = await openOrServe(values.store, () => openWatchedStore(values.store, storeTimeoutMs, progress));
    if (held.serve) {
      progress.done();
      report = await ingestViaServe(held.serve, positionals, {
        tz: values.tz,
        overrides: { cluster: values.cluster, node: values.node, service: values.service },
        year,
        rezone: values.rezone,
        rulesFiles,
        jobs,
      });
      return finish(report, positionals, values);
    }
    const store = held.store;
    const committed: Committed = { events: 0, files: 0, filesTotal: 0 };
    try {
      report = await ingest({
        paths: positionals,
        store,
        tz: values.tz,
        overrides: { cluster: values.cluster, node: values.node, service: values.service },
        ...(year !== undefined ? { year } : {}),
        rezone: values.rezone,
        rulesFiles,
        jobs,
        pool,
        onProgress: (p) => {
          committed.filesTotal = p.filesTotal;
          progress.update(
            p.bytesDone,
            p.bytesTotal,
            `${p.filesDone}/${p.filesTotal} files, ${formatBytes(p.bytesDone)}, ${p.events} events`,
          );
        },
        onWritten: (events, files) => Object.assign(committed, { events, files }),
      });
    } catch (e) {
      if (e instanceof RuleFileError) throw new UsageError(e.message);
      if (e instanceof StoreUnavailableError) throw gaveUp(e, committed);
      throw e;
    } finally {
      progress.done();
      await store.close();
    }
  } finally {
    await pool.close();
  }
  return finish(report, positionals, values);
}

/** The report printed, the warnings said, and the exit code. */
function finish(report: IngestReport, positionals: string[], values: IngestOptions): number {
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(renderReport(report) + (values.files ? renderCoverage(report.sources) : ''));
  for (const m of report.missingInputs) process.stderr.write(`zbs-timeline: cannot read ${m.path}: ${m.detail}\n`);
  for (const w of unrecognisedWarnings(report)) process.stderr.write(`zbs-timeline: ${w}\n`);
  for (const w of report.zoneWarnings) process.stderr.write(`zbs-timeline: warning: ${w.message}\n`);
  // As in `check`: input in which no file is a log is an input error, not a success.
  const nothingReadable = report.files.ingested + report.files.unchanged === 0;
  if (nothingReadable) process.stderr.write(`zbs-timeline: no log file could be read from ${positionals.join(', ')}\n`);
  return report.missingInputs.length > 0 || nothingReadable ? EXIT_USAGE : EXIT_OK;
}

/** One warning per file that looks like a log in no format read here: it was not ingested, and the user must know. */
export function unrecognisedWarnings(r: IngestReport): string[] {
  return r.skippedFiles
    .filter((s) => s.reason === 'unrecognised_log')
    .map((s) => `warning: ${s.source} looks like a log (dates or times on most lines) but is in no format this tool reads: not ingested`);
}

/** The store, its server's outages shown on the progress line; one unreachable at start-up has nothing written. */
async function openWatchedStore(url: string, timeoutMs: number, progress: ProgressLine): Promise<EventStore> {
  const { openStore } = await import('../../store/store-factory.js');
  return openStore(url, { storeRetry: { timeoutMs, onWait: (w) => progress.storeWait(w) } }).catch((e: unknown) => {
    throw e instanceof StoreUnavailableError ? new StoreUnavailableError(`${e.message}; nothing was written`, e.reason) : e;
  });
}

/** The same ingest, run by the serve that holds the store: paths are resolved here, where they were given. */
async function ingestViaServe(serve: ServeFile, positionals: string[], o: Omit<IngestRequest, 'paths'>): Promise<IngestReport> {
  if (positionals.includes('-'))
    throw new StoreUnavailableError(
      `the store is held by serve (PID ${serve.pid}), and stdin (-) cannot be passed to it: stop serve, or ingest files`,
      'locked',
    );
  sayViaServe(serve);
  const request: IngestRequest = { ...o, paths: positionals.map((p) => resolve(p)), rulesFiles: o.rulesFiles?.map((f) => resolve(f)) };
  return (await (await callServe(serve, '/internal/ingest', request)).json()) as IngestReport;
}

/** What the store acknowledged before it went away. */
interface Committed {
  events: number;
  files: number;
  filesTotal: number;
}

/** What is stored stays stored: the give-up says how much, and that a re-run goes on from there. */
function gaveUp(e: StoreUnavailableError, c: Committed): StoreUnavailableError {
  const files = `${c.files}${c.filesTotal ? ` of ${c.filesTotal}` : ''} file(s) finished`;
  return new StoreUnavailableError(
    `${e.message}; stored before that: ${files}, ${c.events} event(s) acknowledged; ingest again once it is back`,
    e.reason,
  );
}

export function renderReport(r: IngestReport): string {
  const out: string[] = [];
  const secs = r.durationMs / 1000;
  out.push(
    `ingested ${r.files.ingested} file(s), ${r.files.unchanged} unchanged, ${Object.values(r.files.skipped).reduce((a, b) => a + (b ?? 0), 0)} skipped` +
      ` — ${formatBytes(r.bytes)}, ${r.lines} lines, ${r.records} records in ${secs.toFixed(2)} s` +
      (secs > 0 ? ` (${(r.bytes / 1048576 / secs).toFixed(0)} MiB/s)` : ''),
  );
  out.push(
    `store: ${r.store}   rules: ${r.rules}   time zone: ${
      Object.entries(r.timeZones)
        .map(([c, z]) => `${c}=${z}`)
        .join(', ') || '-'
    }`,
  );
  const kinds = Object.entries(r.events.byKind).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  out.push(`events: ${r.events.total}` + (kinds.length ? `  (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''));
  const issues = Object.entries(r.lineIssues);
  if (issues.length) out.push(`line issues: ${issues.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (r.skippedFiles.length) {
    out.push(
      `skipped files: ${Object.entries(r.files.skipped)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    for (const s of r.skippedFiles.filter((f) => f.reason !== 'unchanged').slice(0, 20))
      out.push(`  ${s.reason.padEnd(14)} ${s.source}${s.detail ? ` (${s.detail})` : ''}`);
    if (r.skippedFiles.length > 20) out.push(`  … ${r.skippedFiles.length - 20} more (use --json for all)`);
  }
  if (r.yearAssumed.length)
    out.push(
      `year assumed from the file's mtime (no header, dated name, full date inside or dated sibling) for ${r.yearAssumed.length} file(s) (use --year): ${r.yearAssumed.slice(0, 5).join(', ')}`,
    );
  if (r.nodeGuessed.length)
    out.push(
      `node not found in the bundle layout for ${r.nodeGuessed.length} file(s) (use --node): ${r.nodeGuessed.slice(0, 5).join(', ')}`,
    );
  const from = Object.entries(r.nodeFrom).filter(([k]) => k !== 'layout');
  if (from.length) out.push(`node names from: ${from.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const n of r.notices) out.push(`notice: ${n}`);
  for (const e of r.errors) out.push(`error: ${e.source}: ${e.message}`);
  return out.join('\n') + '\n';
}

/** One line per file read: what became of it, and where its year and node came from. */
export function renderCoverage(sources: readonly SourceCoverage[]): string {
  if (sources.length === 0) return '';
  const rows = sources.map((c) => [
    c.source,
    c.format,
    String(c.records),
    String(c.events),
    `${(c.unmatchedShare * 100).toFixed(1)}%`,
    `${c.year ?? '-'} (${c.yearFrom ?? '-'})`,
    `${c.node} (${c.nodeFrom})`,
  ]);
  const head = ['file', 'format', 'records', 'events', 'unmatched', 'year (from)', 'node (from)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  return ['files:', fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}
