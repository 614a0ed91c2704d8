import { ExitCode } from './exit-codes.js';

/** The exit-code table's values under the names the command modules use. */
export const EXIT_OK = ExitCode.Ok;
export const EXIT_FAILED = ExitCode.CheckFailed;
export const EXIT_USAGE = ExitCode.Usage;
export const EXIT_STORE = ExitCode.StoreUnavailable;

/** Bad usage or unusable input: one line on stderr, exit 2. */
export class UsageError extends Error {}
