/**
 * Event keys whose order is easy to get wrong, for every implementation of the event
 * order (event-order.ts in JS, the SQL stores' ORDER BY and keyset cursor): the test
 * sorts them with compareEvents and asks each store for the same order, whole and a
 * page at a time.
 */
import type { EventKey } from './event-order.js';

const T = Date.UTC(2024, 2, 1) * 1000;

/** Sources whose UTF-16 order differs from their byte order: a store that compares strings in SQL as UTF-16 (QuestDB) pages them out of order. */
export const BEYOND_UTF16_ORDER = new Set(['x\uffff.log', 'x😀.log', 'x\ue000.log']);

export const ORDER_CASE_KEYS: EventKey[] = [
  { tsUs: T + 1, source: 'a.log', line: 1, kind: 'peer.link_down' },
  // Same time: source decides, by bytes — 'Z' before 'a', U+FFFF before an emoji (UTF-16 says otherwise).
  { tsUs: T, source: 'a.log', line: 9, kind: 'peer.link_down' },
  { tsUs: T, source: 'Z.log', line: 9, kind: 'peer.link_down' },
  { tsUs: T, source: 'x\uffff.log', line: 1, kind: 'peer.link_down' },
  { tsUs: T, source: 'x😀.log', line: 1, kind: 'peer.link_down' },
  { tsUs: T, source: 'x\ue000.log', line: 1, kind: 'peer.link_down' },
  // Same time and source: line as a number (10 after 9), then kind.
  { tsUs: T, source: 'b.log', line: 10, kind: 'peer.link_down' },
  { tsUs: T, source: 'b.log', line: 9, kind: 'peer.link_up' },
  { tsUs: T, source: 'b.log', line: 9, kind: 'peer.link_down' },
  { tsUs: T - 1, source: 'z.log', line: 99, kind: 'peer.link_up' },
];
