/**
 * The exit codes of every command: scripts and CI jobs branch on them, so there is one
 * table, printed by `zbs-timeline --help` and copied in the README.
 */
export enum ExitCode {
  Ok = 0,
  /** `check` with a violated assertion; `query` with GraphQL errors. */
  CheckFailed = 1,
  /** Bad usage or unusable input (unreadable paths, no log in them, a busy port). */
  Usage = 2,
  /** The store cannot be used: its server (or its catalog's database) unreachable, or its file locked by another process. */
  StoreUnavailable = 3,
  /** A bug: anything else. The stack trace is printed with --debug. */
  Internal = 4,
}

export const EXIT_CODE_TABLE: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.Ok, 'ok'],
  [ExitCode.CheckFailed, 'a check failed (check: an assertion is violated; query: the result has errors)'],
  [ExitCode.Usage, 'usage or input error (bad option, unreadable or unrecognised input, busy port)'],
  [ExitCode.StoreUnavailable, 'store unavailable or locked (QuestDB or the catalog database unreachable, DuckDB file in use)'],
  [ExitCode.Internal, 'internal error (run again with --debug for the stack trace)'],
];

export function exitCodeHelp(): string {
  return `Exit codes:\n${EXIT_CODE_TABLE.map(([c, text]) => `  ${c}  ${text}`).join('\n')}\n`;
}
