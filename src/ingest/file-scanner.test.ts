import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMatcher } from '../rules/rule-matcher.js';
import { loadDefaultRules } from '../rules/rule-set.js';
import { formatUtcUs, ZoneConverter } from '../time/zone.js';
import type { LogFormat } from '../model/source-info.js';
import { JsCandidateFinder } from './candidate-finder.js';
import { FileScanner, initialScanState, type ScanState } from './file-scanner.js';
import { batchToEvents } from '../model/event-batch.js';

const rules = loadDefaultRules();

function scan(
  text: string | Buffer,
  opts: { format?: LogFormat; tz?: string; chunk?: number; year?: number; month?: number; state?: ScanState } = {},
) {
  const format = opts.format ?? 'glog';
  const matcher = compileMatcher(rules, format);
  const s = new FileScanner(
    {
      source: 'f.log',
      cluster: 'c',
      node: 'n',
      service: 's',
      pid: 1,
      format,
      zone: new ZoneConverter(opts.tz ?? 'UTC'),
      matcher,
      finder: new JsCandidateFinder(matcher),
    },
    opts.state ?? initialScanState(format === 'glog' ? (opts.year ?? 2022) : null, opts.month ?? 1, format === 'glog' ? 'header' : null),
  );
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const step = opts.chunk ?? buf.length;
  for (let i = 0; i < buf.length; i += Math.max(1, step)) s.push(buf.subarray(i, i + Math.max(1, step)));
  s.end();
  const events = s
    .takeEvents()
    .flatMap(batchToEvents)
    .map((e) => ({ time: formatUtcUs(e.tsUs), kind: e.kind, line: e.line, peer: e.peer, message: e.message, fields: e.fields }));
  return { events, totals: s.totals, state: s.finalState, checkpoint: s.checkpointState, endKind: s.endKind() };
}

const SEED = [
  'Log file created at: 2022/08/15 18:40:59',
  'Running on machine: node57-26',
  'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
  'I0815 18:40:59.100000 24086 chunk_server.cc:101] zbs-chunkd starting',
  'W0818 12:46:00.433372 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.24:10201 ping error times: 1 st:',
  'Traceback:',
  '[EShutDown]:',
  'W0818 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.27:10201 ping error times: 1 st:',
  'Traceback:',
  '[EShutDown]:',
  'I0818 12:47:54.002331 24086 data_channel_manager.cc:252] datachannel back to normal : ip : 172.17.57.27 port 10201',
  '',
].join('\n');

test('seed lines: events with line numbers, continuation lines kept, counts', () => {
  const r = scan(SEED, { tz: 'Asia/Shanghai', year: 2022, month: 8 });
  assert.deepEqual(
    r.events.map((e) => [e.time, e.kind, e.line, e.peer]),
    [
      ['2022-08-18T04:46:00.433372Z', 'peer.link_down', 5, '172.17.57.24:10201'],
      ['2022-08-18T04:46:00.433636Z', 'peer.link_down', 8, '172.17.57.27:10201'],
      ['2022-08-18T04:47:54.002331Z', 'peer.link_up', 11, '172.17.57.27:10201'],
    ],
  );
  assert.equal(r.events[0]!.message, 'Fail to ping : 172.17.57.24:10201 ping error times: 1 st:\nTraceback:\n[EShutDown]:');
  assert.equal(r.totals.lines, 11);
  assert.equal(r.totals.records, 4);
  assert.equal(r.state.firstLine, 4);
  assert.equal(formatUtcUs(r.state.firstTsUs!), '2022-08-15T10:40:59.100000Z');
  assert.equal(r.state.lastLine, 11);
});

test('the same bytes in any chunking give the same result, table', () => {
  const whole = scan(SEED, { year: 2022, month: 8 });
  for (const chunk of [1, 2, 7, 64, 100, 1000]) {
    const r = scan(SEED, { year: 2022, month: 8, chunk });
    assert.deepEqual(r.events, whole.events, `chunk ${chunk}`);
    assert.deepEqual([r.totals.lines, r.totals.records], [whole.totals.lines, whole.totals.records], `chunk ${chunk}`);
  }
});

