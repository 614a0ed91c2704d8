/** The `zbs-timeline` command line: subcommand dispatch and exit codes. */
import 'reflect-metadata';
import { eventsCommand, EVENTS_USAGE } from './commands/events.command.js';
import { ingestCommand, INGEST_USAGE } from './commands/ingest.command.js';
import { queryCommand, QUERY_USAGE } from './commands/query.command.js';
import { checkCommand, CHECK_USAGE } from './commands/check.command.js';
import { scoreCommand, SCORE_USAGE, simulateCommand, SIMULATE_USAGE } from './commands/simulate.command.js';
import { serveCommand, SERVE_USAGE } from './commands/serve.command.js';
import { workerCommand, WORKER_USAGE } from './commands/worker.command.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';
import { StoreConfigError } from '../store/store-factory.js';
import { TimeZoneError } from '../time/zone.js';

type Command = { run: (argv: string[]) => Promise<number>; usage: string; summary: string };

const COMMANDS: Record<string, Command> = {
  ingest: { run: ingestCommand, usage: INGEST_USAGE, summary: 'read bundles, files, archives or stdin into the store' },
  events: { run: eventsCommand, usage: EVENTS_USAGE, summary: 'print stored events (JSON lines or a table)' },
  query: { run: queryCommand, usage: QUERY_USAGE, summary: 'run a GraphQL query in-process and print the JSON result' },
  serve: { run: serveCommand, usage: SERVE_USAGE, summary: 'serve the GraphQL API and the playground over HTTP' },
  worker: { run: workerCommand, usage: WORKER_USAGE, summary: 'follow live log directories into the store (rotation, crash-safe)' },
  check: { run: checkCommand, usage: CHECK_USAGE, summary: 'CI gate: assert that logs show no outage patterns (exit 0/1/2, JUnit)' },
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE, summary: 'write a simulated cluster bundle with its ground truth' },
  score: { run: scoreCommand, usage: SCORE_USAGE, summary: 'simulate, ingest, derive, and score the answers against the truth' },
};

export function registerCommand(name: string, c: Command): void {
  COMMANDS[name] = c;
}

function help(): string {
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `zbs-timeline — which ZBS nodes went down, when, and why\n\nusage: zbs-timeline <command> [options]\n\n${rows.join('\n')}\n\nRun zbs-timeline <command> --help for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : EXIT_USAGE;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`zbs-timeline: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || e instanceof StoreConfigError || e instanceof TimeZoneError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`zbs-timeline ${name}: ${err.message}\n${cmd.usage}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
