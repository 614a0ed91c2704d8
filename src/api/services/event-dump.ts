/**
 * The `events` dump — JSON lines, or a table with UTC and local times — written page by
 * page to a sink that may push back (stdout, an HTTP response): the CLI prints it, and
 * serve streams it to a CLI that finds the store in serve's hands.
 */
import type { TimelineEvent } from '../../model/event.js';
import type { EventQuery, EventStore } from '../../store/event-store.js';
import { eventPages } from '../../store/event-pages.js';
import { formatUtcUs, ZoneConverter } from '../../time/zone.js';
import { toApiEvent } from './event-mapper.js';

export type EventDumpFormat = 'jsonl' | 'table';

/** Takes one chunk of text; resolves when more may be written. */
export type DumpSink = (chunk: string) => Promise<void>;

/** Writes the events `q` selects; `zone` is the one local times are shown in. Returns how many. */
export async function writeEventDump(
  store: EventStore,
  q: EventQuery,
  format: EventDumpFormat,
  zone: string,
  sink: DumpSink,
): Promise<number> {
  const table = format === 'table' ? new EventTableFormat(zone) : null;
  let n = 0;
  if (table) await sink(table.header() + '\n');
  for await (const page of eventPages(store, q)) {
    n += page.length;
    await sink(page.map((e) => (table ? table.row(e) : JSON.stringify(eventToJson(e)))).join('\n') + '\n');
  }
  return n;
}

/** The public JSON shape of an event: the API's event, with the kind's own fields beside the common ones. */
export function eventToJson(e: TimelineEvent): Record<string, unknown> {
  const { rule, ...own } = e.fields;
  const { fields: _fields, ...common } = toApiEvent(e);
  return { ...common, time: formatUtcUs(e.tsUs), ...own, rule };
}

/** `--format table`: UTC and the cluster's local time side by side, under a header. */
class EventTableFormat {
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
