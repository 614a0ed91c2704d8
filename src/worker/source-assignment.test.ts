import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintOf } from '../ingest/scan-job.js';
import { assignSources, type FollowedFile, type KnownSource } from './source-assignment.js';

const A = Buffer.from('2024-03-01 10:00:00,001 [myid:1] - INFO  [main:QuorumPeerMain@1] - starting A\nmore A\n');
const B = Buffer.from('2024-03-01 11:00:00,001 [myid:1] - INFO  [main:QuorumPeerMain@1] - starting B\n');
const fp = (b: Buffer): string => `zookeeper/${fingerprintOf(b)}`;
const grown = (b: Buffer): Buffer => Buffer.concat([b, Buffer.from('appended line\n')]);

interface Case {
  name: string;
  changed: FollowedFile[];
  known: KnownSource[];
  held?: string[];
  want: Record<string, string>[];
}

const cases: Case[] = [
  { name: 'a new file', changed: [{ rel: 'zk/zookeeper.log', head: A }], known: [], want: [{ action: 'new', key: 'zk/zookeeper.log' }] },
  {
    name: 'a file that grew continues its source',
    changed: [{ rel: 'zk/zookeeper.log', head: grown(A) }],
    known: [{ key: 'zk/zookeeper.log', path: 'zk/zookeeper.log', fingerprint: fp(A) }],
    want: [{ action: 'continue', key: 'zk/zookeeper.log' }],
  },
  {
    name: 'rename rotation: the old content moved to .1, a new file took the name',
    changed: [
      { rel: 'zk/zookeeper.log', head: B },
      { rel: 'zk/zookeeper.log.1', head: grown(A) },
    ],
    known: [{ key: 'zk/zookeeper.log', path: 'zk/zookeeper.log', fingerprint: fp(A) }],
    want: [
      { action: 'new', key: 'zk/zookeeper.log#x' },
      { action: 'move', key: 'zk/zookeeper.log', from: 'zk/zookeeper.log' },
    ],
  },
  {
    name: 'copy-truncate caught between copy and truncate: the copy waits',
    changed: [
      { rel: 'zk/zookeeper.log', head: grown(A) },
      { rel: 'zk/zookeeper.log.1', head: grown(A) },
    ],
    known: [{ key: 'zk/zookeeper.log', path: 'zk/zookeeper.log', fingerprint: fp(A) }],
    want: [
      { action: 'continue', key: 'zk/zookeeper.log' },
      { action: 'defer', key: 'zk/zookeeper.log', reason: 'copy_of_followed_file' },
    ],
  },
  {
    name: 'the gzip of a rotated file continues it',
    changed: [{ rel: 'zk/zookeeper.log.1.gz', head: grown(A) }],
    known: [
      { key: 'zk/zookeeper.log', path: 'zk/zookeeper.log.1', fingerprint: fp(A) },
      { key: 'zk/zookeeper.log#12345678', path: 'zk/zookeeper.log', fingerprint: fp(B) },
    ],
    held: ['zk/zookeeper.log#12345678'],
    want: [{ action: 'move', key: 'zk/zookeeper.log', from: 'zk/zookeeper.log.1' }],
  },
  {
    name: 'a source left unknown by a crash continues at its path',
    changed: [{ rel: 'zk/zookeeper.log', head: A }],
    known: [{ key: 'zk/zookeeper.log', path: 'zk/zookeeper.log', fingerprint: '' }],
    want: [{ action: 'continue', key: 'zk/zookeeper.log' }],
  },
  {
    name: 'an unrelated file at a followed path is new, not the old source',
    changed: [{ rel: 'zk/zookeeper.log', head: B }],
    known: [{ key: 'zk/zookeeper.log', path: 'zk/zookeeper.log', fingerprint: fp(A) }],
    want: [{ action: 'new', key: 'zk/zookeeper.log#x' }],
  },
];

for (const c of cases) {
  test(`assignSources: ${c.name}`, () => {
    const got = assignSources(c.changed, c.known, new Set(c.held ?? [])).map(({ rel: _rel, ...a }) => ({
      ...a,
      key: a.key.replace(/#[0-9a-f]{8}$/, '#x'),
    }));
    assert.deepEqual(got, c.want);
  });
}
