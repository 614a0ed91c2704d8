/**
 * An error as the CLI reports it: its exit code and one line. The error classes are
 * loaded only when an error is being reported, never on a command's way in.
 */
import { ExitCode } from './exit-codes.js';

export interface ErrorExit {
  code: ExitCode;
  message: string;
}

/** System errors that mean the input (a path, a port) is unusable, not that the program is broken. */
const INPUT_ERRNOS = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EADDRINUSE', 'EADDRNOTAVAIL']);

export async function describeError(e: unknown): Promise<ErrorExit> {
  const [
    { UsageError },
    { StoreConfigError },
    { CatalogConfigError, CatalogUnavailableError },
    { StoreUnavailableError },
    { TimeZoneError },
    { RuleFileError },
    { CheckRulesError },
    { QueryInputError },
  ] = await Promise.all([
    import('./usage-error.js'),
    import('../store/store-url.js'),
    import('../catalog/catalog-config.js'),
    import('../store/store-unavailable.js'),
    import('../time/zone.js'),
    import('../rules/rule-set.js'),
    import('../check/check-rules.js'),
    import('../query/query-guard.js'),
  ]);
  const message = e instanceof Error ? e.message.split('\n', 1)[0]! : String(e);
  if (e instanceof StoreUnavailableError || e instanceof CatalogUnavailableError) return { code: ExitCode.StoreUnavailable, message };
  for (const usage of [UsageError, StoreConfigError, CatalogConfigError, TimeZoneError, RuleFileError, CheckRulesError, QueryInputError]) {
    if (e instanceof usage) return { code: ExitCode.Usage, message };
  }
  const errno = (e as NodeJS.ErrnoException | null)?.code;
  if (errno && INPUT_ERRNOS.has(errno)) return { code: ExitCode.Usage, message };
  return { code: ExitCode.Internal, message: `internal error: ${message}` };
}
