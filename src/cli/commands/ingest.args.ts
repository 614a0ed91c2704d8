/** `zbs-timeline ingest`: its options; the work is in ingest.command.ts, loaded when it runs. */
import { collect, defineCommand, storeOption, tzOption } from '../cli-command.js';
import { storeTimeoutOption } from '../store-timeout.js';
import type { IngestOptions } from './ingest.command.js';

export const ingestCli = defineCommand<IngestOptions>(
  'ingest',
  'read bundles, files, archives or stdin into the store',
  (cmd) =>
    cmd
      .argument('<path...>', 'a bundle directory, a log file, a .gz file, a .tar/.tar.gz/.tgz archive, or - for stdin')
      .addOption(
        tzOption(
          "IANA zone or fixed offset (+08:00) of the logs' local times (default: the cluster's remembered zone, else UTC); ambiguous abbreviations (CST, IST, BST) are refused",
        ),
      )
      .option('--rezone', 'with --tz: a cluster stored in another zone has its files given here read again in it')
      .addOption(storeOption())
      .option('--cluster <name>', 'cluster name (default: the cluster uuid from the bundle layout, else "default")')
      .option('--node <name>', 'node name for every file (default: the storage-address folder of the bundle)')
      .option('--service <name>', 'service name for every file (default: from the file name)')
      .option(
        '--year <yyyy>',
        "year of the first record of glog files whose lines carry none (default: the header, the dated file name, a full date inside, a sibling file's year, else the mtime's)",
      )
      .option('--rules <file>', 'extra event rule file, merged over the default rule set (repeatable)', collect)
      .option('--jobs <n>', 'scan worker threads (default: one per core, at most 2: each adds ~60 MiB RSS)')
      .option('--files', 'list every file read: format, records, events, unmatched lines, year and node, each with where it came from')
      .option('--json', 'print the report as JSON (always with the per-file list)')
      .addOption(storeTimeoutOption())
      .addHelpText(
        'after',
        '\nexit: 0 ingested, 2 usage error or unreadable input, 3 store unavailable (what was stored stays;\n      ingest again once it is back: finished files are skipped, the others read again)',
      ),
  async (paths, o) => (await import('./ingest.command.js')).ingestCommand(paths, o),
);
