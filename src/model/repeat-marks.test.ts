import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBatchBuilder } from './event-batch.js';
import type { EventFields, EventKind } from './event.js';
import { REPEAT_BUCKET_US } from './repeat-marks.js';

const H = REPEAT_BUCKET_US;
const T = 1000 * H; // an hour boundary
type Row = [tsUs: number, kind: EventKind, peer: string | null, fields?: EventFields];

const cases: { name: string; rows: Row[]; want: number[] }[] = [
  { name: 'repeated failures of one link', rows: [[T, 'peer.link_down', '10.0.0.2:10201'], [T + 5e6, 'peer.link_down', '10.0.0.2:10201'], [T + 9e6, 'peer.link_down', '10.0.0.2:10201']], want: [0, 1, 1] },
  { name: 'down, up, down: every one a change', rows: [[T, 'peer.link_down', '10.0.0.2:1'], [T + 1, 'peer.link_up', '10.0.0.2:1'], [T + 2, 'peer.link_down', '10.0.0.2:1']], want: [0, 0, 0] },
  { name: 'a new port is the same host', rows: [[T, 'peer.link_down', '10.0.0.2:10201'], [T + 1, 'peer.link_down', '10.0.0.2:40000']], want: [0, 1] },
  { name: 'a peer without a port is its host', rows: [[T, 'peer.link_down', '10.0.0.2'], [T + 1, 'peer.link_down', '10.0.0.2:7']], want: [0, 1] },
  { name: 'a colon with no port after it stays', rows: [[T, 'peer.link_down', '10.0.0.2:'], [T + 1, 'peer.link_down', '10.0.0.2']], want: [0, 0] },
  { name: 'hosts are separate links', rows: [[T, 'peer.link_down', '10.0.0.2:1'], [T + 1, 'peer.link_down', '10.0.0.3:1'], [T + 2, 'peer.link_down', '10.0.0.2:1']], want: [0, 0, 1] },
  { name: 'the first event after an hour boundary is kept', rows: [[T + H - 1, 'peer.link_down', '10.0.0.2:1'], [T + H, 'peer.link_down', '10.0.0.2:1'], [T + H + 1, 'peer.link_down', '10.0.0.2:1']], want: [0, 0, 1] },
  // File order D(5) U(3) D(6); in time order U(3) D(5) D(6): only D(6) repeats.
  { name: 'times that step back are compared in time order', rows: [[T + 5, 'peer.link_down', '10.0.0.2:1'], [T + 3, 'peer.link_up', '10.0.0.2:1'], [T + 6, 'peer.link_down', '10.0.0.2:1']], want: [0, 0, 1] },
  { name: 'a link event without a peer is never marked', rows: [[T, 'peer.link_down', null], [T + 1, 'peer.link_down', null]], want: [0, 0] },
  { name: 'the same meta leader reported again', rows: [[T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }], [T + 1, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }]], want: [0, 1] },
  { name: 'a new meta leader term is a change', rows: [[T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }], [T + 1, 'meta.leader_is', '10.0.0.1:10100', { seq: 5 }], [T + 2, 'meta.leader_is', '10.0.0.3:10100', { seq: 5 }]], want: [0, 0, 0] },
  { name: 'leader_self after leader_is is a change', rows: [[T, 'meta.leader_is', '10.0.0.1:10100', { seq: 4 }], [T + 1, 'meta.leader_self', null, { seq: 4 }], [T + 2, 'meta.leader_self', null, { seq: 4 }]], want: [0, 0, 1] },
  { name: 'other kinds are never marked', rows: [[T, 'chunk.status_change', null], [T + 1, 'chunk.status_change', null], [T + 2, 'zk.client.socket_error', '10.0.0.9:2181'], [T + 3, 'zk.client.socket_error', '10.0.0.9:2181']], want: [0, 0, 0, 0] },
];

for (const c of cases) {
  test(`repeat marks: ${c.name}`, () => {
    const b = new EventBatchBuilder({ cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 7, source: 's' });
    c.rows.forEach(([ts, kind, peer, fields], i) => b.add(ts, i + 1, kind, 'W', `m${i}`, peer, fields ?? {}));
    assert.deepEqual([...b.take().repeat], c.want);
  });
}
