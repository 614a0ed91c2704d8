/** `zbs-timeline events`: the stored time series, one event per line. */
import { parseArgs } from 'node:util';
import { isEventKind, type EventKind, type TimelineEvent } from '../../model/event.js';
import { openStore, DEFAULT_STORE_URL } from '../../store/store-factory.js';
import { formatUtcUs, parseIsoToUs } from '../../time/zone.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { toApiEvent } from '../../api/services/event-mapper.js';

export const EVENTS_USAGE = `usage: zbs-timeline events [--store URL] [--from T] [--to T] [--cluster C] [--node N] [--kind K]... [--limit N] [--format jsonl|table]
  T is ISO-8601 (any offset; no offset = UTC). Output times are UTC with microseconds.`;

export async function eventsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      store: { type: 'string', default: DEFAULT_STORE_URL },
      from: { type: 'string' },
      to: { type: 'string' },
      cluster: { type: 'string' },
      node: { type: 'string' },
      kind: { type: 'string', multiple: true },
      limit: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
    },
  });
  const time = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const us = parseIsoToUs(v);
    if (!Number.isFinite(us)) throw new UsageError(`--${name}: "${v}" is not an ISO-8601 time (e.g. 2022-08-18T12:46:00+08:00)`);
    return us;
  };
  const kinds: EventKind[] = [];
  for (const k of values.kind ?? []) {
    if (!isEventKind(k)) throw new UsageError(`--kind: unknown kind "${k}"`);
    kinds.push(k);
  }
  if (values.format !== 'jsonl' && values.format !== 'table') throw new UsageError(`--format must be jsonl or table`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError('--limit must be a whole number');
  const store = await openStore(values.store);
  try {
    const events = await store.queryEvents({
      fromUs: time('from', values.from),
      toUs: time('to', values.to),
      cluster: values.cluster,
      node: values.node,
      kinds: kinds.length ? kinds : undefined,
      limit,
    });
    const lines = events.map((e) => (values.format === 'table' ? tableRow(e) : JSON.stringify(eventToJson(e))));
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

function tableRow(e: TimelineEvent): string {
  const first = e.message.split('\n', 1)[0]!;
  return [formatUtcUs(e.tsUs), e.node.padEnd(15), e.service.padEnd(12), e.kind.padEnd(26), (e.peer ?? '-').padEnd(21), first.slice(0, 100)].join('  ');
}
