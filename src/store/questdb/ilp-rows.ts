/** One event batch as ILP rows on a sender: the row layout of the events table and its key table. */
import type { Sender } from '@questdb/nodejs-client';
import { BatchReader, type EventBatch } from '../../model/event-batch.js';
import { EVENT_KINDS, KEY_EVENT_KINDS } from '../../model/event.js';

/** Where a batch's rows go: key events that repeat nothing to `keys`, the rest to `events`. */
export interface RowTables {
  events: string;
  keys: string;
}

/** Per kind code, whether the key table takes it. */
const IS_KEY_KIND = Uint8Array.from(EVENT_KINDS, (k) => (KEY_EVENT_KINDS.includes(k) ? 1 : 0));

export async function appendRows(s: Sender, tables: RowTables, b: EventBatch): Promise<void> {
  const r = new BatchReader(b);
  for (let i = 0; i < b.count; i++) {
    await appendRow(s, IS_KEY_KIND[b.kind[i]!] && !b.repeat[i] ? tables.keys : tables.events, b, r, i);
  }
}

async function appendRow(s: Sender, table: string, b: EventBatch, r: BatchReader, i: number): Promise<void> {
  s.table(table)
    .symbol('cluster', b.cluster)
    .symbol('node', b.node)
    .symbol('service', b.service)
    .symbol('kind', r.kind(i))
    .symbol('level', r.level(i))
    .symbol('source', b.source);
  if (b.pid !== null) s.intColumn('pid', b.pid);
  s.intColumn('line', b.line[i]!).stringColumn('message', r.message(i));
  const peer = r.peer(i);
  if (peer !== null) s.stringColumn('peer', peer);
  // `deleted` is left out: an upserted row gets the column's default, false — live again.
  const fields = r.fields(i);
  if (fields !== '{}') s.stringColumn('fields', fields);
  // Only true is sent: a row sent again without the mark gets the default, false.
  if (b.repeat[i]) s.booleanColumn('is_repeat', true);
  await s.at(b.tsUs[i]!, 'us');
}
