/** The `zbs-timeline` command line: subcommand dispatch and exit codes. */
import { EXIT_STORE, EXIT_USAGE, UsageError } from './usage-error.js';
import { StoreConfigError } from '../store/store-url.js';
import { StoreUnavailableError } from '../store/store-unavailable.js';
import { TimeZoneError } from '../time/zone.js';

type Command = { run: (argv: string[]) => Promise<number>; usage: string };
/**
 * Each command's module is loaded only when that command runs: the API's modules
 * (Apollo, type-graphql) cost `ingest` most of a second of start-up otherwise.
 */
type CommandEntry = { load: () => Promise<Command>; summary: string };

const COMMANDS: Record<string, CommandEntry> = {
  ingest: { load: async () => { const m = await import('./commands/ingest.command.js'); return { run: m.ingestCommand, usage: m.INGEST_USAGE }; }, summary: 'read bundles, files, archives or stdin into the store' },
  events: { load: async () => { const m = await import('./commands/events.command.js'); return { run: m.eventsCommand, usage: m.EVENTS_USAGE }; }, summary: 'print stored events (JSON lines or a table)' },
  query: { load: async () => { const m = await import('./commands/query.command.js'); return { run: m.queryCommand, usage: m.QUERY_USAGE }; }, summary: 'run a GraphQL query in-process and print the JSON result' },
  serve: { load: async () => { const m = await import('./commands/serve.command.js'); return { run: m.serveCommand, usage: m.SERVE_USAGE }; }, summary: 'serve the GraphQL API and the playground over HTTP' },
  worker: { load: async () => { const m = await import('./commands/worker.command.js'); return { run: m.workerCommand, usage: m.WORKER_USAGE }; }, summary: 'follow live log directories into the store (rotation, crash-safe)' },
  check: { load: async () => { const m = await import('./commands/check.command.js'); return { run: m.checkCommand, usage: m.CHECK_USAGE }; }, summary: 'CI gate: assert that logs show no outage patterns (exit 0/1/2, JUnit)' },
  report: { load: async () => { const m = await import('./commands/report.command.js'); return { run: m.reportCommand, usage: m.REPORT_USAGE }; }, summary: 'write the timeline of an incident as one self-contained HTML file' },
  simulate: { load: async () => { const m = await import('./commands/simulate.command.js'); return { run: m.simulateCommand, usage: m.SIMULATE_USAGE }; }, summary: 'write a simulated cluster bundle with its ground truth' },
  score: { load: async () => { const m = await import('./commands/simulate.command.js'); return { run: m.scoreCommand, usage: m.SCORE_USAGE }; }, summary: 'simulate, ingest, derive, and score the answers against the truth' },
};

export function registerCommand(name: string, c: Command & { summary: string }): void {
  COMMANDS[name] = { load: async () => c, summary: c.summary };
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
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`zbs-timeline: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  const cmd = await entry.load();
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
    if (e instanceof StoreUnavailableError) {
      // An outage, not a bug: one line, no stack trace.
      process.stderr.write(`zbs-timeline ${name}: ${err.message}\n`);
      return EXIT_STORE;
    }
    throw e;
  }
}
