/**
 * The repeat rule, defined once: which events only repeat a state their source already
 * reported. Stores keep this mark beside each event so that answers over days skip the
 * repeats without sorting them out per query (a failing link is reported every few
 * seconds; every meta node repeats who leads).
 *
 * An event is a repeat when it has the same state as the previous event of its
 * partition, in time order (then line), and both fall in the same hour bucket:
 * - partition: the source, plus for link events the target host (the port dropped: a
 *   peer reconnects from new ports), for meta leader reports the source's meta stream;
 *   link events without a peer and every other kind are never repeats;
 * - state: for links the kind; for leader reports the kind, the peer and the fields.
 * So of every partition, the first event at or after an hour boundary is never a repeat:
 * a read from an hour boundary sees each link's state as of its first event there.
 * Keeping extra events is harmless (the derivations ignore repeats); dropping a change is not.
 *
 * Implementations, all held to repeat-rule.cases.ts: `markRepeats` below (the reference,
 * over decoded events), repeat-marks.ts (over a batch's columns, at ingest) and the
 * DuckDB SQL (store/duckdb/duckdb.schema.ts, for rows written without marks).
 */
import type { EventKind, TimelineEvent } from './event.js';

/** Marks never reach across an hour boundary: reads start at one (see readRange). */
export const REPEAT_BUCKET_US = 3_600_000_000;

export const REPEAT_LINK_KINDS = ['peer.link_down', 'peer.link_up'] as const satisfies readonly EventKind[];
export const REPEAT_META_KINDS = ['meta.leader_is', 'meta.leader_self'] as const satisfies readonly EventKind[];

/** The partition of leader reports: no link host starts with NUL, so none falls in it. */
export const META_PARTITION = '\u0000meta';

export type RepeatInput = Pick<TimelineEvent, 'tsUs' | 'source' | 'line' | 'kind' | 'peer' | 'fields'>;

export function repeatBucket(tsUs: number): number {
  return Math.floor(tsUs / REPEAT_BUCKET_US);
}

/** `host:port` without a trailing `:digits`; the whole text when there is none. */
export function linkHost(peer: string): string {
  return peer.replace(/:[0-9]+$/, '');
}

/** The event's partition within its source, or null when the rule never marks it. */
export function repeatPartition(e: Pick<RepeatInput, 'kind' | 'peer'>): string | null {
  if ((REPEAT_LINK_KINDS as readonly string[]).includes(e.kind)) return e.peer === null ? null : linkHost(e.peer);
  return (REPEAT_META_KINDS as readonly string[]).includes(e.kind) ? META_PARTITION : null;
}

/** What must be equal for a repeat (the fields as the stores keep them: JSON text). */
export function repeatState(e: Pick<RepeatInput, 'kind' | 'peer' | 'fields'>): string {
  if ((REPEAT_LINK_KINDS as readonly string[]).includes(e.kind)) return e.kind;
  return `${e.kind}\u0000${e.peer ?? ''}\u0000${JSON.stringify(e.fields)}`;
}

/** The reference implementation: true at each event (any order, any sources) that is a repeat. */
export function markRepeats(events: readonly RepeatInput[]): boolean[] {
  const parts = new Map<string, number[]>();
  events.forEach((e, i) => {
    const part = repeatPartition(e);
    if (part === null) return;
    const key = `${e.source}\u0000${part}`;
    let list = parts.get(key);
    if (!list) parts.set(key, (list = []));
    list.push(i);
  });
  const repeat = events.map(() => false);
  for (const list of parts.values()) {
    list.sort((x, y) => events[x]!.tsUs - events[y]!.tsUs || events[x]!.line - events[y]!.line);
    for (let j = 1; j < list.length; j++) {
      const [a, b] = [events[list[j - 1]!]!, events[list[j]!]!];
      repeat[list[j]!] = repeatState(a) === repeatState(b) && repeatBucket(a.tsUs) === repeatBucket(b.tsUs);
    }
  }
  return repeat;
}
