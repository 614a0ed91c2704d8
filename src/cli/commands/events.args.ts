/** `zbs-timeline events`: its options; the work is in events.command.ts, loaded when it runs. */
import { Option } from 'commander';
import { collect, defineCommand, storeOption } from '../cli-command.js';
import type { EventsOptions } from './events.command.js';

export const eventsCli = defineCommand<EventsOptions>(
  'events',
  'print stored events (JSON lines or a table)',
  (cmd) =>
    cmd
      .addOption(storeOption())
      .option('--from <time>', "ISO-8601; without an offset, the cluster's local time (UTC when its zone is unknown)")
      .option('--to <time>', 'ISO-8601, as --from; the window is [from, to)')
      .option('--cluster <name>', 'only this cluster')
      .option('--node <name>', 'only this node: any known name (storage or management address, host name)')
      .option('--kind <kind>', 'only this event kind, e.g. peer.link_down (repeatable)', collect)
      .option('--limit <n>', 'at most N events')
      .addOption(
        new Option('--format <format>', 'JSON lines, or a table with UTC and local times').choices(['jsonl', 'table']).default('jsonl'),
      )
      .addHelpText(
        'after',
        '\nOutput times are UTC with microseconds. Unknown clusters, nodes and kinds and an inverted window are refused (exit 2).',
      ),
  async (_operands, o) => (await import('./events.command.js')).eventsCommand(o),
);
