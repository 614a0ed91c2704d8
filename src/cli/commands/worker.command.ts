/** `zbs-timeline worker --watch DIR...`: follow live log directories into the store. */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jsonLog } from '../../api/http-server.js';
import { loadRules, RuleFileError } from '../../rules/rule-set.js';
import { openStore, parseStoreUrl, DEFAULT_STORE_URL } from '../../store/store-factory.js';
import { assertTimeZone } from '../../time/zone.js';
import { keyPrefixes, LogWorker } from '../../worker/log-worker.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { parseStoreTimeout, STORE_TIMEOUT_OPTION, storeTimeoutUsage } from '../store-timeout.js';
import type { StoreWait } from '../../store/store-unavailable.js';

export const WORKER_USAGE = `usage: zbs-timeline worker --watch DIR [--watch DIR]... [--tz ZONE] [--store URL]
                           [--interval MS] [--metrics-port N] [--metrics-host H] [--cluster NAME] [--rules FILE]... [--jobs N]
                           [--store-timeout SECONDS]
  Follows live log directories: new files, growing files, rotation (rename, copy-truncate,
  later gzip), lines written in two parts. Checkpoints live in the catalog: after a crash
  it resumes where the store stopped, with no event lost or doubled. When the store is
  unreachable it retries with backoff and catches up.
  --watch         a directory to follow (recursively), laid out like a bundle
  --tz            IANA zone of the logs' local times (default: the cluster's remembered zone, else UTC)
  --store         duckdb:FILE (default ${DEFAULT_STORE_URL}) or questdb:<client config>
  --interval      poll interval in ms (default 1000)
  --metrics-port  serve Prometheus metrics at http://HOST:N/metrics
  --metrics-host  address for the metrics (default 127.0.0.1)
  --jobs          scan worker threads per poll (default 1: a live directory grows slowly)
${storeTimeoutUsage('failing the poll; the worker then retries the poll with backoff')}
  One --watch keys files by their path inside it, as \`ingest DIR\` does (they share checkpoints);
  several are told apart by their paths below their common parent.
  Logs are JSON lines on stderr. SIGTERM or SIGINT: finish the poll in progress, exit 0.`;

export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      watch: { type: 'string', multiple: true },
      tz: { type: 'string' },
      store: { type: 'string', default: DEFAULT_STORE_URL },
      interval: { type: 'string', default: '1000' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string', default: '127.0.0.1' },
      cluster: { type: 'string' },
      rules: { type: 'string', multiple: true },
      jobs: { type: 'string', default: '1' },
      ...STORE_TIMEOUT_OPTION,
    },
  });
  const dirs = values.watch ?? [];
  if (!dirs.length) throw new UsageError('worker needs at least one --watch DIR');
  checkWatchDirs(dirs);
  if (values.tz) assertTimeZone(values.tz);
  const intervalMs = parseIntervalMs(values.interval);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number, got "${values.jobs}"`);
  const storeCfg = parseStoreUrl(values.store);
  const storeRetry = { timeoutMs: parseStoreTimeout(values['store-timeout']), onWait: logStoreWait() };
  try {
    loadRules(values.rules ?? []);
  } catch (e) {
    if (e instanceof RuleFileError) throw new UsageError(e.message);
    throw e;
  }

  const worker = new LogWorker({
    dirs,
    openStore: () => openStore(values.store, { storeRetry }),
    releaseStoreBetweenPolls: storeCfg.kind === 'duckdb',
    intervalMs,
    tz: values.tz,
    overrides: { cluster: values.cluster },
    rulesFiles: values.rules ?? [],
    jobs,
    log: jsonLog,
  });
  let metricsServer: Awaited<ReturnType<typeof worker.metrics.serve>> | null = null;
  if (values['metrics-port'] !== undefined) {
    const port = Number(values['metrics-port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--metrics-port must be 0-65535, got "${values['metrics-port']}"`);
    metricsServer = await worker.metrics.serve(port, values['metrics-host']);
    const addr = metricsServer.address();
    jsonLog('info', 'metrics', { url: `http://${values['metrics-host']}:${typeof addr === 'object' && addr ? addr.port : port}/metrics` });
  }
  const stop = new AbortController();
  const onSignal = (signal: string): void => {
    jsonLog('info', 'shutting down', { signal });
    stop.abort();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  jsonLog('info', 'following', { dirs, store: values.store.replace(/((?:password|token)=)[^;]*/g, '$1***'), intervalMs });
  await worker.run(stop.signal);
  await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
  jsonLog('info', 'stopped', { events: worker.metrics.eventsWritten, lines: worker.metrics.linesRead });
  return EXIT_OK;
}

/** Each --watch is a directory, and no two overlap (shared with `serve --watch`). */
export function checkWatchDirs(dirs: string[]): void {
  for (const d of dirs) {
    let isDir = false;
    try {
      isDir = statSync(d).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new UsageError(`--watch ${d}: not a directory`);
  }
  try {
    keyPrefixes(dirs);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function parseIntervalMs(value: string): number {
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 10) throw new UsageError(`--interval must be at least 10 (ms), got "${value}"`);
  return ms;
}

/** A store wait as two log lines, when it starts and when it ends (not one a second). */
function logStoreWait(): (w: StoreWait | null) => void {
  let waiting = false;
  return (w) => {
    if (Boolean(w) === waiting) return;
    waiting = Boolean(w);
    if (w) jsonLog('warn', 'store unreachable; retrying', { store: w.store, error: w.cause, timeoutMs: w.timeoutMs });
    else jsonLog('info', 'store reachable again');
  };
}
