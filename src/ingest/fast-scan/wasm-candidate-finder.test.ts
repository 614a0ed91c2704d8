import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMatcher } from '../../rules/rule-matcher.js';
import { loadDefaultRules } from '../../rules/rule-set.js';
import { JsCandidateFinder, type BlockScan } from '../candidate-finder.js';
import { filterOffset, WasmCandidateFinder } from './wasm-candidate-finder.js';

const rules = loadDefaultRules();
const glog = compileMatcher(rules, 'glog');
const zk = compileMatcher(rules, 'zookeeper');

function plain(r: BlockScan) {
  const c: [number, number][] = [];
  for (let i = 0; i < r.candidateCount; i++) c.push([r.candidateStart[i]!, r.candidateLine[i]!]);
  return { lines: r.lines, heads: r.heads, glued: r.glued, first: [r.firstHead, r.firstHeadLine], last: [r.lastHead, r.lastHeadLine], c };
}

function same(name: string, text: Buffer, m = glog): void {
  const a = plain(new JsCandidateFinder(m).scan(text, text.length));
  const b = plain(new WasmCandidateFinder(m).scan(text, text.length));
  assert.deepEqual(b, a, name);
}

test('SIMD scanner equals the JS reference, table', () => {
  const H = 'I0101 00:00:00.000000 1 a.cc:1] ';
  const cases: [string, string][] = [
    ['empty', ''],
    ['only newlines', '\n\n\n\n'],
    ['one ordinary record', `${H}ok\n`],
    ['literal at block start', 'Fail to ping : x\n'],
    ['literal at the very end, no newline', `${H}ok\n${H}ZOO_ERROR`],
    ['literal across the 16-byte boundary', `${'x'.repeat(11)}Fail to ping\n`],
    ['two literals on one line', `${H}Fail to ping back to normal\n`],
    ['continuation lines', `W0101 00:00:00.000000 1 a.cc:1] ok\nTraceback:\n[SESSION KEEPALIVE FAILURE]\n`],
    ['F records', `${H}ok\nF0101 00:00:00.000000 1 a.cc:9] boom\n${H}x\n`],
    ['CRLF', `${H}Fail to ping\r\n${H}ok\r\n`],
    ['bytes above 0x7f', `${H}\u00ff\u00fe Fail to ping \u0080\n`],
    ['near misses', `${H}Fail to pin\nback to norma\nZOO_ERRO\n`],
    ['junk before the first head', `Log file created at: x\n${H}Check failed\n`],
    ['literal filtered past its start, at block start', ' received by PID 7\nsession event\n'],
    ['the filter bytes of a literal whose start is on the line before', 'x received by\nPID \n'],
    ['filter bytes present, literal cut by the block end', `${H}ok\n${H}[SESSION KEEPALIVE FAIL`],
    ["ordinary words sharing a literal's first bytes", `${H}lease renewed for session 42\n${H}read request\n${H}status: ok\n`],
    // A space in a literal is a run of spaces/tabs (real builds pad their messages).
    ['double spaces and tabs inside literals', `${H}Fail  to\tping : x\n${H}session \t event: A --> B\n`],
    ['a blank run that a newline interrupts is no match', `${H}Fail to\nping\n${H}session\n event\n`],
    ['leading blank of a literal: a tab, a run, none', `${H}x\treceived by PID 7\n${H}x  received  by  PID  7\n${H}xreceived by PID 7\n`],
    ['leading blank of a literal at the line start', `received by PID 7\n received by PID 7\n`],
    ['trailing blank of a literal: a tab, none at the block end', `${H}*** Aborted at\t1\n${H}*** Aborted at`],
    ['blanks in the filter window of an unpadded literal', `${H}I am the  leader now\n${H}QuorumCluster  state change\n`],
  ];
  for (const [name, text] of cases) same(name, Buffer.from(text, 'latin1'));
  same(
    'zookeeper heads and old-style states',
    Buffer.from(
      'JMX enabled\n2025-11-03 01:07:52,449 - INFO  [main:QuorumPeerMain@119] - Starting quorum peer\n2025-11-03 01:07:52,699 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@655] - LEADING\n\tat x\n',
      'latin1',
    ),
    zk,
  );
  // Raw C-client logs share ZooKeeper's `dddd-` head test, so the SIMD side needs nothing new.
  const zkc = '2012-07-09 15:36:53,100:16474(0x7f0c118e2700):ZOO_';
  same(
    'raw ZooKeeper C client records and junk lines',
    Buffer.from(
      `init ok\n${zkc}INFO@check_events@1585: initiated connection to server [127.0.0.1:2181]\napp line\n${zkc}ERROR@handle_socket_error_msg@1603: Socket [127.0.0.1:2181] zk retcode=-4, errno=112(Host is down)\n`,
      'latin1',
    ),
    compileMatcher(rules, 'zk-client'),
  );
  const Z = '2021-07-28 13:31:16,997 [myid:] - INFO  [main:X@1] - ';
  const zkCases: [string, string][] = [
    ['a head glued to one dot', `.${Z}LOOKING\n`],
    ['glued to a progress run, after ordinary heads', `${Z}ok\n..F.${Z}Starting quorum peer\n${Z}x\n`],
    ['eight marks still glue; nine do not', `........${Z}a\n.........${Z}b\n`],
    ['a mark-led line that is no head', `...\nFAIL\nE\n.${Z.slice(0, 3)}\n`],
    ["a glued head as the block's last bytes", `${Z}ok\nE2021-07-28 1`],
  ];
  for (const [name, text] of zkCases) same(name, Buffer.from(text, 'latin1'), zk);
});

test('SIMD scanner equals the JS reference on random log-like blocks (seeded)', () => {
  let s = 42;
  const r = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pieces = [
    'I0818 12:00:00.000000 7 a.cc:1] ',
    'F0818 12:00:00.000000 7 a.cc:1] ',
    'Fail to ping : 1.2.3.4:10201',
    'back to normal',
    'ZOO_ERROR',
    'Check failed',
    ' received by PID ',
    'hello world ',
    '\n',
    '\n',
    '\r\n',
    'Traceback:\n',
    '\u00e9\u00ff',
    'Leader is ',
    'zoo hosts',
    'x',
  ];
  // Pieces of literals with their blanks varied: runs of spaces and tabs join them at random.
  pieces.push('Fail', 'to', 'ping', 'back', 'normal', 'received', 'by', 'PID', 'Leader', 'is', ' ', '  ', '\t', ' \t');
  for (let round = 0; round < 300; round++) {
    let t = '';
    const n = Math.floor(r() * 200);
    for (let i = 0; i < n; i++) t += pieces[Math.floor(r() * pieces.length)]!;
    same(`round ${round}`, Buffer.from(t, 'latin1'));
  }
});

test('filterOffset picks the rarest three bytes, table', () => {
  const cases: [string, number][] = [
    ['session event', 0], // all lower case: the first window
    [' received by PID ', 13], // `PID`
    ['[SESSION KEEPALIVE FAILURE]', 0], // `[SE` outranks `SES`
    ['Check failed', 0],
    ['ZOO_ERROR', 1], // `OO_` and `O_E`: the earliest
    ['] - LOOKING', 4], // a window holds no space (it stands for a run of blanks)
    ['a b', 0], // no three solid bytes: the first solid byte
    ['x ab', 2], // two solid bytes beat one
    ['ab', 0], // shorter than a window
    ['abc', 0],
  ];
  for (const [lit, want] of cases) assert.equal(filterOffset(Buffer.from(lit, 'latin1')), want, lit);
});
