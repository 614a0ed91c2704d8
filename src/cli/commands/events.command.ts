/** `zbs-timeline events`: the stored time series, one event per line, streamed page by page. */
import { writeEventDump } from '../../api/services/event-dump.js';
import { resolveEventFilter } from '../../query/event-filter.js';
import { openStore } from '../../store/store-factory.js';
import type { EventsRequest } from '../../api/internal/internal-routes.js';
import type { ServeFile } from '../../api/internal/serve-file.js';
import { callServe, openOrServe } from '../serve-client.js';
import { OutputClosedError, outputSink } from '../stdout-sink.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export interface EventsOptions {
  store: string;
  from?: string;
  to?: string;
  cluster?: string;
  node?: string;
  kind?: string[];
  limit?: string;
  format: 'jsonl' | 'table';
}

export { eventToJson } from '../../api/services/event-dump.js';

export async function eventsCommand(values: EventsOptions): Promise<number> {
  const limit = parseLimit(values.limit);
  const held = await openOrServe(values.store, () => openStore(values.store, { access: 'read' }));
  if (held.serve) return eventsViaServe(held.serve, values, limit);
  const store = held.store;
  try {
    const { zone, ...filter } = await resolveEventFilter(store, { ...values, kinds: values.kind });
    await writeEventDump(store, { ...filter, limit }, values.format, zone, outputSink());
  } catch (e) {
    if (!(e instanceof OutputClosedError)) throw e;
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

/** The same dump, made by the serve that holds the store, copied to stdout as it comes. */
async function eventsViaServe(serve: ServeFile, values: EventsOptions, limit: number | undefined): Promise<number> {
  const { from, to, cluster, node, kind, format } = values;
  const request: EventsRequest = { from, to, cluster, node, kinds: kind, limit, format };
  const res = await callServe(serve, '/internal/events', request);
  const sink = outputSink();
  try {
    for await (const chunk of res.body ?? []) await sink(chunk as Uint8Array);
  } catch (e) {
    if (e instanceof OutputClosedError) return EXIT_OK;
    throw new Error(`serve (PID ${serve.pid}) cut the dump short: ${(e as Error).message}`, { cause: e });
  }
  return EXIT_OK;
}

export function parseLimit(text: string | undefined): number | undefined {
  const limit = text === undefined ? undefined : Number(text);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError('--limit must be a whole number');
  return limit;
}
