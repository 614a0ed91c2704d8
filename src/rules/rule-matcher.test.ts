import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Level } from '../model/event.js';
import type { LogFormat } from '../model/source-info.js';
import { compileMatcher } from './rule-matcher.js';
import { loadDefaultRules } from './rule-set.js';

const rules = loadDefaultRules();
const matchers = {
  glog: compileMatcher(rules, 'glog'),
  zookeeper: compileMatcher(rules, 'zookeeper'),
  'zk-client': compileMatcher(rules, 'zk-client'),
};

interface Case {
  name: string;
  format: LogFormat;
  level: Level;
  message: string;
  /** The header part of the line, for literals that sit there (`] - LOOKING`). */
  header?: string;
  want: { kind: string; peer?: string | null; fields?: Record<string, unknown> }[];
}

const cases: Case[] = [
  {
    name: 'seed link down',
    format: 'glog',
    level: 'W',
    message: 'Fail to ping : 172.17.57.27:10201 ping error times: 1 st:\nTraceback:\n[EShutDown]:',
    want: [{ kind: 'peer.link_down', peer: '172.17.57.27:10201', fields: { times: 1 } }],
  },
  {
    name: 'repeated link failure',
    format: 'glog',
    level: 'W',
    message: 'Fail to ping : 172.17.57.27:10201 ping error times: 12 st:',
    want: [{ kind: 'peer.link_down', fields: { times: 12 } }],
  },
  {
    name: 'seed link up',
    format: 'glog',
    level: 'I',
    message: 'datachannel back to normal : ip : 172.17.57.25 port 10201',
    want: [{ kind: 'peer.link_up', peer: '172.17.57.25:10201' }],
  },
  {
    name: 'seed ZooKeeper client socket error',
    format: 'glog',
    level: 'E',
    message:
      '[ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
    want: [{ kind: 'zk.client.socket_error', peer: '172.17.57.24:2181', fields: { retcode: -4, errno: 112, errtext: 'Host is down' } }],
  },
  {
    name: 'other ZOO_ERROR is not a socket error',
    format: 'glog',
    level: 'E',
    message: '[ZOO] x:1 2022-08-18 12:46:03,922:1(0x1):ZOO_ERROR@x@1: something else',
    want: [],
  },
  {
    name: 'zk session event',
    format: 'glog',
    level: 'I',
    message: 'zookeeper session event: CONNECTED_STATE --> EXPIRED_SESSION_STATE',
    want: [{ kind: 'zk.client.session_state', fields: { from: 'CONNECTED_STATE', to: 'EXPIRED_SESSION_STATE' } }],
  },
  {
    name: 'zk session, older wording',
    format: 'glog',
    level: 'I',
    message: 'zk watcher: old state: CONNECTING_STATE new state: CONNECTED_STATE',
    want: [{ kind: 'zk.client.session_state', fields: { from: 'CONNECTING_STATE', to: 'CONNECTED_STATE' } }],
  },
  {
    name: 'stop signal',
    format: 'glog',
    level: 'I',
    message: 'received signal 15, shutting down',
    want: [{ kind: 'process.stop', fields: { signal: 15 } }],
  },
  { name: 'bare shutting down', format: 'glog', level: 'I', message: 'Shutting down.', want: [{ kind: 'process.stop' }] },
  {
    name: 'shutting down a connection is not a stop',
    format: 'glog',
    level: 'I',
    message: 'shutting down connection to 1.2.3.4',
    want: [],
  },
  {
    name: 'fatal check with failure dump merges into one crash',
    format: 'glog',
    level: 'F',
    message:
      'Check failed: x == y\n*** Check failure stack trace: ***\n*** Aborted at 1660797965 (unix time) try "date -d @1660797965" if you are using GNU date ***\n*** SIGABRT (@0x3e8) received by PID 1 (TID 0x7f) from PID 1; stack trace: ***',
    want: [{ kind: 'process.crash', fields: { reason: 'fatal', unixTime: 1660797965, signal: 'SIGABRT' } }],
  },
  {
    name: 'Check failed at E level',
    format: 'glog',
    level: 'E',
    message: 'Check failed: a',
    want: [{ kind: 'process.crash', fields: { reason: 'check_failed' } }],
  },
  {
    name: 'segfault dump on an ordinary record',
    format: 'glog',
    level: 'I',
    message: 'x\n*** SIGSEGV (@0x0) received by PID 42 (TID 0x7f) from PID 0; stack trace: ***',
    want: [{ kind: 'process.crash', fields: { reason: 'signal_dump', signal: 'SIGSEGV' } }],
  },
  {
    name: 'SIGTERM dump is a stop',
    format: 'glog',
    level: 'I',
    message: 'x\n*** SIGTERM (@0x0) received by PID 42 (TID 0x7f) from PID 1; stack trace: ***',
    want: [{ kind: 'process.stop', fields: { signal: 15 } }],
  },
  {
    name: 'meta leader self',
    format: 'glog',
    level: 'I',
    message: '[ROLE CHANGE] I am the leader now. seq is 8',
    want: [{ kind: 'meta.leader_self', fields: { seq: 8 } }],
  },
  {
    name: 'meta leader is',
    format: 'glog',
    level: 'I',
    message: 'Leader is 172.17.57.25:10100. seq is 8',
    want: [{ kind: 'meta.leader_is', peer: '172.17.57.25:10100', fields: { seq: 8 } }],
  },
  {
    name: 'quorum state',
    format: 'glog',
    level: 'W',
    message: 'QuorumCluster state change: Running --> Expired',
    want: [{ kind: 'meta.quorum_state', fields: { from: 'Running', to: 'Expired' } }],
  },
  {
    name: 'keepalive failure with socket in the traceback',
    format: 'glog',
    level: 'W',
    message: '[SESSION KEEPALIVE FAILURE] session 7\nTraceback:\n[ETimedOut]: timed out socket: 172.17.57.24:10201-->172.17.57.25:51234',
    want: [
      {
        kind: 'chunk.session_keepalive_failure',
        peer: '172.17.57.25:51234',
        fields: { local: '172.17.57.24:10201', remote: '172.17.57.25:51234' },
      },
    ],
  },
  {
    name: 'follower jeopardy',
    format: 'glog',
    level: 'W',
    message: '[FOLLOWER SESSION JEOPARDY] lease 3',
    want: [{ kind: 'chunk.session_jeopardy' }],
  },
  {
    name: 'chunk status',
    format: 'glog',
    level: 'I',
    message: 'Chunk 3 status change: HEALTHY --> DEGRADED',
    want: [{ kind: 'chunk.status_change', fields: { chunk: 3, from: 'HEALTHY', to: 'DEGRADED' } }],
  },
  {
    name: 'access session',
    format: 'glog',
    level: 'I',
    message: '[ACCESS SESSION]: new session ip: "172.17.57.24" port: 10201 cid: 3 secondary_data_ip: "10.0.0.24"',
    want: [{ kind: 'topology.access_session', fields: { ip: '172.17.57.24', cid: 3, secondaryDataIp: '10.0.0.24' } }],
  },
  {
    name: 'zoo hosts',
    format: 'glog',
    level: 'I',
    message: "zoo hosts: '172.17.57.24:2181,172.17.57.25:2181'",
    want: [{ kind: 'topology.zoo_hosts', fields: { hosts: '172.17.57.24:2181,172.17.57.25:2181' } }],
  },
  { name: 'ordinary line', format: 'glog', level: 'I', message: 'heartbeat ok, 12 chunks', want: [] },
  {
    name: 'zk start',
    format: 'zookeeper',
    level: 'I',
    header: '2022-08-18 12:46:20,100 [myid:] - INFO  [main:QuorumPeerMain@151] - ',
    message: 'Starting quorum peer',
    want: [{ kind: 'process.start', fields: { via: 'message' } }],
  },
  {
    name: 'zk start, 3.8 logback logger and myid suffix',
    format: 'zookeeper',
    level: 'I',
    header: '2023-01-01 10:00:00,050 [myid:4] - INFO  [main:o.a.z.s.q.QuorumPeerMain@162] - ',
    message: 'Starting quorum peer, myid=4',
    want: [{ kind: 'process.start' }],
  },
  {
    name: 'zk standalone start (ZooKeeperServerMain)',
    format: 'zookeeper',
    level: 'I',
    header: '2015-06-26 11:52:49,946 [myid:] - INFO  [main:ZooKeeperServerMain@95] - ',
    message: 'Starting server',
    want: [{ kind: 'process.start' }],
  },
  {
    name: 'near miss: the quorum peer thread repeats the start at DEBUG',
    format: 'zookeeper',
    level: 'I',
    header: '2017-09-13 11:19:28,509 [myid:1] - DEBUG [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumPeer@735] - ',
    message: 'Starting quorum peer',
    want: [],
  },
  {
    name: 'a test harness shuts one peer down',
    format: 'zookeeper',
    level: 'I',
    header: '2020-06-13 22:57:00,655 [myid:] - INFO  [main:QuorumUtil@254] - ',
    message: 'Shutting down quorum peer QuorumPeer[myid=1](plain=127.0.0.1:24687)(secure=disabled)',
    want: [{ kind: 'process.stop', fields: { myid: 1, via: 'test_harness' } }],
  },
  {
    name: 'zk peer state 3.6+',
    format: 'zookeeper',
    level: 'I',
    message: 'Peer state changed: following - discovery',
    want: [{ kind: 'zk.server.state', fields: { state: 'following', phase: 'discovery' } }],
  },
  {
    name: 'zk peer state leading',
    format: 'zookeeper',
    level: 'I',
    message: 'Peer state changed: leading',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading' } }],
  },
  {
    name: 'zk bare LEADING (3.4 and older)',
    format: 'zookeeper',
    level: 'I',
    header: '2025-11-03 01:07:52,699 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@655] - ',
    message: 'LEADING',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading' } }],
  },
  {
    name: 'zk notification mentioning LOOKING is no state change',
    format: 'zookeeper',
    level: 'I',
    message: 'Notification: 3 (n.leader), 0 (n.zxid), 1 (n.round), LOOKING (n.state)',
    want: [],
  },
  {
    name: 'zk follower lost leader',
    format: 'zookeeper',
    level: 'W',
    message: 'Exception when following the leader',
    want: [{ kind: 'zk.server.leader_lost' }],
  },
  {
    name: 'zk myid',
    format: 'zookeeper',
    level: 'I',
    message: 'New election. My id =  3, Proposed zxid = 0',
    want: [{ kind: 'zk.server.myid', fields: { myid: 3 } }],
  },
  {
    name: 'zk SIGTERM',
    format: 'zookeeper',
    level: 'I',
    message: 'Received SIGTERM, shutting down',
    want: [{ kind: 'process.stop', fields: { signal: 15 } }],
  },
  // Raw ZooKeeper C client logs (header: the client's own head).
  ...zkClientCases(),
];

