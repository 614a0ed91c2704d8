import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEvent } from '../model/event.js';
import { keepLinkTransitions } from './link-transitions.js';

const ev = (line: number, kind: TimelineEvent['kind'], peer: string | null, over: Partial<TimelineEvent> = {}): TimelineEvent => ({
  tsUs: line * 1000, cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 7, kind, level: 'W', source: 'a.log', line, message: '', peer, fields: {}, ...over,
});

test('keepLinkTransitions, table', () => {
  const cases: { name: string; events: TimelineEvent[]; kept: number[] }[] = [
    { name: 'nothing', events: [], kept: [] },
    { name: 'repeated failures keep the first', events: [ev(1, 'peer.link_down', '10.0.0.2:1'), ev(2, 'peer.link_down', '10.0.0.2:1'), ev(3, 'peer.link_up', '10.0.0.2:1')], kept: [1, 3] },
    { name: 'the port does not make another link', events: [ev(1, 'peer.link_down', '10.0.0.2:1'), ev(2, 'peer.link_down', '10.0.0.2:2'), ev(3, 'peer.link_up', '10.0.0.2:3'), ev(4, 'peer.link_up', '10.0.0.2')], kept: [1, 3] },
    { name: 'a recovery with no failure before is dropped', events: [ev(1, 'peer.link_up', '10.0.0.2:1'), ev(2, 'peer.link_down', '10.0.0.2:1')], kept: [2] },
    { name: 'targets apart', events: [ev(1, 'peer.link_down', '10.0.0.2:1'), ev(2, 'peer.link_down', '10.0.0.3:1')], kept: [1, 2] },
    { name: 'observer processes apart', events: [ev(1, 'peer.link_down', '10.0.0.2:1'), ev(2, 'peer.link_down', '10.0.0.2:1', { pid: 8 }), ev(3, 'peer.link_down', '10.0.0.2:1', { pid: null })], kept: [1, 2, 3] },
    { name: 'observer nodes and clusters apart', events: [ev(1, 'peer.link_down', '10.0.0.2:1'), ev(2, 'peer.link_down', '10.0.0.2:1', { node: '10.0.0.9' }), ev(3, 'peer.link_down', '10.0.0.2:1', { cluster: 'd' })], kept: [1, 2, 3] },
    { name: 'other kinds pass', events: [ev(1, 'meta.leader_is', '10.0.0.2:1'), ev(2, 'meta.leader_is', '10.0.0.2:1'), ev(3, 'process.stop', null)], kept: [1, 2, 3] },
    { name: 'no peer is one target', events: [ev(1, 'peer.link_down', null), ev(2, 'peer.link_down', null)], kept: [1] },
  ];
  for (const c of cases) assert.deepEqual(keepLinkTransitions(c.events).map((e) => e.line), c.kept, c.name);
});
