/**
 * Rebuilds test/fixtures/seed-incident/: a 4-node bundle around the seed's analysis
 * (docs/seed-analysis.md). Every 12:46 line quoted in the seed is used
 * verbatim; the 12:00 restart of zbs-metad on every node, the 57.24 ZooKeeper and
 * zbs-metad restart at 12:46 and the background lines are constructed. Local time is
 * Asia/Shanghai (UTC+8). Run: node dist/scripts/make-seed-fixture.js
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'test/fixtures/seed-incident';
const UUID = '1dacc7b3-11ec-4afd-93c0-062544dc4e10';
const NODES = [24, 25, 26, 27] as const;
type N = (typeof NODES)[number];

const dir = (n: N, svc: string): string => join(OUT, `172_17_57_${n}`, `192_168_57_${n}_${UUID}`, 'zbs_logs', svc);

function glogHeader(created: string, n: N): string[] {
  return [
    `Log file created at: ${created}`,
    `Running on machine: node57-${n}`,
    'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
  ];
}

function write(path: string, lines: string[], finalNewline = true): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, lines.join('\n') + (finalNewline ? '\n' : ''));
}

// zbs-chunkd: the files named in the seed, one long-running instance per node.
const chunkd: Record<N, { file: string; created: string; tid: number; lines: string[] }> = {
  24: { file: 'zbs-chunkd.log.20220815-182951.18620', created: '2022/08/15 18:29:51', tid: 18625, lines: [] },
  25: { file: 'zbs-chunkd.log.20220815-183640.10186', created: '2022/08/15 18:36:40', tid: 10191, lines: [] },
  26: { file: 'zbs-chunkd.log.20220815-184059.24081', created: '2022/08/15 18:40:59', tid: 24086, lines: [] },
  27: { file: 'zbs-chunkd.log.20220815-184616.8491', created: '2022/08/15 18:46:16', tid: 8496, lines: [] },
};
const ping = (n: N, time: string, target: number): string[] => [
  `W0818 ${time} ${String(chunkd[n].tid).padStart(5)} data_channel_manager.cc:240] Fail to ping : 172.17.57.${target}:10201 ping error times: 1 st:`,
  'Traceback:',
  '[EShutDown]:',
];
const back = (n: N, time: string, target: number): string =>
  `I0818 ${time} ${String(chunkd[n].tid).padStart(5)} data_channel_manager.cc:252] datachannel back to normal : ip : 172.17.57.${target} port 10201`;

for (const n of NODES) {
  const c = chunkd[n];
  c.lines.push(
    ...glogHeader(c.created, n),
    `I${c.created.slice(5, 7)}${c.created.slice(8, 10)} ${c.created.slice(11)}.100000 ${c.tid} chunk_server.cc:101] zbs-chunkd starting, version 5.2.0`,
    `I0818 11:59:58.000001 ${c.tid} chunk_server.cc:880] heartbeat ok, 12 chunks`,
    `I0818 12:30:00.000002 ${c.tid} chunk_server.cc:880] heartbeat ok, 12 chunks`,
  );
}
// The seed's `rg 'data_channel_manager.cc:240' | grep '0818 12:46:' | grep 'times: 1 '` lines, in file order.
chunkd[27].lines.push(...ping(27, '12:46:00.490715', 25), ...ping(27, '12:46:18.121991', 26), ...ping(27, '12:46:42.621243', 25));
chunkd[25].lines.push(
  ...ping(25, '12:46:03.036484', 27),
  ...ping(25, '12:46:13.541932', 27),
  ...ping(25, '12:46:38.086125', 27),
  ...ping(25, '12:46:48.589687', 27),
);
chunkd[26].lines.push(
  ...ping(26, '12:46:00.433372', 24),
  ...ping(26, '12:46:00.433636', 27),
  ...ping(26, '12:46:03.932261', 25),
  ...ping(26, '12:46:11.449882', 25),
  ...ping(26, '12:46:11.487835', 27),
);
// The seed's `rg 'datachannel back to normal' | grep '0818 12:47:'` lines.
chunkd[24].lines.push(
  back(24, '12:47:09.651540', 25),
  back(24, '12:47:55.117482', 27),
  back(24, '12:47:55.117671', 25),
  back(24, '12:47:55.118693', 26),
);
chunkd[25].lines.push(back(25, '12:47:55.590549', 26), back(25, '12:47:55.590577', 27), back(25, '12:47:55.590867', 24));
chunkd[27].lines.push(back(27, '12:47:54.140734', 24), back(27, '12:47:54.140890', 25), back(27, '12:47:54.141216', 26));
chunkd[26].lines.push(back(26, '12:47:54.002331', 27), back(26, '12:47:54.002382', 24), back(26, '12:47:54.002486', 25));
for (const n of NODES) chunkd[n].lines.push(`I0818 13:00:00.000003 ${chunkd[n].tid} chunk_server.cc:880] heartbeat ok, 12 chunks`);

// zbs-metad: restarted on every node at about 12:00 (stop signal, new file, new pid).
const metaOld: Record<N, [string, string, number]> = {
  24: ['zbs-metad.log.20220815-182950.18500', '2022/08/15 18:29:50', 18500],
  25: ['zbs-metad.log.20220815-183639.10100', '2022/08/15 18:36:39', 10100],
  26: ['zbs-metad.log.20220815-184058.24000', '2022/08/15 18:40:58', 24000],
  27: ['zbs-metad.log.20220815-184615.8400', '2022/08/15 18:46:15', 8400],
};
const metaNew: Record<N, [string, string, number, string]> = {
  24: ['zbs-metad.log.20220818-120012.30100', '2022/08/18 12:00:12', 30100, '12:00:12'],
  25: ['zbs-metad.log.20220818-120015.30200', '2022/08/18 12:00:15', 30200, '12:00:15'],
  26: ['zbs-metad.log.20220818-120018.30300', '2022/08/18 12:00:18', 30300, '12:00:18'],
  27: ['zbs-metad.log.20220818-120021.30400', '2022/08/18 12:00:21', 30400, '12:00:21'],
};
const stopAt: Record<N, string> = { 24: '12:00:02.101000', 25: '12:00:05.202000', 26: '12:00:08.303000', 27: '12:00:11.404000' };
for (const n of NODES) {
  const [file, created, pid] = metaOld[n];
  write(join(dir(n, 'zbs-metad'), file), [
    ...glogHeader(created, n),
    `I${created.slice(5, 7)}${created.slice(8, 10)} ${created.slice(11)}.200000 ${pid} meta_server.cc:90] zbs-metad starting`,
    `I0818 11:50:00.000000 ${pid} meta_server.cc:400] meta heartbeat ok`,
    `I0818 ${stopAt[n]} ${pid} main.cc:200] received signal 15, shutting down`,
  ]);
  const [nfile, ncreated, npid, t] = metaNew[n];
  const lines = [...glogHeader(ncreated, n), `I0818 ${t}.500000 ${npid} meta_server.cc:90] zbs-metad starting`];
  if (n === 25) lines.push(`I0818 12:00:30.000000 ${npid} meta_server.cc:300] [ROLE CHANGE] I am the leader now. seq is 8`);
  else lines.push(`I0818 12:00:31.000000 ${npid} meta_server.cc:310] Leader is 172.17.57.25:10100. seq is 8`);
  if (n === 24) {
    // 57.24 at 12:46: its ZooKeeper server is gone, the client sees it, zbs-metad dies.
    lines.push(
      'E0818 12:46:03.922333 13231 main.cc:82] [ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
      `I0818 12:46:05.000000 ${npid} zk_client.cc:120] zookeeper session event: CONNECTED_STATE --> EXPIRED_SESSION_STATE`,
      `F0818 12:46:05.100000 ${npid} meta_server.cc:512] Check failed: zk_session_ok() zookeeper session expired`,
      '*** Check failure stack trace: ***',
      '    @     0x7fe9c1a3b1c3  google::LogMessage::Fail()',
      '*** Aborted at 1660797965 (unix time) try "date -d @1660797965" if you are using GNU date ***',
      `*** SIGABRT (@0x3e80000${npid.toString(16)}) received by PID ${npid} (TID 0x7fe9be9e2700) from PID ${npid}; stack trace: ***`,
    );
  } else {
    lines.push(`I0818 13:00:00.000000 ${npid} meta_server.cc:400] meta heartbeat ok`);
  }
  write(join(dir(n, 'zbs-metad'), nfile), lines);
}
write(join(dir(24, 'zbs-metad'), 'zbs-metad.log.20220818-124620.31100'), [
  ...glogHeader('2022/08/18 12:46:20', 24),
  'I0818 12:46:20.700000 31100 meta_server.cc:90] zbs-metad starting',
  'I0818 12:46:31.000000 31100 meta_server.cc:310] Leader is 172.17.57.25:10100. seq is 8',
  'I0818 13:00:00.000000 31100 meta_server.cc:400] meta heartbeat ok',
]);

// ZooKeeper servers (3.6+ format); myid 3..6 on 57.24..27; 57.26 led until 12:46.
const zk = (n: N, t: string, level: string, where: string, msg: string): string =>
  `2022-08-18T${t} [myid:] - ${level.padEnd(5)} [QuorumPeer[myid=${n - 21}](plain=172.17.57.${n}:2181)(secure=disabled):${where}] - ${msg}`;
write(join(dir(24, 'zookeeper'), 'zookeeper.log'), [
  zk(24, '11:00:00,000', 'INFO', 'QuorumPeer@742', 'Peer state changed: following - broadcast'),
  zk(24, '12:45:55,903', 'WARN', 'Follower@100', 'Exception when following the leader'),
  'java.net.SocketTimeoutException: Read timed out',
  '\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)',
  zk(24, '12:45:56,010', 'INFO', 'QuorumPeer@1435', 'Shutting down'),
  '2022-08-18T12:46:20,100 [myid:] - INFO  [main:QuorumPeerMain@151] - Starting quorum peer',
  zk(24, '12:46:20,500', 'INFO', 'QuorumPeer@748', 'Peer state changed: looking'),
  zk(24, '12:46:21,000', 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery'),
]);
write(join(dir(25, 'zookeeper'), 'zookeeper.log'), [
  zk(25, '11:00:00,000', 'INFO', 'QuorumPeer@742', 'Peer state changed: following - broadcast'),
  zk(25, '12:46:00,955', 'INFO', 'QuorumPeer@748', 'Peer state changed: looking'),
  zk(25, '12:46:09,990', 'INFO', 'QuorumPeer@742', 'Peer state changed: leading'),
  zk(25, '12:46:10,100', 'INFO', 'QuorumPeer@742', 'Peer state changed: leading - broadcast'),
]);
for (const n of [26, 27] as const) {
  write(join(dir(n, 'zookeeper'), 'zookeeper.log'), [
    zk(
      n,
      '11:00:00,000',
      'INFO',
      'QuorumPeer@742',
      n === 26 ? 'Peer state changed: leading - broadcast' : 'Peer state changed: following - broadcast',
    ),
    zk(n, '12:46:01,200', 'INFO', 'QuorumPeer@748', 'Peer state changed: looking'),
    zk(n, '12:46:10,050', 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery'),
  ]);
}

rmSync(join(OUT, 'ignored'), { recursive: true, force: true });
for (const n of NODES) write(join(dir(n, 'zbs-chunkd'), chunkd[n].file), chunkd[n].lines);
writeFileSync(
  join(OUT, 'README.md'),
  '# seed-incident fixture\n\nGenerated by `scripts/make-seed-fixture.ts`. The 12:46 lines quoted in `docs/seed-analysis.md` are verbatim;\n' +
    'the 12:00 zbs-metad restart on every node, the 12:46 ZooKeeper/zbs-metad restart on 57.24 and the background lines are constructed.\n' +
    'Local time: Asia/Shanghai (UTC+8).\n',
);
