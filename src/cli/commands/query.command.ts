/** `zbs-timeline query '<graphql>'`: runs a GraphQL document in-process and prints the JSON result. */
import { parseArgs } from 'node:util';
import { createApollo } from '../../api/apollo.js';
import { jsonLog } from '../../api/http-server.js';
import { TimelineService } from '../../api/services/timeline.service.js';
import { openStore, DEFAULT_STORE_URL } from '../../store/store-factory.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

export const QUERY_USAGE = `usage: zbs-timeline query '<graphql document>' [--variables JSON] [--store URL]
  Prints {"data": ...} (and "errors" if any). exit: 0 ok, 1 the result has errors, 2 usage error`;

export async function queryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { variables: { type: 'string' }, store: { type: 'string', default: DEFAULT_STORE_URL } },
  });
  if (positionals.length !== 1) throw new UsageError('query needs exactly one GraphQL document (quote it)');
  let variables: Record<string, unknown> | undefined;
  if (values.variables !== undefined) {
    try {
      variables = JSON.parse(values.variables) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--variables is not JSON: ${(e as Error).message}`);
    }
  }
  const store = await openStore(values.store);
  const apollo = await createApollo(jsonLog);
  try {
    const res = await apollo.executeOperation({ query: positionals[0]!, variables }, { contextValue: { timeline: new TimelineService(store) } });
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
    const result = res.body.singleResult;
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.errors?.length ? EXIT_FAILED : EXIT_OK;
  } finally {
    await apollo.stop();
    await store.close();
  }
}
