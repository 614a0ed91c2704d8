/**
 * A command as the CLI declares it: its options and arguments (cheap: commander only)
 * and a `run` that loads its module when the command runs. Help is generated from the
 * declaration, so it cannot drift from what is parsed.
 */
import { Command, Option } from 'commander';
import { DEFAULT_STORE_URL } from '../store/store-url.js';

export type RunCommand<O> = (operands: string[], options: O) => Promise<number>;

export interface CliCommand {
  name: string;
  /** Builds the commander command under `parent`; `done` receives the exit code. */
  attach(parent: Command, done: (code: number) => void): Command;
}

export function defineCommand<O>(name: string, summary: string, declare: (cmd: Command) => Command, run: RunCommand<O>): CliCommand {
  return {
    name,
    attach(parent, done) {
      const cmd = declare(parent.command(name).summary(summary));
      if (!cmd.description()) cmd.description(summary);
      return cmd.action(async (...args: unknown[]) => {
        const self = args[args.length - 1] as Command;
        done(await run(self.args, self.opts<O & object>()));
      });
    },
  };
}

/** `--store URL`, by default the embedded store in ./data. */
export function storeOption(): Option {
  return new Option('--store <url>', 'duckdb:FILE or questdb:<client config>').default(DEFAULT_STORE_URL);
}

/** `--tz ZONE`: validated when the command runs (TimeZoneError, exit 2). */
export function tzOption(what = "IANA zone or fixed offset (+08:00) of the logs' local times"): Option {
  return new Option('--tz <zone>', what);
}

/** For options given more than once: `--rules a --rules b`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