function zkClientCases(): Case[] {
  const c = (name: string, level: Level, func: string, message: string, want: Case['want']): Case => ({
    name: `zk-client: ${name}`,
    format: 'zk-client',
    level,
    header: `2012-07-09 15:36:53,100:16474(0x7f0c118e2700):ZOO_${{ E: 'ERROR', W: 'WARN', I: 'INFO', F: 'ERROR' }[level]}@${func}@1603: `,
    message,
    want,
  });
  return [
    c(
      'socket error',
      'E',
      'handle_socket_error_msg',
      'Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
      [{ kind: 'zk.client.socket_error', peer: '172.17.57.24:2181', fields: { retcode: -4, errno: 112, errtext: 'Host is down' } }],
    ),
    c(
      'expired session on reconnect: a socket error and a state',
      'E',
      'handle_socket_error_msg',
      'Socket [10.136.168.64:2181] zk retcode=-112, errno=116(Stale file handle): sessionId=0x100026e28c9019c has expired.',
      [
        { kind: 'zk.client.socket_error', peer: '10.136.168.64:2181', fields: { retcode: -112 } },
        { kind: 'zk.client.session_state', fields: { event: 'expired', to: 'EXPIRED_SESSION_STATE', sessionId: '0x100026e28c9019c' } },
      ],
    ),
    c(
      'session init names the ensemble',
      'I',
      'zookeeper_init',
      'Initiating client connection, host=172.17.57.24:2181,172.17.57.25:2181 sessionTimeout=10000 watcher=0x7fd69526d7e0 sessionId=0 sessionPasswd=<null> context=0x7fd674000ca8 flags=0',
      [
        {
          kind: 'zk.client.session_state',
          fields: { event: 'init', hosts: '172.17.57.24:2181,172.17.57.25:2181', sessionTimeout: 10000, sessionId: '0' },
        },
        { kind: 'topology.zoo_hosts', fields: { hosts: '172.17.57.24:2181,172.17.57.25:2181' } },
      ],
    ),
    c('connecting (3.4)', 'I', 'check_events', 'initiated connection to server [127.0.0.1:2181]', [
      { kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'connecting', to: 'CONNECTING_STATE' } },
    ]),
    c('connecting (newer wording)', 'I', 'zookeeper_interest', 'Connecting to server 127.0.0.1:2181', [
      { kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'connecting' } },
    ]),
    c(
      'connected (3.4)',
      'I',
      'check_events',
      'session establishment complete on server [10.145.6.64:2181], sessionId=0x14da7b7ef3e000f, negotiated timeout=10000',
      [
        {
          kind: 'zk.client.session_state',
          peer: '10.145.6.64:2181',
          fields: { event: 'connected', to: 'CONNECTED_STATE', sessionId: '0x14da7b7ef3e000f', negotiatedTimeout: 10000 },
        },
      ],
    ),
    c(
      'connected (3.6, no brackets)',
      'I',
      'finalize_session_establishment',
      'session establishment complete on server 127.0.0.1:2181, sessionId=0x100003c69b80001, negotiated timeout=30000 ',
      [{ kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'connected', negotiatedTimeout: 30000 } }],
    ),
    c('session expired', 'W', 'check_events', 'Session expired, sessionId=0x3000012beb10001', [
      { kind: 'zk.client.session_state', fields: { event: 'expired' } },
    ]),
    c('close', 'I', 'zookeeper_close', 'Closing zookeeper sessionId=0x18e1d43f5860001 to [127.0.0.1:2181]', [
      { kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'close', sessionId: '0x18e1d43f5860001' } },
    ]),
    c('resources freed', 'I', 'zookeeper_close', 'Freeing zookeeper resources for sessionId=0x145708692780003', [
      { kind: 'zk.client.session_state', peer: null, fields: { event: 'close' } },
    ]),
    c('environment banner record', 'I', 'log_env', 'Client environment:zookeeper.version=zookeeper C client 3.4.5', []),
    c('deadline warning', 'W', 'zookeeper_interest', 'Exceeded deadline by 16ms', []),
  ];
}

