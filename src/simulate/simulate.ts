/**
 * A deterministic cluster log simulator with ground truth. It plays faults on a model
 * cluster (processes, data-channel links, ZooKeeper, meta leadership), writes the
 * lines every affected service would write — in the nodes' local time — laid out like
 * a real bundle, and writes truth.json: what really happened, in UTC.
 */
import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { join } from 'node:path';
import { formatUtcUs } from '../time/zone.js';
import { glogHeaderStamp, glogNameStamp, glogStamp, localParts, zkStamp } from './local-time.js';
import { Prng } from './prng.js';

export const FAULT_KINDS = ['crash', 'graceful_restart', 'rolling_restart', 'power_loss', 'partition', 'flap', 'zk_leader_loss', 'meta_leader_change', 'clock_skew'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SimulateOptions {
  outDir: string;
  seed: number;
  nodes?: number;
  hours?: number;
  tz?: string;
  /** Approximate bundle size; background lines scale to it. */
  sizeMb?: number;
  /** Comma-separated fault kinds (repeats allowed), `random` (every kind; clock_skew in half the seeds) or `none`. */
  faults?: string;
  /** UTC start, default 2022-08-18T00:00:00Z. */
  startUs?: number;
  /** Called as files are written: bytes so far, and the bytes aimed at. */
  onProgress?: (bytes: number, targetBytes: number) => void;
}

export interface Truth {
  timezone: string;
  window: [string, string];
  nodes: string[];
  /** `clockSkewed`: the logs that time this item come (partly) from the node whose clock was off. */
  restarts: { node: string; service: string; stoppedAt: string; startedAt: string; cause: 'crash' | 'stop' | 'power_loss'; clockSkewed?: boolean }[];
  outages: { node: string; start: string; end: string; cause: string; clockSkewed?: boolean }[];
  linksDown: { observer: string; target: string; start: string; end: string; clockSkewed?: boolean }[];
  zkElections: { leader: string; start: string; at: string; clockSkewed?: boolean }[];
  metaLeaders: { leader: string; at: string; seq: number; clockSkewed?: boolean }[];
  faults: { kind: FaultKind; at: string; node?: string; nodes?: string[]; indistinguishable?: string }[];
}

export interface SimulateResult {
  bundleDir: string;
  truthFile: string;
  truth: Truth;
  files: number;
  bytes: number;
}

type Svc = 'zbs-chunkd' | 'zbs-metad';
const SERVICES: Svc[] = ['zbs-chunkd', 'zbs-metad'];
const CLUSTER_UUID = '1dacc7b3-11ec-4afd-93c0-062544dc4e10';
const S = 1_000_000;

interface Rec {
  us: number;
  line: string; // without the time stamp: `{L}{stamp} ` is prepended when written
  level: 'I' | 'W' | 'E' | 'F';
}

interface Instance {
  node: number;
  svc: Svc;
  pid: number;
  startUs: number;
  endUs: number | null;
  recs: Rec[];
  cutLastLine: boolean;
}

export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const rng = new Prng(o.seed);
  const n = Math.max(3, o.nodes ?? 4);
  const hours = o.hours ?? 2;
  const tz = o.tz ?? 'UTC';
  const sizeMb = o.sizeMb ?? 4;
  const T0 = o.startUs ?? Date.UTC(2022, 7, 18) * 1000;
  const T1 = T0 + hours * 3600 * S;
  const ip = (i: number): string => `172.17.57.${24 + i}`;
  const truth: Truth = { timezone: tz, window: [formatUtcUs(T0), formatUtcUs(T1)], nodes: Array.from({ length: n }, (_, i) => ip(i)), restarts: [], outages: [], linksDown: [], zkElections: [], metaLeaders: [], faults: [] };

  // Processes.
  let nextPid = 1000 + rng.int(0, 5000);
  const instances: Instance[] = [];
  const current = new Map<string, Instance>();
  const key = (node: number, svc: Svc): string => `${node}/${svc}`;
  const start = (node: number, svc: Svc, us: number): Instance => {
    const inst: Instance = { node, svc, pid: nextPid++, startUs: us, endUs: null, recs: [], cutLastLine: false };
    inst.recs.push({ us, level: 'I', line: `${inst.pid} main.cc:88] ${svc} starting, version 5.2.0` });
    instances.push(inst);
    current.set(key(node, svc), inst);
    return inst;
  };
  const log = (node: number, svc: Svc, us: number, level: Rec['level'], where: string, msg: string): void => {
    const inst = current.get(key(node, svc))!;
    inst.recs.push({ us, level, line: `${inst.pid + rng.int(1, 40)} ${where}] ${msg}` });
  };
  for (let i = 0; i < n; i++) for (const svc of SERVICES) start(i, svc, T0 - rng.int(600, 7200) * S);

  // ZooKeeper: one log per node across restarts; myid = index + 1.
  const zk: { us: number; text: string }[][] = Array.from({ length: n }, () => []);
  /** A node whose clock is off writes every line shifted by this much; the truth keeps real time. */
  const skewUs: number[] = Array.from({ length: n }, () => 0);
  const zkLine = (node: number, us: number, level: string, where: string, msg: string): void => {
    zk[node]!.push({ us, text: `${zkStamp(localParts(tz, us + skewUs[node]!))} [myid:] - ${level.padEnd(5)} [QuorumPeer[myid=${node + 1}](plain=${ip(node)}:2181)(secure=disabled):${where}] - ${msg}` });
  };
  const kinds = faultList(o.faults ?? 'random', rng);
  if (kinds.includes('clock_skew')) {
    const x = rng.int(0, n - 1);
    skewUs[x] = rng.int(3000, 8000) * 1000 * (rng.next() < 0.5 ? -1 : 1);
    truth.faults.push({
      kind: 'clock_skew',
      at: formatUtcUs(T0),
      node: ip(x),
      indistinguishable: `${ip(x)}'s clock is off by ${(skewUs[x]! / S).toFixed(3)} s: its lines carry no other clock, so its events are shifted by that much (answers about it are scored separately)`,
    });
  }
  let zkLeader = rng.int(0, n - 1);
  for (let i = 0; i < n; i++) zkLine(i, T0 - 30 * S, 'INFO', 'QuorumPeer@742', i === zkLeader ? 'Peer state changed: leading - broadcast' : 'Peer state changed: following - broadcast');

  // Meta leadership.
  let metaLeader = rng.int(0, n - 1);
  let seq = rng.int(1, 9);
  const announceMeta = (leader: number, us: number): void => {
    log(leader, 'zbs-metad', us, 'I', 'meta_server.cc:300', `[ROLE CHANGE] I am the leader now. seq is ${seq}`);
    for (let i = 0; i < n; i++) if (i !== leader) log(i, 'zbs-metad', us + rng.int(200, 1500) * 1000, 'I', 'meta_server.cc:310', `Leader is ${ip(leader)}:10100. seq is ${seq}`);
  };
  announceMeta(metaLeader, T0 - 20 * S);

  // Restarts.
  const stopLine = (node: number, svc: Svc, us: number, how: 'crash' | 'stop' | 'power_loss'): void => {
    const inst = current.get(key(node, svc))!;
    if (how === 'stop') log(node, svc, us, 'I', 'main.cc:200', 'received signal 15, shutting down');
    else if (how === 'crash') {
      inst.recs.push({
        us,
        level: 'F',
        line: `${inst.pid} ${svc === 'zbs-metad' ? 'meta_server.cc:512' : 'chunk_server.cc:733'}] Check failed: lease_ok() lease expired\n*** Check failure stack trace: ***\n    @     0x7fe9c1a3b1c3  google::LogMessage::Fail()\n*** Aborted at ${Math.floor(us / S)} (unix time) try "date -d @${Math.floor(us / S)}" if you are using GNU date ***\n*** SIGABRT (@0x3e8) received by PID ${inst.pid} (TID 0x7fe9be9e2700) from PID ${inst.pid}; stack trace: ***`,
      });
    } else {
      log(node, svc, us, 'I', 'heartbeat.cc:40', 'heartbeat ok, 12 chunks, pending 0');
      inst.cutLastLine = rng.next() < 0.5; // the power went mid-write
    }
    inst.endUs = us;
  };
  const restart = (node: number, svc: Svc, stopUs: number, startUs: number, how: 'crash' | 'stop' | 'power_loss'): void => {
    stopLine(node, svc, stopUs, how);
    start(node, svc, startUs);
    truth.restarts.push({ node: ip(node), service: svc, stoppedAt: formatUtcUs(stopUs), startedAt: formatUtcUs(startUs), cause: how });
  };
  const zkDown: [number, number][][] = Array.from({ length: n }, () => []);
  const zkRestart = (node: number, stopUs: number, startUs: number, how: 'stop' | 'power_loss'): void => {
    zkDown[node]!.push([stopUs, startUs]);
    if (how === 'stop') zkLine(node, stopUs, 'INFO', 'QuorumPeer@1435', 'Shutting down');
    else zkLine(node, stopUs, 'INFO', 'NIOServerCnxn@1435', 'Closed socket connection for client /127.0.0.1:41234');
    zk[node]!.push({ us: startUs, text: `${zkStamp(localParts(tz, startUs + skewUs[node]!))} [myid:] - INFO  [main:QuorumPeerMain@151] - Starting quorum peer` });
    zkLine(node, startUs + 300_000, 'INFO', 'QuorumPeer@748', 'Peer state changed: looking');
    zkLine(node, startUs + 900_000, 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery');
    truth.restarts.push({ node: ip(node), service: 'zookeeper', stoppedAt: formatUtcUs(stopUs), startedAt: formatUtcUs(startUs), cause: how });
  };
  const election = (lost: number, us: number, exclude: Set<number>): void => {
    // Every other reachable server looks, one of them leads.
    const voters = Array.from({ length: n }, (_, i) => i).filter((i) => i !== lost && !exclude.has(i));
    const leader = rng.pick(voters);
    let first = Infinity;
    for (const v of voters) {
      const t = us + rng.int(500, 2500) * 1000;
      first = Math.min(first, t);
      zkLine(v, t - 200_000, 'WARN', 'Follower@100', 'Exception when following the leader');
      zkLine(v, t, 'INFO', 'QuorumPeer@748', 'Peer state changed: looking');
    }
    const at = us + rng.int(4000, 8000) * 1000;
    zkLine(leader, at, 'INFO', 'QuorumPeer@742', 'Peer state changed: leading');
    for (const v of voters) if (v !== leader) zkLine(v, at + rng.int(20, 300) * 1000, 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery');
    zkLeader = leader;
    truth.zkElections.push({ leader: ip(leader), start: formatUtcUs(first), at: formatUtcUs(at) });
  };
  /** One observer's failing pings to a target, then the recovery. */
  const linkDown = (obs: number, target: number, fromUs: number, toUs: number): void => {
    let times = 1;
    for (let t = fromUs; t < toUs; t += rng.int(4500, 5500) * 1000) {
      log(obs, 'zbs-chunkd', t, 'W', 'data_channel_manager.cc:240', `Fail to ping : ${ip(target)}:10201 ping error times: ${times++} st:\nTraceback:\n[EShutDown]:`);
    }
    log(obs, 'zbs-chunkd', toUs, 'I', 'data_channel_manager.cc:252', `datachannel back to normal : ip : ${ip(target)} port 10201`);
    truth.linksDown.push({ observer: ip(obs), target: ip(target), start: formatUtcUs(fromUs), end: formatUtcUs(toUs) });
  };

  // Faults, each in its own slot so that the truth is unambiguous.
  const slot = (T1 - T0 - 20 * 60 * S) / Math.max(1, kinds.length);
  kinds.forEach((kind, k) => {
    const t = Math.round(T0 + 10 * 60 * S + k * slot + rng.range(0, slot / 3));
    const node = rng.int(0, n - 1);
    switch (kind) {
      case 'crash':
      case 'graceful_restart': {
        const down = rng.int(5, 60) * S;
        restart(node, 'zbs-metad', t, t + down, kind === 'crash' ? 'crash' : 'stop');
        truth.outages.push({ node: ip(node), start: formatUtcUs(t), end: formatUtcUs(t + down), cause: kind });
        truth.faults.push({ kind, at: formatUtcUs(t), node: ip(node) });
        break;
      }
      case 'rolling_restart':
        for (let i = 0; i < n; i++) {
          const s0 = t + i * 40 * S;
          const down = rng.int(5, 15) * S;
          restart(i, 'zbs-metad', s0, s0 + down, 'stop');
          truth.outages.push({ node: ip(i), start: formatUtcUs(s0), end: formatUtcUs(s0 + down), cause: kind });
        }
        truth.faults.push({ kind, at: formatUtcUs(t), nodes: truth.nodes });
        break;
      case 'power_loss': {
        const down = rng.int(60, 180) * S;
        const back = t + down;
        for (const svc of SERVICES) restart(node, svc, t, back + rng.int(0, 800) * 1000, 'power_loss');
        zkRestart(node, t, back + rng.int(0, 800) * 1000, 'power_loss');
        const chunkdBack = current.get(key(node, 'zbs-chunkd'))!.startUs;
        for (let i = 0; i < n; i++) {
          if (i === node) continue;
          linkDown(i, node, t + rng.int(300, 2500) * 1000, chunkdBack + rng.int(200, 1200) * 1000);
          log(i, 'zbs-metad', t + rng.int(2000, 5000) * 1000, 'E', 'main.cc:82', `[ZOO] handle_socket_error_msg:2495 ${zkClientStamp(tz, t)}:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [${ip(node)}:2181] zk retcode=-4, errno=112(Host is down): failed while receiving a server response`);
        }
        if (node === zkLeader) election(node, t, new Set());
        const ends = [...truth.restarts.filter((r) => r.node === ip(node) && r.stoppedAt === formatUtcUs(t)).map((r) => r.startedAt)];
        truth.outages.push({ node: ip(node), start: formatUtcUs(t), end: ends.sort().pop()!, cause: kind });
        truth.faults.push({ kind, at: formatUtcUs(t), node: ip(node) });
        break;
      }
      case 'partition': {
        // A minority cut off from the rest (both ways); nothing restarts. The ZooKeeper
        // leader stays on the majority side, so the minority's servers lose it and look.
        const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== zkLeader);
        const size = rng.int(1, Math.max(1, Math.floor((n - 1) / 2)));
        const side = new Set<number>();
        while (side.size < size) side.add(rng.pick(others));
        const d = rng.int(40, 120) * S;
        for (const x of side) {
          for (let i = 0; i < n; i++) {
            if (side.has(i)) continue;
            linkDown(i, x, t + rng.int(0, 900) * 1000, t + d + rng.int(0, 900) * 1000);
            linkDown(x, i, t + rng.int(0, 900) * 1000, t + d + rng.int(0, 900) * 1000);
          }
          // Its services' ZooKeeper clients lose their server on the majority side, try the
          // others in vain, and get their session back after the partition heals.
          const majority = Array.from({ length: n }, (_, i) => i).filter((i) => !side.has(i));
          for (const svc of SERVICES) {
            const e0 = t + rng.int(2000, 6000) * 1000;
            for (const m of [rng.pick(majority), rng.pick(majority)]) {
              log(x, svc, e0 + rng.int(0, 3000) * 1000, 'E', 'main.cc:82', `[ZOO] handle_socket_error_msg:2495 ${zkClientStamp(tz, e0)}:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [${ip(m)}:2181] zk retcode=-7, errno=110(Connection timed out): connection to ${ip(m)}:2181 timed out`);
            }
            log(x, svc, e0 + 4 * S, 'I', 'zk_client.cc:120', 'zookeeper session event: CONNECTED_STATE --> CONNECTING_STATE');
            log(x, svc, t + d + rng.int(1500, 4000) * 1000, 'I', 'zk_client.cc:120', 'zookeeper session event: CONNECTING_STATE --> CONNECTED_STATE');
          }
          // A client on the majority side that was connected to x's server loses it, and moves on.
          const m = rng.pick(majority);
          log(m, 'zbs-chunkd', t + rng.int(2000, 6000) * 1000, 'E', 'main.cc:82', `[ZOO] handle_socket_error_msg:2495 ${zkClientStamp(tz, t)}:13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495: Socket [${ip(x)}:2181] zk retcode=-4, errno=113(No route to host): failed while receiving a server response`);
          zkLine(x, t + 2 * S, 'WARN', 'Follower@100', 'Exception when following the leader');
          zkLine(x, t + 2.2 * S, 'INFO', 'QuorumPeer@748', 'Peer state changed: looking');
          zkLine(x, t + d + 2 * S, 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery');
          truth.outages.push({ node: ip(x), start: formatUtcUs(t), end: formatUtcUs(t + d), cause: kind });
        }
        truth.faults.push({ kind, at: formatUtcUs(t), nodes: [...side].sort((a, b) => a - b).map(ip) });
        break;
      }
      case 'flap': {
        const target = (node + rng.int(1, n - 1)) % n;
        let s0 = t;
        for (let f = 0; f < rng.int(2, 3); f++) {
          const d = rng.int(6, 20) * S;
          linkDown(node, target, s0, s0 + d);
          s0 += d + rng.int(30, 90) * S;
        }
        truth.faults.push({ kind, at: formatUtcUs(t), nodes: [ip(node), ip(target)] });
        break;
      }
      case 'zk_leader_loss': {
        const l = zkLeader;
        const down = rng.int(20, 60) * S;
        zkRestart(l, t, t + down, 'stop');
        election(l, t, new Set());
        truth.outages.push({ node: ip(l), start: formatUtcUs(t), end: formatUtcUs(t + down), cause: kind });
        truth.faults.push({ kind, at: formatUtcUs(t), node: ip(l) });
        break;
      }
      case 'clock_skew': {
        // Set at the start (see below); here only the record of it.
        break;
      }
      case 'meta_leader_change': {
        metaLeader = (metaLeader + rng.int(1, n - 1)) % n;
        seq++;
        announceMeta(metaLeader, t);
        truth.metaLeaders.push({ leader: ip(metaLeader), at: formatUtcUs(t), seq });
        truth.faults.push({ kind, at: formatUtcUs(t), node: ip(metaLeader) });
        break;
      }
    }
  });

  // Background volume: heartbeats on every live instance, generated while its file is
  // written (never all in memory: a GB-sized simulation stays within a few MB), from a
  // PRNG of its own so that the rest of the run does not depend on it.
  const totalLines = (sizeMb * 1048576) / 110;
  const perInstanceSecond = totalLines / (n * SERVICES.length * hours * 3600);
  // At least 1 ms apart: a GB-sized bundle over a few hours needs tens of lines per second per process.
  const gapUs = Math.max(1_000, Math.round(S / Math.max(perInstanceSecond, 1e-6)));
  for (let i = 0; i < n; i++) {
    for (let t = T0; t < T1; t += 30 * S) {
      const at = t + rng.int(0, 999) * 1000;
      if (zkDown[i]!.some(([a, b]) => at >= a && at <= b)) continue; // a stopped server writes nothing
      zkLine(i, at, 'INFO', 'NIOServerCnxn@1435', `Closed socket connection for client /127.0.0.1:${rng.int(30000, 60000)}`);
    }
  }

  // Write the bundle.
  const bundleDir = join(o.outDir, 'bundle');
  let files = 0;
  let bytes = 0;
  for (const [k, inst] of instances.entries()) {
    const dir = join(bundleDir, `172_17_57_${24 + inst.node}`, `192_168_57_${24 + inst.node}_${CLUSTER_UUID}`, 'zbs_logs', inst.svc);
    mkdirSync(dir, { recursive: true });
    const from = Math.max(inst.startUs + 1000, T0);
    const to = inst.endUs ?? T1;
    const faultRecs = inst.recs.filter((r) => inst.endUs === null || r.us <= inst.endUs).sort((a, b) => a.us - b.us);
    const recs = mergeByTime(faultRecs, background(inst, from, to, gapUs, new Prng(o.seed * 7919 + k)));
    // Long-running instances rotate once, half-way: the older file is gzipped; both carry the same pid.
    const rotateAt = inst.endUs === null && (to - from) / gapUs > 2000 ? (from + to) / 2 : Infinity;
    const w = await writeInstanceFiles(dir, inst, recs, rotateAt, tz, skewUs[inst.node]!);
    files += w.files;
    bytes += w.bytes;
    o.onProgress?.(bytes, sizeMb * 1048576);
  }
  for (let i = 0; i < n; i++) {
    const dir = join(bundleDir, `172_17_57_${24 + i}`, `192_168_57_${24 + i}_${CLUSTER_UUID}`, 'zbs_logs', 'zookeeper');
    mkdirSync(dir, { recursive: true });
    const text = zk[i]!.sort((a, b) => a.us - b.us).map((l) => l.text).join('\n') + '\n';
    writeFileSync(join(dir, 'zookeeper.log'), text);
    files++;
    bytes += Buffer.byteLength(text);
  }
  for (const list of [truth.restarts, truth.outages, truth.linksDown, truth.zkElections, truth.metaLeaders] as { at?: string; start?: string; startedAt?: string }[][]) {
    list.sort((a, b) => String(a.startedAt ?? a.start ?? a.at).localeCompare(String(b.startedAt ?? b.start ?? b.at)));
  }
  const skewed = skewUs.findIndex((x) => x !== 0);
  if (skewed >= 0) {
    const x = ip(skewed);
    for (const r of truth.restarts) if (r.node === x) r.clockSkewed = true;
    // Outages of X, and outages others were seen in by X (its link and ZooKeeper client lines).
    for (const o2 of truth.outages) if (o2.node === x || o2.cause === 'partition' || o2.cause === 'power_loss') o2.clockSkewed = true;
    for (const l of truth.linksDown) if (l.observer === x) l.clockSkewed = true;
    // Every server's `looking` may open an election; every node reports the meta leader.
    for (const e of truth.zkElections) e.clockSkewed = true;
    for (const m of truth.metaLeaders) m.clockSkewed = true;
  }
  const truthFile = join(o.outDir, 'truth.json');
  writeFileSync(truthFile, JSON.stringify(truth, null, 2) + '\n');
  return { bundleDir, truthFile, truth, files, bytes };
}

/** An instance's background records, in time order, made as they are consumed. */
function* background(inst: Instance, from: number, to: number, gapUs: number, rng: Prng): Generator<Rec> {
  for (let t = from + rng.int(0, gapUs); t < to; t += gapUs + rng.int(-gapUs / 4, gapUs / 4)) {
    const r = rng.next();
    const tid = inst.pid + rng.int(1, 40);
    if (r < 0.01) yield { us: t, level: 'W', line: `${tid} rpc_client.cc:210] rpc to 10.0.0.9:10100 timed out\nTraceback:\n[ETimedOut]: deadline exceeded` };
    else if (r < 0.012) yield { us: t, level: 'I', line: `${tid} meta_dump.cc:77] volume { id: ${rng.int(1, 1e6)} ${'replica { cid: 7 state: HEALTHY } '.repeat(rng.int(50, 400))}}` };
    else yield { us: t, level: 'I', line: `${tid} ${inst.svc === 'zbs-chunkd' ? 'chunk_server.cc:880' : 'meta_server.cc:400'}] heartbeat ok, ${rng.int(1, 64)} chunks, pending ${rng.int(0, 9)}` };
  }
}

/** Two time-ordered record lists as one; at equal times the first list's record comes first. */
function* mergeByTime(a: readonly Rec[], b: Iterator<Rec>): Generator<Rec> {
  let i = 0;
  let next = b.next();
  while (i < a.length || !next.done) {
    if (next.done || (i < a.length && a[i]!.us <= next.value.us)) yield a[i++]!;
    else {
      yield next.value;
      next = b.next();
    }
  }
}

/**
 * Streams an instance's records into its glog file(s): a header, one line per record,
 * the file rotated at `rotateAt` (the older part gzipped), and the last line cut short
 * when the power went mid-write. One record is held back to know which one is last.
 */
async function writeInstanceFiles(dir: string, inst: Instance, recs: Iterator<Rec>, rotateAt: number, tz: string, skew: number): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  let out: { stream: NodeJS.WritableStream & { bytesWritten?: number }; done: Promise<void>; path: string } | null = null;
  let buf = '';
  const open = (opened: number, gz: boolean): void => {
    const o = localParts(tz, opened + skew);
    const name = `${inst.svc}.log.${glogNameStamp(o)}.${inst.pid}${gz ? '.gz' : ''}`;
    const file = createWriteStream(join(dir, name));
    const stream = gz ? createGzip() : file;
    if (gz) stream.pipe(file);
    const done = new Promise<void>((resolve, reject) => {
      file.on('finish', resolve);
      file.on('error', reject);
    });
    out = { stream, done, path: join(dir, name) };
    buf = [`Log file created at: ${glogHeaderStamp(o)}`, `Running on machine: node57-${24 + inst.node}`, 'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg'].join('\n') + '\n';
  };
  const flush = async (force: boolean): Promise<void> => {
    if (!out || (!force && buf.length < 1 << 20)) return;
    const o = out as { stream: NodeJS.WritableStream };
    if (!o.stream.write(buf)) await new Promise((r) => o.stream.once('drain', r));
    buf = '';
  };
  const close = async (): Promise<void> => {
    if (!out) return;
    await flush(true);
    const o = out as { stream: NodeJS.WritableStream; done: Promise<void>; path: string };
    o.stream.end();
    await o.done;
    files++;
    bytes += statSync(o.path).size;
    out = null;
  };
  const line = (r: Rec): string => `${r.level}${glogStamp(localParts(tz, r.us + skew))} ${r.line}\n`;
  let held = recs.next();
  let rotated = rotateAt === Infinity;
  open(inst.startUs, !rotated);
  while (!held.done) {
    const r = held.value;
    held = recs.next();
    if (!rotated && r.us >= rotateAt) {
      await close();
      open(r.us, false);
      rotated = true;
    }
    let text = line(r);
    if (held.done && inst.cutLastLine) text = text.slice(0, text.length - 1 - Math.floor((text.length - 1 - 40) / 2));
    buf += text;
    await flush(false);
  }
  await close();
  return { files, bytes };
}

function zkClientStamp(tz: string, us: number): string {
  const l = localParts(tz, us);
  return `${zkStamp(l).replace('T', ' ')}`;
}

export function faultList(spec: string, rng: Prng): FaultKind[] {
  if (spec === 'none') return [];
  if (spec === 'random') {
    // Every kind once, in random order; a skewed clock in half of the runs only, so
    // that the other half measures everything else undisturbed.
    const all = FAULT_KINDS.filter((k) => k !== 'clock_skew' || rng.next() < 0.5);
    for (let i = all.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all;
  }
  return spec.split(',').map((s) => {
    const k = s.trim() as FaultKind;
    if (!FAULT_KINDS.includes(k)) throw new Error(`unknown fault "${s}"; known: ${FAULT_KINDS.join(', ')}, random, none`);
    return k;
  });
}
