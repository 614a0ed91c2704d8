import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEventKind } from './event.js';

test('isEventKind accepts known kinds and rejects others', () => {
  assert.equal(isEventKind('peer.link_down'), true);
  assert.equal(isEventKind('peer.linkdown'), false);
});
