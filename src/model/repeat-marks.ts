/**
 * Marks the events that only repeat a state their source already reported: a link
 * failure after a failure (or a recovery after a recovery) towards the same host, a
 * meta leader report identical to the previous one — within the same hour.
 *
 * Why: a failing link is reported every few seconds for as long as it fails, and every
 * meta node repeats who leads. The answers need only the changes, so stores keep this
 * mark beside each event and answer over days without sorting out repeats per query.
 *
 * The contract readers rely on (the derivations ignore repeats, so keeping extra
 * events is harmless; dropping a change is not):
 * - an event is marked only if it equals (same kind; for meta also the same leader and
 *   fields) the previous event of its partition in time order — partition being the
 *   source plus, for links, the target host — and both fall in the same hour bucket;
 * - so of every partition, the first event at or after any hour boundary is unmarked:
 *   a read from an hour boundary sees each link's state as of its first event there.
 * Marks are computed per batch (a batch holds one source's events): the first event
 * of a partition in a batch is never marked, which costs a few kept repeats, no more.
 */
import { EVENT_KINDS } from './event.js';

/** Marks never reach across an hour boundary: reads start at one (see readRange). */
export const REPEAT_BUCKET_US = 3_600_000_000;

const LINK_DOWN = EVENT_KINDS.indexOf('peer.link_down');
const LINK_UP = EVENT_KINDS.indexOf('peer.link_up');
const LEADER_IS = EVENT_KINDS.indexOf('meta.leader_is');
const LEADER_SELF = EVENT_KINDS.indexOf('meta.leader_self');

/**
 * 1 where the event repeats its partition's previous state in the same hour, over a
 * batch's columns. Why columns and not the batch: the batch objects' hidden class varies
 * (e.g. pid null or a number), and each new one threw away this function's optimized
 * code in every scan worker, ~10 recompiles per ingest.
 */
export function markRepeatsInColumns(count: number, kind: Uint8Array, noPeer: Uint8Array, tsUs: Float64Array, line: Float64Array, ends: Uint32Array, bytes: Uint8Array): Uint8Array {
  const repeat = new Uint8Array(count);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const k = kind[i]!;
    let part: string;
    if (k === LINK_DOWN || k === LINK_UP) {
      if (noPeer[i]) continue;
      // The host without its port: a peer reconnects from new ports.
      part = text.toString('latin1', ends[3 * i]!, hostEnd(bytes, ends[3 * i]!, ends[3 * i + 1]!));
    } else if (k === LEADER_IS || k === LEADER_SELF) {
      part = '\u0000meta';
    } else continue;
    let list = parts.get(part);
    if (!list) parts.set(part, (list = []));
    list.push(i);
  }
  for (const [part, list] of parts) {
    // Lines are in file order; times may step back between threads: compare in time order.
    if (!inTimeOrder(tsUs, list)) list.sort((x, y) => tsUs[x]! - tsUs[y]! || line[x]! - line[y]!);
    const meta = part === '\u0000meta';
    let prevState: string | number | null = null;
    let prevBucket = NaN;
    for (const i of list) {
      const state = meta ? `${kind[i]}\u0000${noPeer[i] ? '' : text.toString('latin1', ends[3 * i]!, ends[3 * i + 1]!)}\u0000${text.toString('utf8', ends[3 * i + 1]!, ends[3 * i + 2]!)}` : kind[i]!;
      const bucket = Math.floor(tsUs[i]! / REPEAT_BUCKET_US);
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