test('year rolls over from December to January; stragglers keep the old year', () => {
  const text = [
    'W1231 23:59:59.900000 1 a.cc:1] Fail to ping : 1.1.1.1:1 ping error times: 1 st:',
    'W0101 00:00:00.100000 1 a.cc:1] Fail to ping : 1.1.1.2:1 ping error times: 1 st:',
    'W1231 23:59:59.950000 2 a.cc:1] Fail to ping : 1.1.1.3:1 ping error times: 1 st:',
    'W0102 00:00:00.000000 1 a.cc:1] Fail to ping : 1.1.1.4:1 ping error times: 1 st:',
    '',
  ].join('\n');
  const r = scan(text, { year: 2022, month: 12 });
  assert.deepEqual(
    r.events.map((e) => e.time),
    ['2022-12-31T23:59:59.900000Z', '2023-01-01T00:00:00.100000Z', '2022-12-31T23:59:59.950000Z', '2023-01-02T00:00:00.000000Z'],
  );
});

test('bad input inside a file is counted, never thrown, table', () => {
  const cases: { name: string; text: string | Buffer; issues: Record<string, number>; events: number }[] = [
    {
      name: 'Feb 30',
      text: 'W0230 12:00:00.000000 1 a.cc:1] Fail to ping : 1.1.1.1:1 ping error times: 1 st:\n',
      issues: { invalid_time: 1 },
      events: 0,
    },
    {
      name: 'cut-off last line: the head is incomplete',
      text: 'I0818 12:00:00.000000 1 a.cc:1] ok\nF0818 12:00:01.000000 1 a.cc:2] Check failed: x\nW0818 12:00:0',
      issues: { cut_off_line: 1 },
      events: 1,
    },
    {
      name: 'cut-off last line: inside a UTF-8 character',
      text: Buffer.concat([Buffer.from('F0818 12:00:01.000000 1 a.cc:2] Check failed: '), Buffer.from([0xe4, 0xb8])]),
      issues: { cut_off_line: 1, invalid_utf8: 1 },
      events: 1,
    },
    {
      name: 'a whole last record without a final newline is not cut off',
      text: 'I0818 12:00:00.000000 1 a.cc:1] ok\nF0818 12:00:01.000000 1 a.cc:2] Check failed: x',
      issues: { no_final_newline: 1 },
      events: 1,
    },
    {
      name: 'invalid UTF-8 in an event',
      text: Buffer.concat([
        Buffer.from('W0818 12:00:00.000000 1 a.cc:1] Fail to ping : 1.1.1.1:1 ping error times: 1 st: '),
        Buffer.from([0xff, 0xc3]),
        Buffer.from('\n'),
      ]),
      issues: { invalid_utf8: 1 },
      events: 1,
    },
    {
      name: 'header shape broken on a candidate',
      text: 'W0818 12:00:0 Fail to ping : 1.1.1.1:1 ping error times: 1 st:\n',
      issues: { bad_header: 1 },
      events: 0,
    },
    {
      name: 'header only',
      text: 'Log file created at: 2022/08/15 18:40:59\nRunning on machine: x\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n',
      issues: {},
      events: 0,
    },
    { name: 'empty', text: '', issues: {}, events: 0 },
  ];
  for (const c of cases) {
    const r = scan(c.text, { year: 2022, month: 8 });
    assert.deepEqual(r.totals.issues, c.issues, c.name);
    assert.equal(r.events.length, c.events, c.name);
  }
});

test('a 1 MB line is one record and does not break its neighbours', () => {
  const big = 'I0818 12:00:00.000000 1 a.cc:1] dump ' + 'x'.repeat(1024 * 1024);
  const text = `${big}\nW0818 12:00:01.000000 1 a.cc:1] Fail to ping : 1.1.1.1:1 ping error times: 1 st:\n${big}\n`;
  const r = scan(text, { year: 2022, month: 8, chunk: 64 * 1024 });
  assert.equal(r.events.length, 1);
  assert.equal(r.events[0]!.line, 2);
  assert.equal(r.totals.records, 3);
});

test('crash at the end of the file sets endKind; a stop line too', () => {
  const crash = scan(
    'I0818 12:00:00.000000 1 a.cc:1] ok\nF0818 12:00:01.000000 1 a.cc:2] Check failed: x\n*** Check failure stack trace: ***\n',
    { year: 2022 },
  );
  assert.equal(crash.endKind, 'crash');
  assert.equal(crash.events[0]!.kind, 'process.crash');
  const stop = scan('I0818 12:00:00.000000 1 a.cc:1] received signal 15, shutting down\n', { year: 2022 });
  assert.equal(stop.endKind, 'stop');
  const none = scan('I0818 12:00:00.000000 1 a.cc:1] ok\n', { year: 2022 });
  assert.equal(none.endKind, 'none');
});

