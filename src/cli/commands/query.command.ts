/** `zbs-timeline query '<graphql>'`: runs a GraphQL document in-process and prints the JSON result. */
import { readFileSync } from 'node:fs';
import { createApollo } from '../../api/apollo.js';
import { jsonLog } from '../../api/http-server.js';
import { TimelineService } from '../../api/services/timeline.service.js';
import { openStore } from '../../store/store-factory.js';
import type { QueryOptions } from './query.args.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

export async function queryCommand(operands: string[], values: QueryOptions): Promise<number> {
  const document = readDocument(operands[0], values.file);
  let variables: Record<string, unknown> | undefined;
  if (values.variables !== undefined) {
    try {
      variables = JSON.parse(values.variables) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--variables is not JSON: ${(e as Error).message}`);
    }
  }
  const store = await openStore(values.store, { access: 'read' });
  const apollo = await createApollo(jsonLog);
  try {
    const res = await apollo.executeOperation({ query: document, variables }, { contextValue: { timeline: new TimelineService(store) } });
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
    const result = res.body.singleResult;
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.errors?.length ? EXIT_FAILED : EXIT_OK;
  } finally {
    await apollo.stop();
    await store.close();
  }
}

/** The document: given inline, `@FILE`, `--file FILE`, or `-` for stdin. */
function readDocument(arg: string | undefined, file: string | undefined): string {
  if ((arg === undefined) === (file === undefined)) throw new UsageError('query needs one GraphQL document: inline, @FILE, --file FILE, or - for stdin');
  const path = file ?? (arg === '-' ? 0 : arg!.startsWith('@') ? arg!.slice(1) : null);
  if (path === null) return arg!;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the document from ${path === 0 ? 'stdin' : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
