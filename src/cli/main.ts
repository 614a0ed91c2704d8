/** The `zbs-timeline` command line: commands, help, and the exit-code table. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitCodeHelp, ExitCode } from './exit-codes.js';
import { defineCommand, type CliCommand } from './cli-command.js';
import { describeError } from './error-exit.js';
import { checkCli } from './commands/check.args.js';
import { eventsCli } from './commands/events.args.js';
import { ingestCli } from './commands/ingest.args.js';
import { reportCli } from './commands/report.args.js';
import { queryCli } from './commands/query.args.js';
import { serveCli } from './commands/serve.args.js';
import { scoreCli, simulateCli } from './commands/simulate.args.js';
import { workerCli } from './commands/worker.args.js';

/**
 * Each command's module is loaded only when that command runs: the API's modules
 * (Apollo, type-graphql) cost `ingest` most of a second of start-up otherwise.
 */
const COMMANDS: CliCommand[] = [ingestCli, eventsCli, queryCli, serveCli, workerCli, checkCli, reportCli, simulateCli, scoreCli];

/** A command that parses its own arguments (`run(argv)`), e.g. one added by a plug-in or a test. */
export function registerCommand(name: string, c: { run: (argv: string[]) => Promise<number>; usage: string; summary: string }): void {
  COMMANDS.push(
    defineCommand(
      name,
      c.summary,
      (cmd) => cmd.allowUnknownOption().allowExcessArguments().helpOption(false).addHelpText('after', c.usage),
      (argv) => c.run(argv),
    ),
  );
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function program(done: (code: number) => void): Command {
  const p = new Command('zbs-timeline')
    .description('zbs-timeline — which ZBS nodes went down, when, and why')
    .version(version(), '-V, --version')
    .option('--debug', 'print the stack trace of an internal error')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (str, write) => write(`zbs-timeline: ${str.replace(/^error: /, '')}`) })
    .addHelpText('after', `\n${exitCodeHelp()}`);
  for (const c of COMMANDS) c.attach(p, done);
  return p;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.Ok;
  let command: string | undefined;
  const p = program((c) => (code = c));
  p.hook('preAction', (_self, action) => void (command = action.name()));
  try {
    await p.parseAsync(argv, { from: 'user' });
    await logsWritten();
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help asked for, or shown because no command was given (a usage error).
      if (e.code === 'commander.help' && e.exitCode !== 0) return ExitCode.Usage;
      return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const debug = p.opts<{ debug?: boolean }>().debug === true;
    const d = await describeError(e);
    await logsWritten(); // the command's log lines first, then its error
    const internal = d.code === ExitCode.Internal;
    const more = !debug ? (internal ? ' (run with --debug for the stack trace)' : '') : e instanceof Error && e.stack ? `\n${e.stack}` : '';
    process.stderr.write(`zbs-timeline${command ? ` ${command}` : ''}: ${d.message}${more}\n`);
    return d.code;
  }
}

/** The JSON log's lines written out before the process exits (loaded here only: most commands log none). */
async function logsWritten(): Promise<void> {
  await (await import('../api/http/json-log.js')).logsWritten();
}
