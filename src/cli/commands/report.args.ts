/** `zbs-timeline report`: its options; the work is in report.command.ts, loaded when it runs. */
import { defineCommand, tzOption } from '../cli-command.js';
import type { ReportCliOptions } from './report.command.js';

export const reportCli = defineCommand<ReportCliOptions>(
  'report',
  'write the timeline of an incident as one self-contained HTML file',
  (cmd) =>
    cmd
      .description(
        'Writes the timeline of one cluster (lanes per node, link matrix, leadership, incidents, their log lines)\n' +
          'as one HTML file that opens from disk with no server and no network.\n' +
          'Reads the logs into a temporary embedded store, or an existing store with --store and no path.',
      )
      .argument('[path...]', 'bundles, log files or archives to read')
      .option('--out <file>', 'the HTML file to write (required)')
      .option('--store <url>', 'read this store instead of ingesting paths')
      .addOption(tzOption())
      .option('--from <time>', 'ISO-8601 start of the window (default: an hour before the last incident)')
      .option('--to <time>', 'ISO-8601 end of the window (default: half an hour after the last incident)')
      .option('--cluster <name>', 'only this cluster')
      .option('--quiet', 'no ingest report')
      .addHelpText('after', '\nexit: 0 written, 2 usage error, unreadable input, or nothing to show, 3 store unavailable'),
  async (paths, o) => (await import('./report.command.js')).reportCommand(paths, o),
);