const I = (t: string, msg: string) => `I0818 12:00:${t} 1 a.cc:1] ${msg}`;
const E = (t: string, msg: string) => `E0818 12:00:${t} 1 a.cc:1] ${msg}`;
const ZK = (t: string, where: string, msg: string, lvl = 'INFO ') => `2022-08-18 12:00:${t} [myid:3] - ${lvl} [${where}] - ${msg}`;
const banner = [
  '#',
  '# A fatal error has been detected by the Java Runtime Environment:',
  '#',
  '#  SIGSEGV (0xb) at pc=0x00007f3b2c0d4e2a, pid=1234, tid=0x00007f3b1d2fe700',
  '#',
];
const END_CASES: { name: string; format?: LogFormat; lines: string[]; endKind: string; crash?: { line: number; reason: string } }[] = [
  {
    name: 'glog: last records are E lines, no stop line (start-up failure)',
    lines: [I('00.000000', 'starting'), E('00.100000', 'no module library found!'), E('00.200000', 'module start error.')],
    endKind: 'crash',
    crash: { line: 3, reason: 'error_tail' },
  },
  {
    name: 'glog: E lines then a stop line',
    lines: [E('00.100000', 'bad'), I('00.200000', 'received signal 15, shutting down')],
    endKind: 'stop',
  },
  {
    name: 'glog: a stop line then E lines (errors while shutting down)',
    lines: [I('00.100000', 'received signal 15, shutting down'), E('00.200000', 'rpc failed: connection closed')],
    endKind: 'stop',
  },
  { name: 'glog: E lines, then ordinary lines', lines: [E('00.100000', 'bad'), I('00.200000', 'heartbeat ok')], endKind: 'none' },
  {
    name: 'glog: JVM fatal-error banner after the last record',
    lines: [I('00.000000', 'ok'), I('00.100000', 'heartbeat ok'), ...banner],
    endKind: 'crash',
    crash: { line: 2, reason: 'jvm_fatal' },
  },
  {
    name: 'glog: Check failed at E level',
    lines: [I('00.000000', 'ok'), E('00.100000', 'Check failed: a == b')],
    endKind: 'crash',
    crash: { line: 2, reason: 'check_failed' },
  },
  {
    name: 'glog: abort dump after the last record',
    lines: [I('00.000000', 'ok'), '*** Aborted at 1660797965 (unix time) try "date -d @1660797965" if you are using GNU date ***'],
    endKind: 'crash',
    crash: { line: 1, reason: 'abort_dump' },
  },
  {
    name: 'glog: signal dump after the last record',
    lines: [I('00.000000', 'ok'), '*** SIGSEGV (@0x0) received by PID 1 (TID 0x7f) from PID 0; stack trace: ***'],
    endKind: 'crash',
    crash: { line: 1, reason: 'signal_dump' },
  },
  {
    name: 'zookeeper: JVM fatal-error banner after the last record',
    format: 'zookeeper',
    lines: [
      ZK('00,000', 'main:QuorumPeerMain@119', 'Starting quorum peer'),
      ZK('01,000', 'NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1435', 'Closed socket connection'),
      ...banner,
    ],
    endKind: 'crash',
    crash: { line: 2, reason: 'jvm_fatal' },
  },
  {
    name: 'zookeeper: ERROR lines last are no crash (peers come and go)',
    format: 'zookeeper',
    lines: [
      ZK('00,000', 'main:QuorumPeerMain@119', 'Starting quorum peer'),
      ZK(
        '01,000',
        'LearnerHandler-/127.0.0.1:59014:LearnerHandler@461',
        'Unexpected exception causing shutdown while sock still open',
        'ERROR',
      ),
    ],
    endKind: 'none',
  },
  {
    name: 'zookeeper: exiting abnormally',
    format: 'zookeeper',
    lines: [
      ZK('00,000', 'main:QuorumPeerMain@119', 'Starting quorum peer'),
      ZK('01,000', 'main:QuorumPeerMain@114', 'Unexpected exception, exiting abnormally', 'ERROR'),
      'java.net.BindException: Address already in use',
    ],
    endKind: 'crash',
    crash: { line: 2, reason: 'exited_abnormally' },
  },
];

