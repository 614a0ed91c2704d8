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

/**
 * Whether a read of these kinds holds every kind of each partition it touches: only then
 * can the rule run over what was read (down, up, down read as down, down is no repeat).
 */
export function readSeesWholePartitions(kinds: readonly string[] | undefined): boolean {
  if (!kinds?.length) return true;
  return [REPEAT_LINK_KINDS, REPEAT_META_KINDS].every(
    (family) => family.every((k) => kinds.includes(k)) || !family.some((k) => kinds.includes(k)),
  );
}

/** The events that are no repeat, in their order. */
export function dropRepeats<E extends RepeatInput>(events: E[]): E[] {
  const repeat = markRepeatsInOrder(events) ?? markRepeats(events).map(Number);
  return repeat.includes(1) ? events.filter((_, i) => !repeat[i]) : events;
}

/** A partition's previous event, as markRepeatsInOrder compares it. */
interface Previous {
  tsUs: number;
  line: number;
  state: string;
  bucket: number;
}

/**
 * markRepeats in one pass, for events whose partitions each come in (time, line) order,
 * as a store's sorted read does; null when one does not (the caller then uses the
 * reference). Applied to every read of an answer: the reference's key and state strings
 * per event took ~11 ms of a 7-day QuestDB answer (21 500 events).
 */
export function markRepeatsInOrder(events: readonly RepeatInput[]): Uint8Array | null {
  const repeat = new Uint8Array(events.length);
  const bySource = new Map<string, Map<string, Previous>>();
  const hosts = new Map<string, string>(); // peers are few, events many
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const link = (REPEAT_LINK_KINDS as readonly string[]).includes(e.kind);
    let part: string;
    if (link) {
      if (e.peer === null) continue;
      let host = hosts.get(e.peer);
      if (host === undefined) hosts.set(e.peer, (host = linkHost(e.peer)));
      part = host;
    } else if ((REPEAT_META_KINDS as readonly string[]).includes(e.kind)) part = META_PARTITION;
    else continue;
    let parts = bySource.get(e.source);
    if (!parts) bySource.set(e.source, (parts = new Map()));
    const state = link ? e.kind : repeatState(e);
    const bucket = repeatBucket(e.tsUs);
    const prev = parts.get(part);
    if (!prev) {
      parts.set(part, { tsUs: e.tsUs, line: e.line, state, bucket });
      continue;
    }
    if (e.tsUs < prev.tsUs || (e.tsUs === prev.tsUs && e.line < prev.line)) return null;
    if (prev.state === state && prev.bucket === bucket) repeat[i] = 1;
    prev.tsUs = e.tsUs;
    prev.line = e.line;
    prev.state = state;
    prev.bucket = bucket;
  }
  return repeat;
}
