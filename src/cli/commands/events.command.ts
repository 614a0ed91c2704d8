/** `zbs-timeline events`: the stored time series, one event per line. */
import type { TimelineEvent } from '../../model/event.js';
import { resolveEventFilter } from '../../query/event-filter.js';
import { openStore } from '../../store/store-factory.js';
import { formatUtcUs, ZoneConverter } from '../../time/zone.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import type { EventsOptions } from './events.args.js';
import { toApiEvent } from '../../api/services/event-mapper.js';

export async function eventsCommand(values: EventsOptions): Promise<number> {
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError('--limit must be a whole number');
  const store = await openStore(values.store);
  try {
    const { zone, ...filter } = await resolveEventFilter(store, { ...values, kinds: values.kind });
    const events = await store.queryEvents({ ...filter, limit });
    const table = values.format === 'table' ? new EventTable(zone) : null;
    const lines = events.map((e) => (table ? table.row(e) : JSON.stringify(eventToJson(e))));
    if (table) lines.unshift(table.header());
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

/** The public JSON shape of an event: the API's event, with the kind's own fields beside the common ones. */
export function eventToJson(e: TimelineEvent): Record<string, unknown> {
  const { rule, ...own } = e.fields;
  const { fields: _fields, ...common } = toApiEvent(e);
  return { ...common, time: formatUtcUs(e.tsUs), ...own, rule };
}

/** `--format table`: UTC and the cluster's local time side by side, under a header. */
class EventTable {
  private readonly conv: ZoneConverter;
  constructor(private readonly zone: string) {
    this.conv = new ZoneConverter(zone);
  }

  header(): string {
    return this.cells(['time (UTC)', `local time (${this.zone})`, 'node', 'service', 'kind', 'peer', 'message']);
  }

  row(e: TimelineEvent): string {
    const l = this.conv.toLocal(e.tsUs);
    const p2 = (n: number): string => String(n).padStart(2, '0');
    const local = `${l.year}-${p2(l.month)}-${p2(l.day)} ${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}.${String(l.micros).padStart(6, '0')}`;
    return this.cells([formatUtcUs(e.tsUs), local, e.node, e.service, e.kind, e.peer ?? '-', e.message.split('\n', 1)[0]!.slice(0, 100)]);
  }

  private cells(c: string[]): string {
    const widths = [27, Math.max(26, 13 + this.zone.length), 15, 12, 26, 21];
    return c.map((v, i) => (i < widths.length ? v.padEnd(widths[i]!) : v)).join('  ');
  }
}
