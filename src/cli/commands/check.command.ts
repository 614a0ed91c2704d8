/**
 * `zbs-timeline check <path...>`: the CI gate. Ingests into a temporary embedded store
 * (or reads one with --store), evaluates assertions, prints a verdict.
 * Exit: 0 all hold, 1 an assertion is violated, 2 usage error or unreadable input, 3 store server unreachable.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { checkStore } from '../../check/check-store.js';
import { formatGithub, formatJson, formatText } from '../../check/check-format.js';
import { CheckRulesError, isAssertionFile, loadCheckRules } from '../../check/check-rules.js';
import { toJUnit } from '../../check/junit.js';
import { ingest } from '../../ingest/ingest.js';
import { RuleFileError } from '../../rules/rule-set.js';
import { openStore } from '../../store/store-factory.js';
import { assertTimeZone, parseIsoToUs } from '../../time/zone.js';
import { renderReport, unrecognisedWarnings } from './ingest.command.js';
import { writeTimelineReport } from './report.command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../usage-error.js';
import { ProgressLine } from '../progress.js';
import { parseStoreTimeout } from '../store-timeout.js';

export interface CheckOptions {
  tz?: string;
  from?: string;
  to?: string;
  assert?: string;
  rules?: string[];
  eventRules?: string[];
  junit?: string;
  format: 'text' | 'json' | 'github';
  pathPrefix?: string;
  store?: string;
  cluster?: string;
  quiet?: boolean;
  allowUnrecognised?: boolean;
  storeTimeout?: string;
  html?: string;
}

/** Options checked before anything is opened: times, assertion and rule files, the JUnit folder. */
function checkInputs(positionals: string[], values: CheckOptions) {
  if (positionals.length === 0 && !values.store) throw new UsageError('check needs log paths, or --store URL to read an existing store');
  if (values.tz) assertTimeZone(values.tz);
  const time = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const us = parseIsoToUs(v);
    if (!Number.isFinite(us)) throw new UsageError(`--${name}: "${v}" is not an ISO-8601 time`);
    return us;
  };
  const { assertFile, eventRules } = ruleFiles(values);
  let assertions;
  try {
    assertions = loadCheckRules(assertFile);
  } catch (e) {
    if (e instanceof CheckRulesError) throw new UsageError(e.message);
    throw e;
  }
  if (values.junit && !existsSync(dirname(resolve(values.junit))))
    throw new UsageError(`--junit ${values.junit}: folder ${dirname(values.junit)} does not exist`);
  return {
    fromUs: time('from', values.from),
    toUs: time('to', values.to),
    assertions,
    eventRules,
    storeTimeoutMs: parseStoreTimeout(values.storeTimeout),
  };
}

export async function checkCommand(positionals: string[], values: CheckOptions): Promise<number> {
  const { fromUs, toUs, assertions, eventRules, storeTimeoutMs } = checkInputs(positionals, values);
  const tmp = values.store ? null : mkdtempSync(join(tmpdir(), 'zbs-check-'));
  const wait = new ProgressLine();
  const store = await openStore(values.store ?? `duckdb:${join(tmp!, 'check.duckdb')}`, {
    access: values.store && !positionals.length ? 'read' : 'write',
    storeRetry: { timeoutMs: storeTimeoutMs, onWait: (w) => wait.storeWait(w) },
  });
  try {
    if (positionals.length) {
      const exit = await ingestForCheck(store, positionals, values, eventRules, wait);
      if (exit !== null) return exit;
    }
    const result = await checkStore(store, assertions, { fromUs, toUs, cluster: values.cluster });
    if (!result) {
      process.stderr.write('zbs-timeline check: the store holds no logs' + (values.cluster ? ` for cluster ${values.cluster}` : '') + '\n');
      return EXIT_USAGE;
    }
    if (values.junit) writeFileSync(values.junit, toJUnit(result));
    if (values.html) await writeTimelineReport(store, { cluster: values.cluster, from: values.from, to: values.to }, values.html);
    const out =
      values.format === 'json'
        ? formatJson(result)
        : values.format === 'github'
          ? formatGithub(result, annotationPath(positionals, values.pathPrefix))
          : formatText(result);
    process.stdout.write(out);
    return result.verdict === 'pass' ? EXIT_OK : EXIT_FAILED;
  } finally {
    wait.done();
    await store.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * `--rules` names event rules, as in `ingest`; assertions come with `--assert`. An
 * assertion file given to `--rules` (its old meaning) still works, with a warning.
 */
function ruleFiles(values: CheckOptions): { assertFile: string | undefined; eventRules: string[] } {
  let assertFile = values.assert;
  const eventRules = [...(values.eventRules ?? [])];
  for (const f of values.rules ?? []) {
    if (assertFile === undefined && isAssertionFile(f)) {
      process.stderr.write(
        `zbs-timeline check: warning: --rules ${f} is an assertions file; use --assert ${f} (--rules now means event rules, as in ingest)\n`,
      );
      assertFile = f;
    } else eventRules.push(f);
  }
  return { assertFile, eventRules };
}

/**
 * A log's path in annotations, for GitHub to link it: relative to the workspace (the
 * current folder), i.e. the checked bundle's own path before the path inside it.
 */
function annotationPath(paths: readonly string[], prefix: string | undefined): (source: string) => string {
  const roots = paths.filter((p) => p !== '-').map((p) => (statSync(p).isDirectory() ? p : dirname(p)));
  const base = prefix ?? (roots.length === 1 ? relative(process.cwd(), roots[0]!) : undefined);
  if (base === undefined) return (source) => source;
  return (source) => posix.join(base.split(sep).join(posix.sep), source);
}

/** Ingests the logs to check; an exit code when they cannot be checked, else null. */
async function ingestForCheck(
  store: Awaited<ReturnType<typeof openStore>>,
  positionals: string[],
  values: CheckOptions,
  eventRules: string[],
  wait: ProgressLine,
): Promise<number | null> {
  let report;
  try {
    report = await ingest({
      paths: positionals,
      store,
      tz: values.tz,
      overrides: { cluster: values.cluster },
      rulesFiles: eventRules,
      onProgress: (p) => wait.update(p.bytesDone, p.bytesTotal, `${p.filesDone}/${p.filesTotal} files, ${p.events} events`),
    });
  } catch (e) {
    if (e instanceof RuleFileError) throw new UsageError(e.message);
    throw e;
  }
  for (const m of report.missingInputs) process.stderr.write(`zbs-timeline check: cannot read ${m.path}: ${m.detail}\n`);
  if (report.missingInputs.length) return EXIT_USAGE;
  const unrecognised = unrecognisedWarnings(report);
  for (const w of unrecognised) process.stderr.write(`zbs-timeline check: ${w}\n`);
  if (unrecognised.length && !values.allowUnrecognised) {
    process.stderr.write(
      `zbs-timeline check: ${unrecognised.length} file(s) not read (use --allow-unrecognised to check the rest anyway)\n`,
    );
    return EXIT_USAGE;
  }
  if (report.files.ingested + report.files.unchanged === 0) {
    // One line, as for every input error; the skip reasons say why.
    const why = Object.entries(report.files.skipped)
      .filter(([, n]) => n)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    process.stderr.write(
      `zbs-timeline check: no log file could be read from ${positionals.join(', ')}${why ? ` (skipped: ${why})` : ''}\n`,
    );
    return EXIT_USAGE;
  }
  wait.done();
  if (!values.quiet && values.format === 'text') process.stderr.write(renderReport(report));
  return null;
}