const ZK_PEER = '2025-11-03 01:07:52,699 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@655] - ';
const JVM_BANNER =
  '#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x00007f3b2c0d4e2a, pid=1234, tid=0x00007f3b1d2fe700\n#\n# JRE version: OpenJDK Runtime Environment (11.0.20+8) (build 11.0.20+8)';

/** What real builds write: padding, tabs, trailing blanks, suffixes; and near misses that must stay silent. */
const variants: Case[] = [
  {
    name: 'zbs-metad role change, two spaces before seq (real build)',
    format: 'glog',
    level: 'I',
    message: '[ROLE CHANGE] I am the leader now.  seq is 494',
    want: [{ kind: 'meta.leader_self', fields: { seq: 494 } }],
  },
  {
    name: 'zbs-taskd role change, tab and trailing blanks',
    format: 'glog',
    level: 'I',
    message: '[ROLE CHANGE] I am the leader now.\tseq is 12  ',
    want: [{ kind: 'meta.leader_self', fields: { seq: 12 } }],
  },
  {
    name: 'role change, double spaces inside the literal',
    format: 'glog',
    level: 'I',
    message: '[ROLE CHANGE] I am the  leader now. seq is 7',
    want: [{ kind: 'meta.leader_self', fields: { seq: 7 } }],
  },
  { name: 'near miss: role change without a seq', format: 'glog', level: 'I', message: '[ROLE CHANGE] I am the leader now.', want: [] },
  { name: 'near miss: words glued together', format: 'glog', level: 'I', message: '[ROLE CHANGE] I am theleader now. seq is 7', want: [] },
  {
    name: 'leader is, two spaces before seq',
    format: 'glog',
    level: 'I',
    message: 'Leader is 172.17.57.25:10100.  seq is 8',
    want: [{ kind: 'meta.leader_is', peer: '172.17.57.25:10100', fields: { seq: 8 } }],
  },
  {
    name: 'link down, padded',
    format: 'glog',
    level: 'W',
    message: 'Fail to ping :  172.17.57.27:10201  ping error times:  2 st:',
    want: [{ kind: 'peer.link_down', peer: '172.17.57.27:10201', fields: { times: 2 } }],
  },
  {
    name: 'link down, tabs, no blank before the colon',
    format: 'glog',
    level: 'W',
    message: 'Fail\tto ping: 172.17.57.27:10201\tping error times: 3',
    want: [{ kind: 'peer.link_down', peer: '172.17.57.27:10201', fields: { times: 3 } }],
  },
  { name: 'near miss: link down without an address', format: 'glog', level: 'W', message: 'Fail to ping : unknown host', want: [] },
  {
    name: 'link up, padded',
    format: 'glog',
    level: 'I',
    message: 'datachannel back to normal :  ip :  172.17.57.25  port 10201 ',
    want: [{ kind: 'peer.link_up', peer: '172.17.57.25:10201' }],
  },
  {
    name: 'zk session event, padded',
    format: 'glog',
    level: 'I',
    message: 'zookeeper session event:  CONNECTED_STATE  -->  EXPIRED_SESSION_STATE',
    want: [{ kind: 'zk.client.session_state', fields: { from: 'CONNECTED_STATE', to: 'EXPIRED_SESSION_STATE' } }],
  },
  {
    name: 'chunk status change, tab',
    format: 'glog',
    level: 'I',
    message: 'Chunk 3 status change:\tHEALTHY --> DEGRADED',
    want: [{ kind: 'chunk.status_change', fields: { chunk: 3, to: 'DEGRADED' } }],
  },
  {
    name: 'quorum state, double spaces',
    format: 'glog',
    level: 'W',
    message: 'QuorumCluster  state change: Running  -->  Expired',
    want: [{ kind: 'meta.quorum_state', fields: { from: 'Running', to: 'Expired' } }],
  },
  {
    name: 'Check failed, double space',
    format: 'glog',
    level: 'E',
    message: 'Check  failed: a == b',
    want: [{ kind: 'process.crash', fields: { reason: 'check_failed' } }],
  },
  {
    name: 'abort dump, padded',
    format: 'glog',
    level: 'I',
    message: 'x\n*** Aborted at  1660797965 (unix time)',
    want: [{ kind: 'process.crash', fields: { reason: 'abort_dump', unixTime: 1660797965 } }],
  },
  {
    name: 'Received signal, capitalised',
    format: 'glog',
    level: 'I',
    message: 'Received signal 15, shutting down',
    want: [{ kind: 'process.stop', fields: { signal: 15 } }],
  },
  { name: 'shutting down, trailing blanks', format: 'glog', level: 'I', message: 'Shutting down.  \t', want: [{ kind: 'process.stop' }] },
  { name: 'near miss: a component shutting down', format: 'glog', level: 'I', message: 'DataChannelManager shutting down', want: [] },
  { name: 'near miss: a named component shutting down', format: 'glog', level: 'I', message: 'DataChannel: shutting down', want: [] },
  {
    name: 'JVM fatal-error banner as continuation text (glog)',
    format: 'glog',
    level: 'I',
    message: `heartbeat ok\n${JVM_BANNER}`,
    want: [{ kind: 'process.crash', fields: { reason: 'jvm_fatal', signal: 'SIGSEGV', jvmPid: 1234 } }],
  },
  {
    name: 'JVM out-of-memory banner',
    format: 'glog',
    level: 'I',
    message: 'x\n#\n# There is insufficient memory for the Java Runtime Environment to continue.\n# Native memory allocation (mmap) failed',
    want: [{ kind: 'process.crash', fields: { reason: 'jvm_fatal' } }],
  },
  {
    name: 'near miss: a JVM version line',
    format: 'glog',
    level: 'I',
    message: 'Java Runtime Environment 11.0.20, no fatal error has been detected',
    want: [],
  },

  {
    name: 'zk peer state with two suffixes',
    format: 'zookeeper',
    level: 'I',
    message: 'Peer state changed: following - synchronization - diff',
    want: [{ kind: 'zk.server.state', fields: { state: 'following', phase: 'synchronization - diff' } }],
  },
  {
    name: 'zk peer state leading - broadcast',
    format: 'zookeeper',
    level: 'I',
    message: 'Peer state changed: leading - broadcast',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', phase: 'broadcast' } }],
  },
  {
    name: 'zk peer state, padded and trailing blanks',
    format: 'zookeeper',
    level: 'I',
    message: 'Peer state changed:  following  -  discovery  ',
    want: [{ kind: 'zk.server.state', fields: { state: 'following', phase: 'discovery' } }],
  },
  {
    name: 'zk FOLLOWING with election time (3.4)',
    format: 'zookeeper',
    level: 'I',
    header: ZK_PEER,
    message: 'FOLLOWING - LEADER ELECTION TOOK - 49',
    want: [{ kind: 'zk.server.state', fields: { state: 'following', electionTookMs: 49 } }],
  },
  {
    name: 'zk LEADING with election time and unit (3.6+)',
    format: 'zookeeper',
    level: 'I',
    header: ZK_PEER,
    message: 'LEADING - LEADER ELECTION TOOK - 12 MS',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', electionTookMs: 12 } }],
  },
  {
    name: 'zk bare LOOKING, padded header and trailing blank',
    format: 'zookeeper',
    level: 'I',
    header: '2025-11-03 01:07:52,479 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@621]  -  ',
    message: 'LOOKING ',
    want: [{ kind: 'zk.server.state', fields: { state: 'looking' } }],
  },
  {
    name: 'near miss: LEADING followed by other words',
    format: 'zookeeper',
    level: 'I',
    header: ZK_PEER,
    message: 'LEADING the way',
    want: [],
  },
  {
    name: 'zk notification in LEADING state (3.3/3.4)',
    format: 'zookeeper',
    level: 'I',
    message: 'Notification: 3 (n.leader), 0 (n.zxid), 1 (n.round), LOOKING (n.state), 2 (n.sid), LEADING (my state)',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', via: 'notification' } }],
  },
  {
    name: 'zk notification in LEADING state (3.5, config version after it)',
    format: 'zookeeper',
    level: 'I',
    message:
      'Notification: 2 (message format version), 3 (n.leader), 0x0 (n.zxid), 0x1 (n.round), LOOKING (n.state), 1 (n.sid), 0x0 (n.peerEPoch), LEADING (my state)0 (n.config version)',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', via: 'notification' } }],
  },
  {
    name: 'zk notification in LEADING state (3.6+)',
    format: 'zookeeper',
    level: 'I',
    message:
      'Notification: my state:LEADING; n.sid:2, n.state:LOOKING, n.leader:2, n.round:0x1, n.peerEpoch:0x0, n.zxid:0x0, message format version:0x2, n.config version:0x0',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', via: 'notification' } }],
  },
  {
    name: 'near miss: the sender leads, not this server',
    format: 'zookeeper',
    level: 'I',
    message: 'Notification: 3 (n.leader), 0 (n.zxid), 1 (n.round), LEADING (n.state), 3 (n.sid), LOOKING (my state)',
    want: [],
  },
  {
    name: 'zk quorum of supporters (3.3)',
    format: 'zookeeper',
    level: 'I',
    message: 'Have quorum of supporters; starting up and setting last processed zxid: 4294967296',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', via: 'quorum_of_supporters', zxid: '4294967296' } }],
  },
  {
    name: 'zk quorum of supporters with sids (3.4)',
    format: 'zookeeper',
    level: 'I',
    message: 'Have quorum of supporters, sids: [ 1,3 ]; starting up and setting last processed zxid: 0x100000000',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', sids: '1,3', zxid: '0x100000000' } }],
  },
  {
    name: 'zk quorum of supporters with sid sets (3.9)',
    format: 'zookeeper',
    level: 'I',
    message: 'Have quorum of supporters, sids: [[1, 3]]; starting up and setting last processed zxid: 0x200000000',
    want: [{ kind: 'zk.server.state', fields: { state: 'leading', sids: '[1, 3]' } }],
  },
  {
    name: 'near miss: a processor shutting down is no stop',
    format: 'zookeeper',
    level: 'I',
    header: '2025-11-03 01:10:18,640 - INFO  [SyncThread:3:SyncRequestProcessor@208] - ',
    message: 'Shutting down',
    want: [],
  },
  {
    name: 'near miss: the Leader shutting down (every leader change) is no stop',
    format: 'zookeeper',
    level: 'I',
    header: '2022-08-18T12:45:56,010 [myid:3] - INFO  [QuorumPeer[myid=3](plain=172.17.57.24:2181)(secure=disabled):Leader@862] - ',
    message: 'Shutting down',
    want: [],
  },
  {
    name: 'zk QuorumPeer shutting down, 3.8 logback logger',
    format: 'zookeeper',
    level: 'I',
    header:
      '2023-01-01 10:05:00,000 [myid:4] - INFO  [QuorumPeer[myid=4](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):o.a.z.s.q.QuorumPeer@1470] - ',
    message: 'Shutting down',
    want: [{ kind: 'process.stop' }],
  },
  {
    name: 'zk QuorumPeer shutting down is a stop',
    format: 'zookeeper',
    level: 'I',
    header: '2022-08-18T12:45:56,010 [myid:] - INFO  [QuorumPeer[myid=3](plain=172.17.57.24:2181)(secure=disabled):QuorumPeer@1435] - ',
    message: 'Shutting down',
    want: [{ kind: 'process.stop' }],
  },
  {
    name: 'zk main exiting normally',
    format: 'zookeeper',
    level: 'I',
    header: '2022-08-18 12:45:56,010 [myid:3] - INFO  [main:QuorumPeerMain@118] - ',
    message: 'Exiting normally',
    want: [{ kind: 'process.stop' }],
  },
  {
    name: 'zk main exiting abnormally',
    format: 'zookeeper',
    level: 'E',
    message: 'Unexpected exception, exiting abnormally\njava.net.BindException: Address already in use',
    want: [{ kind: 'process.crash', fields: { reason: 'exited_abnormally', cause: 'Unexpected exception' } }],
  },
  {
    name: 'JVM fatal-error banner as continuation text (zookeeper)',
    format: 'zookeeper',
    level: 'I',
    message: `Closed socket connection for client /127.0.0.1:42370\n${JVM_BANNER}`,
    want: [{ kind: 'process.crash', fields: { reason: 'jvm_fatal', signal: 'SIGSEGV', jvmPid: 1234 } }],
  },
  {
    name: 'zk myid, tab',
    format: 'zookeeper',
    level: 'I',
    message: 'New election. My id =\t3, Proposed zxid = 0',
    want: [{ kind: 'zk.server.myid', fields: { myid: 3 } }],
  },
];
cases.push(...variants);

