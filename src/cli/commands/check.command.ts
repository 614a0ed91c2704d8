/**
 * `zbs-timeline check <path...>`: the CI gate. Ingests into a temporary embedded store
 * (or reads one with --store), evaluates assertions, prints a verdict.
 * Exit: 0 all hold, 1 an assertion is violated, 2 usage error or unreadable input, 3 store server unreachable.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { aliasResolver, evaluate } from '../../check/check-evaluator.js';
import { formatGithub, formatJson, formatText } from '../../check/check-format.js';
import { CheckRulesError, loadCheckRules } from '../../check/check-rules.js';
import { toJUnit } from '../../check/junit.js';
import { analyzeWindow } from '../../derive/timeline-analysis.js';
import { ingest } from '../../ingest/ingest.js';
import { RuleFileError } from '../../rules/rule-set.js';
import { openStore } from '../../store/store-factory.js';
import { assertTimeZone, parseIsoToUs } from '../../time/zone.js';
import { renderReport, unrecognisedWarnings } from './ingest.command.js';
import { writeTimelineReport } from './report.command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../usage-error.js';
import { ProgressLine } from '../progress.js';
import { parseStoreTimeout, STORE_TIMEOUT_OPTION, storeTimeoutUsage } from '../store-timeout.js';

export const CHECK_USAGE = `usage: zbs-timeline check <path...> [--tz ZONE] [--from T] [--to T] [--rules FILE] [--junit FILE]
                          [--format text|json|github] [--store URL] [--cluster NAME] [--event-rules FILE]... [--quiet]
                          [--allow-unrecognised] [--store-timeout SECONDS] [--html FILE]
  Ingests the logs into a temporary embedded store (or reads an existing one with --store and no path),
  then evaluates assertions: the rules file (YAML or JSON), or the defaults: no node outage, no service crash,
  no service restart, no peer link down longer than 30 s, no ZooKeeper election, no meta leader change.
  A file that looks like a log in no format read here (unrecognised_log) fails the check (exit 2) unless
  --allow-unrecognised: a gate must not pass on logs it did not read.
  --html FILE also writes the timeline report (as \`report\`: the --from/--to window, else the last incident).
${storeTimeoutUsage()}
exit: 0 all assertions hold, 1 an assertion is violated, 2 usage error, unreadable or unrecognised input,
      3 store server (--store questdb:…) unreachable`;

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      tz: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      rules: { type: 'string' },
      junit: { type: 'string' },
      format: { type: 'string', default: 'text' },
      store: { type: 'string' },
      cluster: { type: 'string' },
      'event-rules': { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      'allow-unrecognised': { type: 'boolean', default: false },
      html: { type: 'string' },
      ...STORE_TIMEOUT_OPTION,
    },
  });
  if (!['text', 'json', 'github'].includes(values.format!)) throw new UsageError(`--format must be text, json or github`);
  if (positionals.length === 0 && !values.store) throw new UsageError('check needs log paths, or --store URL to read an existing store');
  if (values.tz) assertTimeZone(values.tz);
  const time = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const us = parseIsoToUs(v);
    if (!Number.isFinite(us)) throw new UsageError(`--${name}: "${v}" is not an ISO-8601 time`);
    return us;
  };
  const fromUs = time('from', values.from);
  const toUs = time('to', values.to);
  let assertions;
  try {
    assertions = loadCheckRules(values.rules);
  } catch (e) {
    if (e instanceof CheckRulesError) throw new UsageError(e.message);
    throw e;
  }

  const storeTimeoutMs = parseStoreTimeout(values['store-timeout']);

  const tmp = values.store ? null : mkdtempSync(join(tmpdir(), 'zbs-check-'));
  const wait = new ProgressLine();
  const store = await openStore(values.store ?? `duckdb:${join(tmp!, 'check.duckdb')}`, { storeRetry: { timeoutMs: storeTimeoutMs, onWait: (w) => wait.storeWait(w) } });
  try {
    if (positionals.length) {
      let report;
      try {
        report = await ingest({ paths: positionals, store, tz: values.tz, overrides: { cluster: values.cluster }, rulesFiles: values['event-rules'] ?? [] });
      } catch (e) {
        if (e instanceof RuleFileError) throw new UsageError(e.message);
        throw e;
      }
      for (const m of report.missingInputs) process.stderr.write(`zbs-timeline check: cannot read ${m.path}: ${m.detail}\n`);
      if (report.missingInputs.length) return EXIT_USAGE;
      const unrecognised = unrecognisedWarnings(report);
      for (const w of unrecognised) process.stderr.write(`zbs-timeline check: ${w}\n`);
      if (unrecognised.length && !values['allow-unrecognised']) {
        process.stderr.write(`zbs-timeline check: ${unrecognised.length} file(s) not read (use --allow-unrecognised to check the rest anyway)\n`);
        return EXIT_USAGE;
      }
      if (report.files.ingested + report.files.unchanged === 0) {
        process.stderr.write(`zbs-timeline check: no log file could be read from ${positionals.join(', ')}\n${renderReport(report)}`);
        return EXIT_USAGE;
      }
      if (!values.quiet && values.format === 'text') process.stderr.write(renderReport(report));
    }
    const sources = await store.listSources({ cluster: values.cluster });
    if (!sources.length) {
      process.stderr.write('zbs-timeline check: the store holds no logs' + (values.cluster ? ` for cluster ${values.cluster}` : '') + '\n');
      return EXIT_USAGE;
    }
    const firsts = sources.map((s) => s.firstTsUs).filter((x): x is number => x !== null);
    const lasts = sources.map((s) => s.lastTsUs ?? s.firstTsUs).filter((x): x is number => x !== null);
    const window = { fromUs: fromUs ?? Math.min(...firsts), toUs: toUs ?? Math.max(...lasts) + 1 };
    if (!(window.toUs > window.fromUs)) throw new UsageError('--from must be before --to');
    const analysis = await analyzeWindow(store, window, values.cluster);
    const result = evaluate(assertions, analysis, aliasResolver(sources));
    if (values.junit) writeFileSync(values.junit, toJUnit(result));
    if (values.html) await writeTimelineReport(store, { cluster: values.cluster, from: values.from, to: values.to }, values.html);
    const out = values.format === 'json' ? formatJson(result) : values.format === 'github' ? formatGithub(result) : formatText(result);
    process.stdout.write(out);
    return result.verdict === 'pass' ? EXIT_OK : EXIT_FAILED;
  } finally {
    wait.done();
    await store.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
