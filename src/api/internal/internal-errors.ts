/** What kind of failure an internal request met, so that the CLI exits as if it had run it itself. */
import { RuleFileError } from '../../rules/rule-set.js';
import { QueryInputError } from '../../query/query-guard.js';
import { StoreUnavailableError } from '../../store/store-unavailable.js';
import { StoreConfigError } from '../../store/store-url.js';
import { TimeZoneError } from '../../time/zone.js';

/** `usage`: the caller's input (exit 2); `store`: the store unavailable (exit 3); `internal`: a bug (exit 4). */
export type InternalErrorKind = 'usage' | 'store' | 'internal' | 'forbidden';

export function errorKind(e: unknown): InternalErrorKind {
  if (e instanceof StoreUnavailableError) return 'store';
  if (e instanceof SyntaxError) return 'usage'; // a body that is not JSON
  for (const usage of [QueryInputError, RuleFileError, StoreConfigError, TimeZoneError]) if (e instanceof usage) return 'usage';
  const errno = (e as NodeJS.ErrnoException | null)?.code;
  return errno === 'ENOENT' || errno === 'EACCES' ? 'usage' : 'internal';
}
