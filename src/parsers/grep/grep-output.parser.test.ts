import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmGrepLine, splitGrepLine, type GrepLine } from './grep-output.parser.js';

const GLOG = 'I1218 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.27:10201 ping error times: 1 st:';
const ZK =
  '2022-08-18 12:46:00,955 [myid:4] - INFO  [QuorumPeer[myid=4](plain=172.17.57.25:2181)(secure=disabled):QuorumPeer@748] - Peer state changed: looking';
const ZKC =
  '2012-11-02 15:06:41,926:14238(0x7fdd8c3c2700):ZOO_INFO@log_env@658: Client environment:zookeeper.version=zookeeper C client 3.4.5';

/** The split as [path, lineNo, context, record]. */
function shape(line: string, g: GrepLine | null): [string, number | null, boolean, string] | null {
  return g && [g.path, g.lineNo, g.context, line.slice(g.recordStart)];
}

test('grep lines that prove their PATH, table', () => {
  const cases: { name: string; line: string; want: [string, number | null, boolean, string] | null }[] = [
    {
      name: 'grep -rn match, glog',
      line: `/var/log/zbs/zbs-chunkd.INFO:94873:${GLOG}`,
      want: ['/var/log/zbs/zbs-chunkd.INFO', 94873, false, GLOG],
    },
    {
      name: 'rg -n context line, dashes and dots in the PATH',
      line: `172_17_57_24/zbs_logs/zbs-chunkd.log.20220815-184616.8491-12-${GLOG}`,
      want: ['172_17_57_24/zbs_logs/zbs-chunkd.log.20220815-184616.8491', 12, true, GLOG],
    },
    { name: 'ZooKeeper server record', line: `zookeeper.log:7:${ZK}`, want: ['zookeeper.log', 7, false, ZK] },
    { name: 'raw C client record', line: `client.log-3-${ZKC}`, want: ['client.log', 3, true, ZKC] },
    { name: 'grep -n on one file: no PATH', line: `94873:${GLOG}`, want: ['', 94873, false, GLOG] },
    { name: 'no line numbers (rg -N)', line: `zbs-chunkd.INFO:${GLOG}`, want: ['zbs-chunkd.INFO', null, false, GLOG] },
    {
      name: 'no line numbers, ZooKeeper record whose date holds dashes',
      line: `zookeeper.log:${ZK}`,
      want: ['zookeeper.log', null, false, ZK],
    },
    { name: 'a PATH holding a colon', line: `c:/logs/zbs-metad.INFO:5:${GLOG}`, want: ['c:/logs/zbs-metad.INFO', 5, false, GLOG] },
    { name: 'a matched line that is no record proves nothing', line: 'zbs-chunkd.INFO:12:hello', want: null },
    { name: 'a plain glog line is not grep output', line: GLOG, want: null },
    { name: 'a plain ZooKeeper line is not grep output', line: ZK, want: null },
    { name: 'continuation line proves nothing', line: 'zbs-chunkd.INFO-94874-Traceback:', want: null },
    { name: 'group separator', line: '--', want: null },
    { name: 'shell prompt', line: 'root@node57-24:~# rg -n "Fail to ping" /var/log/zbs', want: null },
    { name: 'a note with a time in it', line: 'Note: at 12:46:00 the node went away', want: null },
    { name: 'empty', line: '', want: null },
  ];
  for (const c of cases) assert.deepEqual(shape(c.line, confirmGrepLine(c.line)), c.want, c.name);
});

test('grep lines split by the PATHs already proven, table', () => {
  const paths = new Map<string, boolean>([
    ['/var/log/zbs/zbs-chunkd.INFO', true],
    ['node-1-logs/zbs-metad.INFO', true],
    ['node', true],
    ['zk.log', false],
    ['', true],
  ]);
  const cases: { name: string; line: string; want: [string, number | null, boolean, string] | null }[] = [
    {
      name: 'context continuation line',
      line: '/var/log/zbs/zbs-chunkd.INFO-94874-Traceback:',
      want: ['/var/log/zbs/zbs-chunkd.INFO', 94874, true, 'Traceback:'],
    },
    {
      name: 'matched continuation line',
      line: '/var/log/zbs/zbs-chunkd.INFO:94875:[EShutDown]:',
      want: ['/var/log/zbs/zbs-chunkd.INFO', 94875, false, '[EShutDown]:'],
    },
    { name: 'empty original line', line: '/var/log/zbs/zbs-chunkd.INFO-94876-', want: ['/var/log/zbs/zbs-chunkd.INFO', 94876, true, ''] },
    {
      name: 'a PATH with -N- inside, not cut at a shorter known PATH',
      line: 'node-1-logs/zbs-metad.INFO-8-  at foo()',
      want: ['node-1-logs/zbs-metad.INFO', 8, true, '  at foo()'],
    },
    { name: 'unnumbered PATH', line: 'zk.log-java.lang.Exception: x', want: ['zk.log', null, true, 'java.lang.Exception: x'] },
    { name: 'no PATH, numbered (grep -n on one file)', line: '12-Traceback:', want: ['', 12, true, 'Traceback:'] },
    { name: 'unknown PATH', line: 'other.log:3:hello', want: null },
    { name: 'group separator', line: '--', want: null },
    { name: 'prompt', line: '$ rg -n -C2 "Fail to ping"', want: null },
  ];
  for (const c of cases) assert.deepEqual(shape(c.line, splitGrepLine(c.line, paths)), c.want, c.name);
});