test('default rules, table', () => {
  for (const c of cases) {
    const got = matchers[c.format].match(c.level, c.message, (c.header ?? '') + c.message);
    assert.equal(got.length, c.want.length, `${c.name}: ${JSON.stringify(got)}`);
    c.want.forEach((w, i) => {
      const g = got[i]!;
      assert.equal(g.kind, w.kind, c.name);
      if (w.peer !== undefined) assert.equal(g.peer, w.peer, `${c.name}: peer`);
      for (const [k, v] of Object.entries(w.fields ?? {})) assert.equal(g.fields[k], v, `${c.name}: field ${k}`);
    });
  }
});

test('every default rule is exercised by the table', () => {
  const fired = new Set<string>();
  for (const c of cases) for (const m of matchers[c.format].match(c.level, c.message, (c.header ?? '') + c.message)) fired.add(m.ruleId);
  const ids = rules.rules.map((r) => r.id).filter((id) => !fired.has(id));
  // Rules that only merge into another rule's event never lead; list the ones allowed.
  const mergedOnly = new Set([
    'abort-dump',
    'signal-dump',
    'check-failed',
    'shutting-down',
    'received-signal',
    'sigterm-dump',
    'zk-server-sigterm',
    'zk-server-shutdown',
  ]);
  assert.deepEqual(
    ids.filter((id) => !mergedOnly.has(id)),
    [],
  );
});
