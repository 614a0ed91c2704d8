/** Exit codes mean something: scripts and CI jobs branch on them. */
export const EXIT_OK = 0;
/** `query` with GraphQL errors; `check` with a violated assertion. */
export const EXIT_FAILED = 1;
/** Bad usage or unreadable input. */
export const EXIT_USAGE = 2;
/** The store server (QuestDB) could not be reached, at start-up or for longer than `--store-timeout`. */
export const EXIT_STORE = 3;

export class UsageError extends Error {}
