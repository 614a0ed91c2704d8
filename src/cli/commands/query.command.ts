/** `zbs-timeline query '<graphql>'`: runs a GraphQL document in-process and prints the JSON result. */
import { readFileSync } from 'node:fs';
import { createApollo } from '../../api/apollo.js';
import { jsonLog } from '../../api/http-server.js';
import { TimelineService } from '../../api/services/timeline.service.js';
import { openStore } from '../../store/store-factory.js';
import type { QueryRequest } from '../../api/internal/internal-routes.js';
import { callServe, openOrServe } from '../serve-client.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

export interface QueryOptions {
  variables?: string;
  file?: string;
  store: string;
}

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
  const held = await openOrServe(values.store, () => openStore(values.store, { access: 'read' }));
  if (held.serve) {
    const request: QueryRequest = { document, variables };
    return printResult((await (await callServe(held.serve, '/internal/query', request)).json()) as { errors?: unknown[] });
  }
  const store = held.store;
  const apollo = await createApollo(jsonLog);
  try {
    const res = await apollo.executeOperation({ query: document, variables }, { contextValue: { timeline: new TimelineService(store) } });
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
    return printResult(res.body.singleResult);
  } finally {
    await apollo.stop();
    await store.close();
  }
}

function printResult(result: { errors?: readonly unknown[] }): number {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return result.errors?.length ? EXIT_FAILED : EXIT_OK;
}

/** The document: given inline, `@FILE`, `--file FILE`, or `-` for stdin. */
function readDocument(arg: string | undefined, file: string | undefined): string {
  if ((arg === undefined) === (file === undefined))
    throw new UsageError('query needs one GraphQL document: inline, @FILE, --file FILE, or - for stdin');
  const path = file ?? (arg === '-' ? 0 : arg!.startsWith('@') ? arg!.slice(1) : null);
  if (path === null) return arg!;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read the document from ${path === 0 ? 'stdin' : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}
