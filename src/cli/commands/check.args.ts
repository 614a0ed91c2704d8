/** `zbs-timeline check`: its options; the work is in check.command.ts, loaded when it runs. */
import { Option } from 'commander';
import { collect, defineCommand, tzOption } from '../cli-command.js';
import { storeTimeoutOption } from '../store-timeout.js';
import type { CheckOptions } from './check.command.js';

export const checkCli = defineCommand<CheckOptions>(
  'check',
  'CI gate: assert that logs show no outage patterns (exit 0/1/2, JUnit)',
  (cmd) =>
    cmd
      .description(
        'Ingests the logs into a temporary embedded store (or reads an existing one with --store and no path),\n' +
          'then evaluates assertions: the --assert file (YAML or JSON), or the defaults: no node outage, no service\n' +
          'crash, no service restart, no peer link down longer than 30 s or more than once, no ZooKeeper election,\n' +
          'no meta leader change. The cluster starting (first instances, first leaders) is not a change.\n' +
          'A file that looks like a log in no format read here fails the check (exit 2) unless --allow-unrecognised.',
      )
      .argument('[path...]', 'bundles, log files or archives to check')
      .addOption(tzOption())
      .option('--from <time>', 'ISO-8601 start of the window (default: the first record)')
      .option('--to <time>', 'ISO-8601 end of the window (default: just after the last record)')
      .option('--assert <file>', 'assertions file (YAML or JSON) instead of the defaults')
      .option('--rules <file>', 'extra event rule file, as for ingest (repeatable)', collect)
      .addOption(new Option('--event-rules <file>', 'old name of --rules').argParser(collect).hideHelp())
      .option('--junit <file>', 'also write a JUnit XML report here')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
      .option(
        '--path-prefix <dir>',
        "with --format github: prefix of the log paths in annotations (default: the bundle's path relative to the current folder)",
      )
      .option('--store <url>', 'read this store instead of ingesting paths')
      .option('--cluster <name>', 'only this cluster')
      .option('--quiet', 'no ingest report')
      .option('--allow-unrecognised', 'check the rest when some files are in no known format')
      .option('--html <file>', 'also write the timeline report here (as `report`: the --from/--to window, else the last incident)')
      .addOption(storeTimeoutOption())
      .addHelpText(
        'after',
        '\nexit: 0 all assertions hold, 1 an assertion is violated, 2 usage error, unreadable or unrecognised input,\n      3 store unavailable',
      ),
  async (paths, o) => (await import('./check.command.js')).checkCommand(paths, o),
);
