import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from './detect-format.js';

test('format detection from content, table', () => {
  const cases: [string, Buffer, unknown, { grep?: boolean }?][] = [
    ['glog with header', Buffer.from('Log file created at: 2022/08/15 18:46:16\nRunning on machine: x\n'), { format: 'glog' }],
    ['glog header only', Buffer.from('Log file created at: 2022/08/15 18:46:16\n'), { format: 'glog' }],
    ['glog without header', Buffer.from('I0818 12:00:00.000000 1 a.cc:1] hi\nW0818 12:00:01.000000 1 a.cc:1] ho\n'), { format: 'glog' }],
    [
      'zookeeper with banner lines',
      Buffer.from('JMX enabled by default\nUsing config: x\n2025-11-03 01:07:52,440 - INFO  [main:QuorumPeerConfig@90] - Reading\n'),
      { format: 'zookeeper' },
    ],
    ['empty', Buffer.alloc(0), { skip: 'empty' }],
    ['binary with NUL', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), { skip: 'binary' }],
    ['mostly control bytes', Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 65))), { skip: 'binary' }],
    ['plain text', Buffer.from('hello world\nthis is not a log\n'), { skip: 'not_a_log' }],
    [
      'README with a date in one line',
      Buffer.from('# zbs\n\nReleased 2022-08-18.\nRun `make` to build.\nSee docs/.\n'),
      { skip: 'not_a_log' },
    ],
    [
      'CSV with a time column',
      Buffer.from('time,node,iops\n2022-08-18 12:46:00,172.17.57.24,300\n2022-08-18 12:46:01,172.17.57.24,310\n'),
      { skip: 'not_a_log' },
    ],
    ['source code', Buffer.from('import x from "y";\nexport function f(a: number) {\n  return a + 1;\n}\n'), { skip: 'not_a_log' }],
    [
      'syslog lines: a log in a format not read here',
      Buffer.from('Dec 18 12:46:00 node57-24 kernel: eth0 link down\nDec 18 12:46:03 node57-24 kernel: eth0 link up\n'),
      { skip: 'unrecognised_log' },
    ],
    [
      'JSON lines with ISO times',
      Buffer.from('{"ts":"2022-08-18T12:46:00Z","msg":"a"}\n{"ts":"2022-08-18T12:46:01Z","msg":"b"}\n'),
      { skip: 'unrecognised_log' },
    ],
    [
      'raw ZooKeeper C client log with a banner',
      Buffer.from(
        'zookeeper_init success!\n2012-11-02 15:06:41,926:14238(0x7fdd8c3c2700):ZOO_INFO@log_env@658: Client environment:zookeeper.version=zookeeper C client 3.4.5\n',
      ),
      { format: 'zk-client' },
    ],
    [
      'grep -rn output of glog files',
      Buffer.from(
        '$ grep -rn "Fail to ping" .\na/zbs-chunkd.INFO:12:W0818 12:46:00.433636 24086 d.cc:240] Fail to ping : x\n--\na/zbs-chunkd.INFO:40:W0818 12:46:02.433636 24086 d.cc:240] Fail to ping : x\n',
      ),
      { grep: true },
    ],
    [
      'grep output not looked for inside grep output',
      Buffer.from('a/zbs-chunkd.INFO:12:W0818 12:46:00.433636 24086 d.cc:240] Fail to ping : x\n'),
      { skip: 'unrecognised_log' },
      { grep: false },
    ],
    [
      'invalid UTF-8 in a glog line is still glog',
      Buffer.concat([Buffer.from('I0818 12:00:00.000000 1 a.cc:1] '), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n')]),
      { format: 'glog' },
    ],
  ];
  for (const [name, buf, want, opts] of cases) assert.deepEqual(detectFormat(buf, opts), want, name);
});