test('how a file ends: crash, stop or none, with the crash evidence, table', () => {
  const cases = END_CASES;
  for (const c of cases) {
    const r = scan(c.lines.join('\n') + '\n', { format: c.format ?? 'glog', year: 2022, month: 8 });
    assert.equal(r.endKind, c.endKind, c.name);
    const crashes = r.events.filter((e) => e.kind === 'process.crash').map((e) => ({ line: e.line, reason: e.fields.reason }));
    assert.deepEqual(crashes, c.crash ? [c.crash] : [], `${c.name}: crash evidence`);
  }
});

test('a stop a few records before the end of a large file still ends it', () => {
  let text = '';
  for (let i = 0; i < 20000; i++) text += `I0818 12:00:00.000000 1 a.cc:1] ordinary line ${i}\n`;
  text += 'I0818 12:00:01.000000 1 a.cc:1] received signal 15, shutting down\n';
  for (let i = 0; i < 5; i++) text += `I0818 12:00:01.000000 1 a.cc:1] closing ${i}\n`;
  for (const chunk of [1 << 20, 64 * 1024]) assert.equal(scan(text, { year: 2022, month: 8, chunk }).endKind, 'stop', `chunk ${chunk}`);
});

test('one shutdown is one stop event, however many components say so, table', () => {
  const cases: { name: string; format: LogFormat; lines: string[]; stops: number[] }[] = [
    {
      name: 'glog: the signal line, components, a bare stop line and the SIGTERM dump',
      format: 'glog',
      lines: [
        'I0818 12:00:00.000000 1 a.cc:1] received signal 15, shutting down',
        'I0818 12:00:00.100000 1 b.cc:1] DataChannel: shutting down',
        'I0818 12:00:00.200000 1 c.cc:1] MetaRpc shutting down',
        'I0818 12:00:00.300000 1 d.cc:1] Shutting down.',
        '*** SIGTERM (@0x0) received by PID 1 (TID 0x7f) from PID 1; stack trace: ***',
      ],
      stops: [1],
    },
    {
      name: 'ZooKeeper 3.9: processors, Leader and the main exit',
      format: 'zookeeper',
      lines: [
        '2022-08-18 12:00:00,000 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):Leader@862] - Shutting down',
        '2022-08-18 12:00:00,001 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):Leader@868] - Shutdown called. For the reason Forcing shutdown',
        '2022-08-18 12:00:00,002 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):ZooKeeperServer@924] - Shutting down',
        '2022-08-18 12:00:00,003 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):LeaderRequestProcessor@79] - Shutting down',
        '2022-08-18 12:00:00,004 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):PrepRequestProcessor@1039] - Shutting down',
        '2022-08-18 12:00:00,005 [myid:3] - INFO  [SyncThread:3:SyncRequestProcessor@255] - Shutting down',
        '2022-08-18 12:00:00,006 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):FinalRequestProcessor@680] - shutdown of request processor complete',
        '2022-08-18 12:00:00,007 [myid:3] - WARN  [QuorumPeer[myid=3](plain=0.0.0.0:2181)(secure=disabled):QuorumPeer@1583] - QuorumPeer main thread exited',
        '2022-08-18 12:00:00,008 [myid:3] - INFO  [main:QuorumPeerMain@118] - Exiting normally',
        '2022-08-18 12:00:00,009 [myid:3] - INFO  [main:ServiceUtils@45] - Exiting JVM with code 0',
      ],
      stops: [9],
    },
    {
      name: 'ZooKeeper: a follower losing its leader shuts its server down and is no stop',
      format: 'zookeeper',
      lines: [
        '2022-08-18 12:00:00,000 [myid:1] - WARN  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled):Follower@129] - Exception when following the leader',
        '2022-08-18 12:00:00,001 [myid:1] - INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled):LearnerZooKeeperServer@160] - Shutting down',
        '2022-08-18 12:00:00,002 [myid:1] - INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled):FollowerRequestProcessor@172] - Shutting down',
        '2022-08-18 12:00:00,003 [myid:1] - INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled):QuorumPeer@925] - Peer state changed: looking',
      ],
      stops: [],
    },
  ];
  for (const c of cases) {
    const r = scan(c.lines.join('\n') + '\n', { format: c.format, year: 2022, month: 8 });
    assert.deepEqual(
      r.events.filter((e) => e.kind === 'process.stop').map((e) => e.line),
      c.stops,
      c.name,
    );
  }
});

