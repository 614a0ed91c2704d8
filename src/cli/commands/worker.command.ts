/** `zbs-timeline worker --watch DIR...`: follow live log directories into the store. */
import { statSync } from 'node:fs';
import { jsonLog } from '../../api/http-server.js';
import { loadRules, RuleFileError } from '../../rules/rule-set.js';
import { openStore, parseStoreUrl } from '../../store/store-factory.js';
import { assertTimeZone } from '../../time/zone.js';
import { keyPrefixes, LogWorker } from '../../worker/log-worker.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { parseStoreTimeout } from '../store-timeout.js';
import type { StoreWait } from '../../store/store-unavailable.js';

export interface WorkerOptions {
  watch?: string[];
  tz?: string;
  store: string;
  interval: string;
  metricsPort?: string;
  metricsHost: string;
  cluster?: string;
  node?: string;
  rules?: string[];
  jobs: string;
  storeTimeout?: string;
}

export async function workerCommand(values: WorkerOptions): Promise<number> {
  const dirs = values.watch ?? [];
  if (!dirs.length) throw new UsageError('worker needs at least one --watch DIR');
  checkWatchDirs(dirs);
  if (values.tz) assertTimeZone(values.tz);
  const intervalMs = parseIntervalMs(values.interval);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError(`--jobs must be a whole number, got "${values.jobs}"`);
  const storeCfg = parseStoreUrl(values.store);
  const storeRetry = { timeoutMs: parseStoreTimeout(values.storeTimeout), onWait: logStoreWait() };
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
    overrides: { cluster: values.cluster, node: values.node },
    rulesFiles: values.rules ?? [],
    jobs,
    log: jsonLog,
  });
  let metricsServer: Awaited<ReturnType<typeof worker.metrics.serve>> | null = null;
  if (values.metricsPort !== undefined) {
    const port = Number(values.metricsPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--metrics-port must be 0-65535, got "${values.metricsPort}"`);
    metricsServer = await worker.metrics.serve(port, values.metricsHost);
    const addr = metricsServer.address();
    jsonLog('info', 'metrics', { url: `http://${values.metricsHost}:${typeof addr === 'object' && addr ? addr.port : port}/metrics` });
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
