/** `zbs-timeline events`: the stored time series, one event per line, streamed page by page. */
import { writeEventDump } from '../../api/services/event-dump.js';
import { resolveEventFilter } from '../../query/event-filter.js';
import { openStore } from '../../store/store-factory.js';
import { OutputClosedError, outputSink } from '../stdout-sink.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import type { EventsOptions } from './events.args.js';

export { eventToJson } from '../../api/services/event-dump.js';

export async function eventsCommand(values: EventsOptions): Promise<number> {
  const limit = parseLimit(values.limit);
  const store = await openStore(values.store, { access: 'read' });
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

export function parseLimit(text: string | undefined): number | undefined {
  const limit = text === undefined ? undefined : Number(text);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError('--limit must be a whole number');
  return limit;
}