test('resuming from the checkpoint after growth yields exactly the new events', () => {
  const part1 = SEED;
  const part2 = 'W0818 12:50:00.000000 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.25:10201 ping error times: 1 st:\n';
  const whole = scan(part1 + part2, { year: 2022, month: 8 });
  const first = scan(part1, { year: 2022, month: 8 });
  const cp = first.checkpoint;
  assert.equal(cp.line, 11, 'resume at the last record');
  const rest = scan(Buffer.from(part1 + part2).subarray(cp.offset), { state: structuredClone(cp) });
  const kept = first.events.filter((e) => e.line < cp.line);
  assert.deepEqual([...kept, ...rest.events], whole.events);
  assert.equal(rest.state.line, whole.state.line);
  assert.equal(rest.state.records, whole.state.records);
});

test('ZooKeeper 3.3 file: banner counted as leading junk, stack traces kept, myid carried forward', () => {
  const text = [
    'JMX enabled by default',
    'Starting zookeeper ... ',
    '2025-11-03 01:07:52,449 - INFO  [main:QuorumPeerMain@119] - Starting quorum peer',
    '2025-11-03 01:07:52,479 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@621] - LOOKING',
    '2025-11-03 01:07:52,481 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:FastLeaderElection@663] - New election. My id =  3, Proposed zxid = 0',
    '2025-11-03 01:07:52,699 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@655] - LEADING',
    '2025-11-03 01:10:00,000 - WARN  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:Follower@82] - Exception when following the leader',
    'java.io.EOFException',
    '\tat java.io.DataInputStream.readInt(DataInputStream.java:375)',
    '',
  ].join('\n');
  const r = scan(text, { format: 'zookeeper' });
  assert.deepEqual(
    r.events.map((e) => [e.time, e.kind, e.line, e.fields.state ?? null, e.fields.myid ?? null]),
    [
      ['2025-11-03T01:07:52.449000Z', 'process.start', 3, null, null],
      ['2025-11-03T01:07:52.479000Z', 'zk.server.state', 4, 'looking', null],
      ['2025-11-03T01:07:52.481000Z', 'zk.server.myid', 5, null, 3],
      ['2025-11-03T01:07:52.699000Z', 'zk.server.state', 6, 'leading', 3],
      ['2025-11-03T01:10:00.000000Z', 'zk.server.leader_lost', 7, null, 3],
    ],
  );
  assert.equal(r.events[4]!.message.split('\n').length, 3, 'stack trace kept with its record');
  assert.equal(r.totals.issues.leading_junk, 2);
});

test('the stored message is the decoded record text, whether its bytes are copied or it is encoded again, table', () => {
  const head = 'W0818 12:00:00.000000 1 a.cc:1] ';
  const ping = 'Fail to ping : 1.1.1.1:1 ping error times: 1 st:';
  const long = `${ping} ${'é'.repeat(9000)}`; // 18 000 bytes, 9 000+ chars: bytes over the limit, chars under
  const cases: { name: string; bytes: Buffer; message: string }[] = [
    { name: 'ASCII (bytes copied)', bytes: Buffer.from(`${head}${ping}\n`), message: ping },
    { name: 'multi-byte UTF-8 (bytes copied)', bytes: Buffer.from(`${head}${ping} 日本語 🙂\n`), message: `${ping} 日本語 🙂` },
    {
      name: 'continuation lines (bytes copied)',
      bytes: Buffer.from(`${head}${ping}\nTraceback:\n[EShutDown]:\n`),
      message: `${ping}\nTraceback:\n[EShutDown]:`,
    },
    { name: 'CRLF line ends (encoded again)', bytes: Buffer.from(`${head}${ping}\r\nTraceback:\r\n`), message: `${ping}\nTraceback:` },
    {
      name: 'invalid UTF-8 (encoded again, as replacement characters)',
      bytes: Buffer.concat([Buffer.from(`${head}${ping} `), Buffer.from([0xff, 0xc3]), Buffer.from('\n')]),
      message: `${ping} \ufffd\ufffd`,
    },
    { name: 'more bytes than the message limit, fewer characters (encoded again)', bytes: Buffer.from(`${head}${long}\n`), message: long },
    {
      name: 'more characters than the limit (truncated)',
      bytes: Buffer.from(`${head}${ping} ${'x'.repeat(20_000)}\n`),
      message: `${`${ping} ${'x'.repeat(20_000)}`.slice(0, 16 * 1024)} …[truncated]`,
    },
  ];
  for (const c of cases) {
    const r = scan(c.bytes, { year: 2022, month: 8 });
    assert.equal(r.events.length, 1, c.name);
    assert.equal(r.events[0]!.message, c.message, c.name);
  }
});
