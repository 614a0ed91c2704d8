/** `zbs-timeline simulate` and `score`: their options; the work is in simulate.command.ts, loaded when they run. */
import type { Command } from 'commander';
import { FAULT_KINDS } from '../../simulate/simulate.js';
import { defineCommand, tzOption } from '../cli-command.js';
import type { SimulateOptions, ScoreOptions } from './simulate.command.js';

const FAULTS_HELP = `random (each fault kind once, in random order), none, or a comma-separated list of: ${FAULT_KINDS.join(', ')}`;

function simulation(cmd: Command, tz: string): Command {
  return cmd
    .option('--nodes <n>', 'nodes in the cluster (default 4)')
    .option('--hours <h>', 'hours of logs (default 2)')
    .addOption(tzOption(`zone of the logs' local times (default ${tz})`))
    .option('--size-mb <mb>', 'approximate bundle size (default 4)')
    .option('--faults <spec>', FAULTS_HELP)
    .option('--json', 'print JSON');
}

export const simulateCli = defineCommand<SimulateOptions>(
  'simulate',
  'write a simulated cluster bundle with its ground truth',
  (cmd) =>
    simulation(
      cmd.description("Writes DIR/bundle/ (laid out like a real bundle, lines in the zone's local time) and DIR/truth.json (UTC)."),
      'UTC',
    )
      .option('--out <dir>', 'output folder (required; refused when it holds files, unless --force)')
      .option('--seed <n>', 'random seed (required)')
      .option('--force', 'write into a folder that holds files: its bundle/ and truth.json are replaced'),
  async (_operands, o) => (await import('./simulate.command.js')).simulateCommand(o),
);

export const scoreCli = defineCommand<ScoreOptions>(
  'score',
  'simulate, ingest, derive, and score the answers against the truth',
  (cmd) =>
    simulation(
      cmd.description(
        'For each seed: simulate, ingest, derive, compare with the truth. Prints precision, recall and F1 per answer,\nand the error of interval ends (a match is the same entity with both ends within 2 s).',
      ),
      'Asia/Shanghai',
    )
      .option('--seeds <n>', 'how many seeds', '20')
      .option('--first-seed <n>', 'the first seed', '1'),
  async (_operands, o) => (await import('./simulate.command.js')).scoreCommand(o),
);
