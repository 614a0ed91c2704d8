/**
 * V8 flags a command runs with beyond the launcher's own (its shebang). They size the
 * heap, which V8 fixes when the process starts, so the launcher starts the command
 * again with them (`process.execve`: the same process, its pid and signals). Figures:
 * docs/performance.md, "The launcher's V8 flags".
 */

/**
 * `serve` keeps each analysis until the data changes, then drops it whole: with 64 MiB
 * semi-spaces a cold 7-day answer's ~8 MB of objects mostly die young instead of being
 * copied into the old generation and marked there. Not for `ingest`: its RSS budget.
 */
export const COMMAND_V8_FLAGS: Readonly<Record<string, readonly string[]>> = {
  serve: ['--max-semi-space-size=64'],
};

/** The flags of the command an argument list runs (its first word that is not an option). */
export function flagsFor(args: readonly string[]): readonly string[] {
  const command = args.find((a) => !a.startsWith('-'));
  return command !== undefined && Object.hasOwn(COMMAND_V8_FLAGS, command) ? COMMAND_V8_FLAGS[command]! : [];
}

/** The flags of `flags` this process was not started with. */
export function missingFlags(flags: readonly string[], execArgv: readonly string[] = process.execArgv): string[] {
  return flags.filter((f) => !execArgv.includes(f));
}

/**
 * Replaces this process with the same node, script and arguments plus `flags`, unless it
 * has them already. Where node has no `process.execve` (before 22.15, or Windows) the
 * command runs on without them: slower answers, nothing else.
 */
export function restartWithFlags(flags: readonly string[]): void {
  const missing = missingFlags(flags);
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (!missing.length || typeof execve !== 'function') return;
  execve(process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], process.env);
}
