/**
 * `zbs-timeline report`: the /timeline page as one self-contained HTML file (data,
 * script and chart library inlined) that opens from disk with no server or network.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTimelineReport, ReportError, type ReportOptions } from '../../api/timeline/timeline-report.js';
import { ingest } from '../../ingest/ingest.js';
import type { EventStore } from '../../store/event-store.js';
import { openStore } from '../../store/store-factory.js';
import { assertTimeZone, parseIsoToUs } from '../../time/zone.js';
import { formatBytes } from '../progress.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../usage-error.js';
import { renderReport, unrecognisedWarnings } from './ingest.command.js';

export interface ReportCliOptions {
  out?: string;
  store?: string;
  tz?: string;
  from?: string;
  to?: string;
  cluster?: string;
  quiet?: boolean;
}

export async function reportCommand(positionals: string[], values: ReportCliOptions): Promise<number> {
  if (!values.out) throw new UsageError('--out FILE.html is required');
  if (positionals.length === 0 && !values.store) throw new UsageError('report needs log paths, or --store URL to read an existing store');
  if (positionals.length > 0 && values.store) throw new UsageError('give log paths or --store, not both');
  if (values.tz) assertTimeZone(values.tz);
  for (const name of ['from', 'to'] as const) {
    const v = values[name];
    if (v !== undefined && !Number.isFinite(parseIsoToUs(v))) throw new UsageError(`--${name}: "${v}" is not an ISO-8601 time`);
  }
  const tmp = values.store ? null : mkdtempSync(join(tmpdir(), 'zbs-report-'));
  const store = await openStore(values.store ?? `duckdb:${join(tmp!, 'report.duckdb')}`, { access: values.store ? 'read' : 'write' });
  try {
    if (positionals.length) {
      const r = await ingest({ paths: positionals, store, tz: values.tz, overrides: { cluster: values.cluster } });
      for (const m of r.missingInputs) process.stderr.write(`zbs-timeline report: cannot read ${m.path}: ${m.detail}\n`);
      for (const w of unrecognisedWarnings(r)) process.stderr.write(`zbs-timeline report: ${w}\n`);
      if (r.missingInputs.length) return EXIT_USAGE;
      if (r.files.ingested + r.files.unchanged === 0) throw new UsageError(`no log file could be read from ${positionals.join(', ')}`);
      if (!values.quiet) process.stderr.write(renderReport(r));
    }
    await writeTimelineReport(store, values, values.out);
    return EXIT_OK;
  } finally {
    await store.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Writes the report file (also `check --html`); a report the store cannot give is a usage error. */
export async function writeTimelineReport(store: EventStore, opts: ReportOptions, out: string): Promise<void> {
  let report;
  try {
    report = await renderTimelineReport(store, opts);
  } catch (e) {
    if (e instanceof ReportError) throw new UsageError(e.message);
    throw e;
  }
  writeFileSync(out, report.html);
  const v = report.variables;
  process.stderr.write(`wrote ${out} (${formatBytes(Buffer.byteLength(report.html))}): cluster ${v.cluster}, ${v.from} to ${v.to}\n`);
}
