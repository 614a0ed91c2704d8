import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Level } from '../model/event.js';
import type { LogFormat } from '../model/source-info.js';
import { compileMatcher } from './rule-matcher.js';
import { loadDefaultRules } from './rule-set.js';

const rules = loadDefaultRules();
const matchers = { glog: compileMatcher(rules, 'glog'), zookeeper: compileMatcher(rules, 'zookeeper'), 'zk-client': compileMatcher(rules, 'zk-client') };

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
  { name: 'seed link down', format: 'glog', level: 'W', message: 'Fail to ping : 172.17.57.27:10201 ping error times: 1 st:\nTraceback:\n[EShutDown]:', want: [{ kind: 'peer.link_down', peer: '172.17.57.27:10201', fields: { times: 1 } }] },
  { name: 'repeated link failure', format: 'glog', level: 'W', message: 'Fail to ping : 172.17.57.27:10201 ping error times: 12 st:', want: [{ kind: 'peer.link_down', fields: { times: 12 } }] },
  { name: 'seed link up', format: 'glog', level: 'I', message: 'datachannel back to normal : ip : 172.17.57.25 port 10201', want: [{ kind: 'peer.link_up', peer: '172.17.57.25:10201' }] },
  {
    name: 'seed ZooKeeper client socket error',
    format: 'glog',
    level: 'E',
    message: '[ZOO] handle_socket_error_msg:2495 2022-08-18 12:46:03,922:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
    want: [{ kind: 'zk.client.socket_error', peer: '172.17.57.24:2181', fields: { retcode: -4, errno: 112, errtext: 'Host is down' } }],
  },
  { name: 'other ZOO_ERROR is not a socket error', format: 'glog', level: 'E', message: '[ZOO] x:1 2022-08-18 12:46:03,922:1(0x1):ZOO_ERROR@x@1: something else', want: [] },
  { name: 'zk session event', format: 'glog', level: 'I', message: 'zookeeper session event: CONNECTED_STATE --> EXPIRED_SESSION_STATE', want: [{ kind: 'zk.client.session_state', fields: { from: 'CONNECTED_STATE', to: 'EXPIRED_SESSION_STATE' } }] },
  { name: 'zk session, older wording', format: 'glog', level: 'I', message: 'zk watcher: old state: CONNECTING_STATE new state: CONNECTED_STATE', want: [{ kind: 'zk.client.session_state', fields: { from: 'CONNECTING_STATE', to: 'CONNECTED_STATE' } }] },
  { name: 'stop signal', format: 'glog', level: 'I', message: 'received signal 15, shutting down', want: [{ kind: 'process.stop', fields: { signal: 15 } }] },
  { name: 'bare shutting down', format: 'glog', level: 'I', message: 'Shutting down.', want: [{ kind: 'process.stop' }] },
  { name: 'shutting down a connection is not a stop', format: 'glog', level: 'I', message: 'shutting down connection to 1.2.3.4', want: [] },
  {
    name: 'fatal check with failure dump merges into one crash',
    format: 'glog',
    level: 'F',
    message: 'Check failed: x == y\n*** Check failure stack trace: ***\n*** Aborted at 1660797965 (unix time) try "date -d @1660797965" if you are using GNU date ***\n*** SIGABRT (@0x3e8) received by PID 1 (TID 0x7f) from PID 1; stack trace: ***',
    want: [{ kind: 'process.crash', fields: { reason: 'fatal', unixTime: 1660797965, signal: 'SIGABRT' } }],
  },
  { name: 'Check failed at E level', format: 'glog', level: 'E', message: 'Check failed: a', want: [{ kind: 'process.crash', fields: { reason: 'check_failed' } }] },
  { name: 'segfault dump on an ordinary record', format: 'glog', level: 'I', message: 'x\n*** SIGSEGV (@0x0) received by PID 42 (TID 0x7f) from PID 0; stack trace: ***', want: [{ kind: 'process.crash', fields: { reason: 'signal_dump', signal: 'SIGSEGV' } }] },
  { name: 'SIGTERM dump is a stop', format: 'glog', level: 'I', message: 'x\n*** SIGTERM (@0x0) received by PID 42 (TID 0x7f) from PID 1; stack trace: ***', want: [{ kind: 'process.stop', fields: { signal: 15 } }] },
  { name: 'meta leader self', format: 'glog', level: 'I', message: '[ROLE CHANGE] I am the leader now. seq is 8', want: [{ kind: 'meta.leader_self', fields: { seq: 8 } }] },
  { name: 'meta leader is', format: 'glog', level: 'I', message: 'Leader is 172.17.57.25:10100. seq is 8', want: [{ kind: 'meta.leader_is', peer: '172.17.57.25:10100', fields: { seq: 8 } }] },
  { name: 'quorum state', format: 'glog', level: 'W', message: 'QuorumCluster state change: Running --> Expired', want: [{ kind: 'meta.quorum_state', fields: { from: 'Running', to: 'Expired' } }] },
  {
    name: 'keepalive failure with socket in the traceback',
    format: 'glog',
    level: 'W',
    message: '[SESSION KEEPALIVE FAILURE] session 7\nTraceback:\n[ETimedOut]: timed out socket: 172.17.57.24:10201-->172.17.57.25:51234',
    want: [{ kind: 'chunk.session_keepalive_failure', peer: '172.17.57.25:51234', fields: { local: '172.17.57.24:10201', remote: '172.17.57.25:51234' } }],
  },
  { name: 'follower jeopardy', format: 'glog', level: 'W', message: '[FOLLOWER SESSION JEOPARDY] lease 3', want: [{ kind: 'chunk.session_jeopardy' }] },
  { name: 'chunk status', format: 'glog', level: 'I', message: 'Chunk 3 status change: HEALTHY --> DEGRADED', want: [{ kind: 'chunk.status_change', fields: { chunk: 3, from: 'HEALTHY', to: 'DEGRADED' } }] },
  { name: 'access session', format: 'glog', level: 'I', message: '[ACCESS SESSION]: new session ip: "172.17.57.24" port: 10201 cid: 3 secondary_data_ip: "10.0.0.24"', want: [{ kind: 'topology.access_session', fields: { ip: '172.17.57.24', cid: 3, secondaryDataIp: '10.0.0.24' } }] },
  { name: 'zoo hosts', format: 'glog', level: 'I', message: "zoo hosts: '172.17.57.24:2181,172.17.57.25:2181'", want: [{ kind: 'topology.zoo_hosts', fields: { hosts: '172.17.57.24:2181,172.17.57.25:2181' } }] },
  { name: 'ordinary line', format: 'glog', level: 'I', message: 'heartbeat ok, 12 chunks', want: [] },
  { name: 'zk start', format: 'zookeeper', level: 'I', message: 'Starting quorum peer', want: [{ kind: 'process.start', fields: { via: 'message' } }] },
  { name: 'zk peer state 3.6+', format: 'zookeeper', level: 'I', message: 'Peer state changed: following - discovery', want: [{ kind: 'zk.server.state', fields: { state: 'following', phase: 'discovery' } }] },
  { name: 'zk peer state leading', format: 'zookeeper', level: 'I', message: 'Peer state changed: leading', want: [{ kind: 'zk.server.state', fields: { state: 'leading' } }] },
  { name: 'zk bare LEADING (3.4 and older)', format: 'zookeeper', level: 'I', header: '2025-11-03 01:07:52,699 - INFO  [QuorumPeer:/0:0:0:0:0:0:0:0:2183:QuorumPeer@655] - ', message: 'LEADING', want: [{ kind: 'zk.server.state', fields: { state: 'leading' } }] },
  { name: 'zk notification mentioning LOOKING is no state change', format: 'zookeeper', level: 'I', message: 'Notification: 3 (n.leader), 0 (n.zxid), 1 (n.round), LOOKING (n.state)', want: [] },
  { name: 'zk follower lost leader', format: 'zookeeper', level: 'W', message: 'Exception when following the leader', want: [{ kind: 'zk.server.leader_lost' }] },
  { name: 'zk myid', format: 'zookeeper', level: 'I', message: 'New election. My id =  3, Proposed zxid = 0', want: [{ kind: 'zk.server.myid', fields: { myid: 3 } }] },
  { name: 'zk SIGTERM', format: 'zookeeper', level: 'I', message: 'Received SIGTERM, shutting down', want: [{ kind: 'process.stop', fields: { signal: 15 } }] },
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
    c('socket error', 'E', 'handle_socket_error_msg', 'Socket [172.17.57.24:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response', [
      { kind: 'zk.client.socket_error', peer: '172.17.57.24:2181', fields: { retcode: -4, errno: 112, errtext: 'Host is down' } },
    ]),
    c('expired session on reconnect: a socket error and a state', 'E', 'handle_socket_error_msg', 'Socket [10.136.168.64:2181] zk retcode=-112, errno=116(Stale file handle): sessionId=0x100026e28c9019c has expired.', [
      { kind: 'zk.client.socket_error', peer: '10.136.168.64:2181', fields: { retcode: -112 } },
      { kind: 'zk.client.session_state', fields: { event: 'expired', to: 'EXPIRED_SESSION_STATE', sessionId: '0x100026e28c9019c' } },
    ]),
    c('session init names the ensemble', 'I', 'zookeeper_init', 'Initiating client connection, host=172.17.57.24:2181,172.17.57.25:2181 sessionTimeout=10000 watcher=0x7fd69526d7e0 sessionId=0 sessionPasswd=<null> context=0x7fd674000ca8 flags=0', [
      { kind: 'zk.client.session_state', fields: { event: 'init', hosts: '172.17.57.24:2181,172.17.57.25:2181', sessionTimeout: 10000, sessionId: '0' } },
      { kind: 'topology.zoo_hosts', fields: { hosts: '172.17.57.24:2181,172.17.57.25:2181' } },
    ]),
    c('connecting (3.4)', 'I', 'check_events', 'initiated connection to server [127.0.0.1:2181]', [{ kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'connecting', to: 'CONNECTING_STATE' } }]),
    c('connecting (newer wording)', 'I', 'zookeeper_interest', 'Connecting to server 127.0.0.1:2181', [{ kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'connecting' } }]),
    c('connected (3.4)', 'I', 'check_events', 'session establishment complete on server [10.145.6.64:2181], sessionId=0x14da7b7ef3e000f, negotiated timeout=10000', [
      { kind: 'zk.client.session_state', peer: '10.145.6.64:2181', fields: { event: 'connected', to: 'CONNECTED_STATE', sessionId: '0x14da7b7ef3e000f', negotiatedTimeout: 10000 } },
    ]),
    c('connected (3.6, no brackets)', 'I', 'finalize_session_establishment', 'session establishment complete on server 127.0.0.1:2181, sessionId=0x100003c69b80001, negotiated timeout=30000 ', [
      { kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'connected', negotiatedTimeout: 30000 } },
    ]),
    c('session expired', 'W', 'check_events', 'Session expired, sessionId=0x3000012beb10001', [{ kind: 'zk.client.session_state', fields: { event: 'expired' } }]),
    c('close', 'I', 'zookeeper_close', 'Closing zookeeper sessionId=0x18e1d43f5860001 to [127.0.0.1:2181]', [{ kind: 'zk.client.session_state', peer: '127.0.0.1:2181', fields: { event: 'close', sessionId: '0x18e1d43f5860001' } }]),
    c('resources freed', 'I', 'zookeeper_close', 'Freeing zookeeper resources for sessionId=0x145708692780003', [{ kind: 'zk.client.session_state', peer: null, fields: { event: 'close' } }]),
    c('environment banner record', 'I', 'log_env', 'Client environment:zookeeper.version=zookeeper C client 3.4.5', []),
    c('deadline warning', 'W', 'zookeeper_interest', 'Exceeded deadline by 16ms', []),
  ];
}

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
  const mergedOnly = new Set(['abort-dump', 'signal-dump', 'check-failed', 'shutting-down', 'received-signal', 'sigterm-dump', 'zk-server-sigterm', 'zk-server-shutdown']);
  assert.deepEqual(ids.filter((id) => !mergedOnly.has(id)), []);
});
