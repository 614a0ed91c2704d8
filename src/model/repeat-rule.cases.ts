/**
 * The repeat rule's cases (repeat-rule.ts), one table for every implementation: the
 * reference, the ingest's column marks, DuckDB's SQL and each store's reads without
 * repeats (test/store-conformance.ts). `want` is 1 at each repeat, in row order.
 */
import type { EventFields, EventKind, TimelineEvent } from './event.js';
import { REPEAT_BUCKET_US } from './repeat-rule.js';

const H = REPEAT_BUCKET_US;
/** An hour boundary. */
const T = 1000 * H;

type Row = [tsUs: number, kind: EventKind, peer: string | null, fields?: EventFields, source?: string];

export interface RepeatCase {
  name: string;
  rows: Row[];
  want: number[];
}

export const REPEAT_CASES: RepeatCase[] = [
  {
    name: 'repeated failures of one link',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:10201'],
      [T + 5e6, 'peer.link_down', '10.0.0.2:10201'],
      [T + 9e6, 'peer.link_down', '10.0.0.2:10201'],
    ],
    want: [0, 1, 1],
  },
  {
    name: 'repeated recoveries of one link',
    rows: [
      [T, 'peer.link_up', '10.0.0.2:10201'],
      [T + 5e6, 'peer.link_up', '10.0.0.2:10201'],
    ],
    want: [0, 1],
  },
  {
    name: 'down, up, down: every one a change',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:1'],
      [T + 1, 'peer.link_up', '10.0.0.2:1'],
      [T + 2, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [0, 0, 0],
  },
  {
    name: 'a new port is the same host',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:10201'],
      [T + 1, 'peer.link_down', '10.0.0.2:40000'],
    ],
    want: [0, 1],
  },
  {
    name: 'a peer without a port is its host',
    rows: [
      [T, 'peer.link_down', '10.0.0.2'],
      [T + 1, 'peer.link_down', '10.0.0.2:7'],
    ],
    want: [0, 1],
  },
  {
    name: 'a colon with no port after it stays',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:'],
      [T + 1, 'peer.link_down', '10.0.0.2'],
    ],
    want: [0, 0],
  },
  {
    name: 'a peer of digits only is a host',
    rows: [
      [T, 'peer.link_down', '10201'],
      [T + 1, 'peer.link_down', ':10201'],
      [T + 2, 'peer.link_down', '10201'],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'hosts are separate links',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:1'],
      [T + 1, 'peer.link_down', '10.0.0.3:1'],
      [T + 2, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'sources are separate partitions',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:1', {}, 'a.log'],
      [T + 1, 'peer.link_down', '10.0.0.2:1', {}, 'b.log'],
      [T + 2, 'peer.link_down', '10.0.0.2:1', {}, 'a.log'],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'the first event after an hour boundary is kept',
    rows: [
      [T + H - 1, 'peer.link_down', '10.0.0.2:1'],
      [T + H, 'peer.link_down', '10.0.0.2:1'],
      [T + H + 1, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'the same state an hour later is kept',
    rows: [
      [T, 'peer.link_down', '10.0.0.2:1'],
      [T + H + 5, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [0, 0],
  },
  // File order D(5) U(3) D(6); in time order U(3) D(5) D(6): only D(6) repeats.
  {
    name: 'times that step back are compared in time order',
    rows: [
      [T + 5, 'peer.link_down', '10.0.0.2:1'],
      [T + 3, 'peer.link_up', '10.0.0.2:1'],
      [T + 6, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'equal times are compared in line order',
    rows: [
      [T + 5, 'peer.link_up', '10.0.0.2:1'],
      [T + 5, 'peer.link_down', '10.0.0.2:1'],
      [T + 5, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'a link event without a peer is never marked',
    rows: [
      [T, 'peer.link_down', null],
      [T + 1, 'peer.link_down', null],
    ],
    want: [0, 0],
  },
  {
    name: 'the same meta leader reported again',
    rows: [
      [T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }],
      [T + 1, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }],
    ],
    want: [0, 1],
  },
  {
    name: 'a new meta leader term is a change',
    rows: [
      [T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }],
      [T + 1, 'meta.leader_is', '10.0.0.1:10100', { seq: 5 }],
      [T + 2, 'meta.leader_is', '10.0.0.3:10100', { seq: 5 }],
    ],
    want: [0, 0, 0],
  },
  {
    name: 'a meta leader on a new port is a change',
    rows: [
      [T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }],
      [T + 1, 'meta.leader_is', '10.0.0.1:10101', { seq: 4 }],
    ],
    want: [0, 0],
  },
  {
    name: 'leader_self after leader_is is a change',
    rows: [
      [T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }],
      [T + 1, 'meta.leader_self', null, { seq: 4 }],
      [T + 2, 'meta.leader_self', null, { seq: 4 }],
    ],
    want: [0, 0, 1],
  },
  {
    name: 'links between leader reports do not break their run',
    rows: [
      [T, 'meta.leader_self', null, { seq: 4 }],
      [T + 1, 'peer.link_down', '10.0.0.2:1'],
      [T + 2, 'meta.leader_self', null, { seq: 4 }],
    ],
    want: [0, 0, 1],
  },
  // A peer of a port alone has the empty host: it must not share a partition with leader reports.
  {
    name: 'a port-only peer is not the meta partition',
    rows: [
      [T, 'meta.leader_self', null, {}],
      [T + 1, 'peer.link_down', ':10201'],
      [T + 2, 'meta.leader_self', null, {}],
      [T + 3, 'peer.link_down', ':10201'],
    ],
    want: [0, 0, 1, 1],
  },
  {
    name: 'other kinds are never marked',
    rows: [
      [T, 'chunk.status_change', null],
      [T + 1, 'chunk.status_change', null],
      [T + 2, 'zk.client.socket_error', '10.0.0.9:2181'],
      [T + 3, 'zk.client.socket_error', '10.0.0.9:2181'],
    ],
    want: [0, 0, 0, 0],
  },
  {
    name: 'before 1970: buckets floor, not truncate',
    rows: [
      [-1, 'peer.link_down', '10.0.0.2:1'],
      [1, 'peer.link_down', '10.0.0.2:1'],
      [-H, 'peer.link_down', '10.0.0.2:1'],
    ],
    want: [1, 0, 0],
  },
];

/** A case's rows as events (line = row number, one process per source). */
export function caseEvents(c: RepeatCase, base: Partial<TimelineEvent> = {}): TimelineEvent[] {
  return c.rows.map(([tsUs, kind, peer, fields, source], i) => ({
    tsUs,
    cluster: 'c',
    node: '10.0.0.1',
    service: 'zbs-metad',
    pid: 7,
    kind,
    level: 'W',
    source: source ?? 's.log',
    line: i + 1,
    message: `m${i}`,
    peer,
    fields: fields ?? {},
    ...base,
  }));
}
