import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from './detect-format.js';

test('format detection from content, table', () => {
  const cases: [string, Buffer, unknown][] = [
    ['glog with header', Buffer.from('Log file created at: 2022/08/15 18:46:16\nRunning on machine: x\n'), { format: 'glog' }],
    ['glog header only', Buffer.from('Log file created at: 2022/08/15 18:46:16\n'), { format: 'glog' }],
    ['glog without header', Buffer.from('I0818 12:00:00.000000 1 a.cc:1] hi\nW0818 12:00:01.000000 1 a.cc:1] ho\n'), { format: 'glog' }],
    ['zookeeper with banner lines', Buffer.from('JMX enabled by default\nUsing config: x\n2025-11-03 01:07:52,440 - INFO  [main:QuorumPeerConfig@90] - Reading\n'), { format: 'zookeeper' }],
    ['empty', Buffer.alloc(0), { skip: 'empty' }],
    ['binary with NUL', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), { skip: 'binary' }],
    ['mostly control bytes', Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 65))), { skip: 'binary' }],
    ['plain text', Buffer.from('hello world\nthis is not a log\n'), { skip: 'unknown_format' }],
    ['invalid UTF-8 in a glog line is still glog', Buffer.concat([Buffer.from('I0818 12:00:00.000000 1 a.cc:1] '), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n')]), { format: 'glog' }],
  ];
  for (const [name, buf, want] of cases) assert.deepEqual(detectFormat(buf), want, name);
});
