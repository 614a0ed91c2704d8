/** `zbs-timeline worker`: its options; the work is in worker.command.ts, loaded when it runs. */
import { collect, defineCommand, storeOption, tzOption } from '../cli-command.js';
import { storeTimeoutOption } from '../store-timeout.js';
import type { WorkerOptions } from './worker.command.js';

export const workerCli = defineCommand<WorkerOptions>(
  'worker',
  'follow live log directories into the store (rotation, crash-safe)',
  (cmd) =>
    cmd
      .description(
        'Follows live log directories: new files, growing files, rotation (rename, copy-truncate, later gzip), lines written in two parts.\n' +
          'Checkpoints live in the catalog: after a crash it resumes where the store stopped, with no event lost or doubled.\n' +
          'When the store is unreachable it retries with backoff and catches up.',
      )
      .option('--watch <dir>', 'a directory to follow (recursively), laid out like a bundle (repeatable)', collect)
      .addOption(tzOption("IANA zone of the logs' local times (default: the cluster's remembered zone, else UTC)"))
      .addOption(storeOption())
      .option('--interval <ms>', 'poll interval in ms', '1000')
      .option('--metrics-port <n>', 'serve Prometheus metrics at http://HOST:N/metrics')
      .option('--metrics-host <address>', 'address for the metrics', '127.0.0.1')
      .option('--cluster <name>', 'cluster name (default: the cluster uuid from the layout, else "default")')
      .option('--node <name>', 'node name for every file (a node that ships only its own logs)')
      .option('--rules <file>', 'extra event rule file, merged over the default rule set (repeatable)', collect)
      .option('--jobs <n>', 'scan worker threads per poll (a live directory grows slowly)', '1')
      .addOption(storeTimeoutOption('failing the poll; the worker then retries the poll with backoff'))
      .addHelpText(
        'after',
        '\nOne --watch keys files by their path inside it, as `ingest DIR` does (they share checkpoints);\nseveral are told apart by their paths below their common parent.\nLogs are JSON lines on stderr. SIGTERM or SIGINT: finish the poll in progress, exit 0.',
      ),
  async (_operands, o) => (await import('./worker.command.js')).workerCommand(o),
);
