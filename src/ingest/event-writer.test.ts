import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WRITE_BATCH_EVENTS, WRITE_HIGH_WATER } from './event-writer.js';
import { MAX_EVENTS_IN_FLIGHT } from './scan-pool.js';

test('a write batch fills before the scanners stop for back-pressure (else ingest deadlocks)', () => {
  // Seen: WRITE_BATCH_EVENTS 40 000 with MAX_EVENTS_IN_FLIGHT 20 000 hung ingest forever.
  assert.ok(WRITE_BATCH_EVENTS < MAX_EVENTS_IN_FLIGHT, `${WRITE_BATCH_EVENTS} < ${MAX_EVENTS_IN_FLIGHT}`);
  assert.ok(WRITE_BATCH_EVENTS < WRITE_HIGH_WATER);
});
