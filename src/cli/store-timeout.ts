/** `--store-timeout SECONDS`, shared by the commands that write to a store server. */
import { Option } from 'commander';
import { DEFAULT_STORE_TIMEOUT_MS } from '../store/store-unavailable.js';
import { UsageError } from './usage-error.js';

/** The option; `then` says what giving up means for the command. */
export function storeTimeoutOption(then = 'giving up with exit 3'): Option {
  return new Option(
    '--store-timeout <seconds>',
    `seconds to wait for a store server (QuestDB) that went away, retrying, before ${then} (default ${DEFAULT_STORE_TIMEOUT_MS / 1000})`,
  );
}

/** The option's value in ms; the default when it is not given. */
export function parseStoreTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_STORE_TIMEOUT_MS;
  const secs = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(secs) && secs > 0 && secs <= 86_400))
    throw new UsageError(`--store-timeout must be a number of seconds (0 < s <= 86400), got "${value}"`);
  return Math.round(secs * 1000);
}
