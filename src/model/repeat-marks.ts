/**
 * The repeat rule of repeat-rule.ts over a batch's columns, as ingest computes it (the
 * reference there works on decoded events; both are held to repeat-rule.cases.ts).
 * Marks are computed per batch (a batch holds one source's events): the first event of
 * a partition in a batch is never marked, which costs a few kept repeats, no more.
 */
import { EVENT_KINDS } from './event.js';
import { META_PARTITION, REPEAT_LINK_KINDS, REPEAT_META_KINDS, repeatBucket } from './repeat-rule.js';

const [LINK_A, LINK_B] = REPEAT_LINK_KINDS.map((k) => EVENT_KINDS.indexOf(k));
const [META_A, META_B] = REPEAT_META_KINDS.map((k) => EVENT_KINDS.indexOf(k));

/**
 * 1 where the event repeats its partition's previous state in the same hour, over a
 * batch's columns. Why columns and not the batch: the batch objects' hidden class varies
 * (e.g. pid null or a number), and each new one threw away this function's optimized
 * code in every scan worker, ~10 recompiles per ingest.
 */
export function markRepeatsInColumns(
  count: number,
  kind: Uint8Array,
  noPeer: Uint8Array,
  tsUs: Float64Array,
  line: Float64Array,
  ends: Uint32Array,
  bytes: Uint8Array,
): Uint8Array {
  const repeat = new Uint8Array(count);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const k = kind[i]!;
    let part: string;
    if (k === LINK_A || k === LINK_B) {
      if (noPeer[i]) continue;
      // The host without its port: a peer reconnects from new ports.
      part = text.toString('latin1', ends[3 * i]!, hostEnd(bytes, ends[3 * i]!, ends[3 * i + 1]!));
    } else if (k === META_A || k === META_B) {
      part = META_PARTITION;
    } else continue;
    let list = parts.get(part);
    if (!list) parts.set(part, (list = []));
    list.push(i);
  }
  for (const [part, list] of parts) {
    // Lines are in file order; times may step back between threads: compare in time order.
    if (!inTimeOrder(tsUs, list)) list.sort((x, y) => tsUs[x]! - tsUs[y]! || line[x]! - line[y]!);
    const meta = part === META_PARTITION;
    let prevState: string | number | null = null;
    let prevBucket = NaN;
    for (const i of list) {
      const state = meta
        ? `${kind[i]}\u0000${noPeer[i] ? '' : text.toString('latin1', ends[3 * i]!, ends[3 * i + 1]!)}\u0000${text.toString('utf8', ends[3 * i + 1]!, ends[3 * i + 2]!)}`
        : kind[i]!;
      const bucket = repeatBucket(tsUs[i]!);
      if (state === prevState && bucket === prevBucket) repeat[i] = 1;
      prevState = state;
      prevBucket = bucket;
    }
  }
  return repeat;
}

function inTimeOrder(tsUs: Float64Array, list: readonly number[]): boolean {
  for (let j = 1; j < list.length; j++) if (tsUs[list[j]!]! < tsUs[list[j - 1]!]!) return false;
  return true;
}

/** Where `host:port` ends its host: before a trailing `:digits`, else the end. */
function hostEnd(text: Uint8Array, from: number, to: number): number {
  let i = to;
  while (i > from && text[i - 1]! >= 0x30 && text[i - 1]! <= 0x39) i--;
  return i < to && i > from && text[i - 1] === 0x3a ? i - 1 : to;
}
