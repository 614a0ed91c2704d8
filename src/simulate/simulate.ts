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

export const FAULT_KINDS = [
  'crash',
  'graceful_restart',
  'rolling_restart',
  'power_loss',
  'partition',
  'flap',
  'zk_leader_loss',
  'meta_leader_change',
  'clock_skew',
] as const;
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
  restarts: {
    node: string;
    service: string;
    stoppedAt: string;
    startedAt: string;
    cause: 'crash' | 'stop' | 'power_loss';
    clockSkewed?: boolean;
  }[];
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

type StopHow = 'crash' | 'stop' | 'power_loss';
const ip = (i: number): string => `172.17.57.${24 + i}`;
const nodeDir = (bundleDir: string, node: number): string =>
  join(bundleDir, `172_17_57_${24 + node}`, `192_168_57_${24 + node}_${CLUSTER_UUID}`, 'zbs_logs');
const ZOO_ERROR = '13171(0x7fe9be9e2700):ZOO_ERROR@handle_socket_error_msg@2495';

export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const m = new ClusterModel(o);
  const kinds = m.setUp(o.faults ?? 'random');
  // Faults, each in its own slot so that the truth is unambiguous.
  const slot = (m.T1 - m.T0 - 20 * 60 * S) / Math.max(1, kinds.length);
  kinds.forEach((kind, k) => {
    const t = Math.round(m.T0 + 10 * 60 * S + k * slot + m.rng.range(0, slot / 3));
    const node = m.rng.int(0, m.n - 1);
    FAULTS[kind](m, t, node);
  });
  m.zkBackground();
  const { bundleDir, files, bytes } = await m.writeBundle(o);
  m.finishTruth();
  const truthFile = join(o.outDir, 'truth.json');
  writeFileSync(truthFile, JSON.stringify(m.truth, null, 2) + '\n');
  return { bundleDir, truthFile, truth: m.truth, files, bytes };
}

/**
 * The model cluster: its processes and the records they write, its ZooKeeper servers'
 * lines, the leaders, and the truth of what happened. Faults act on it through these
 * methods; every random draw comes from `rng`, in a fixed order, so a seed gives one bundle.
 */
class ClusterModel {
  readonly rng: Prng;
  readonly n: number;
  readonly hours: number;
  readonly tz: string;
  readonly sizeMb: number;
  readonly T0: number;
  readonly T1: number;
  readonly truth: Truth;
  private nextPid: number;
  readonly instances: Instance[] = [];
  readonly current = new Map<string, Instance>();
  /** ZooKeeper: one log per node across restarts; myid = index + 1. */
  readonly zk: { us: number; text: string }[][];
  /** A node whose clock is off writes every line shifted by this much; the truth keeps real time. */
  readonly skewUs: number[];
  /** When each node's ZooKeeper server was down: it writes nothing then. */
  readonly zkDown: [number, number][][];
  zkLeader = 0;
  metaLeader = 0;
  seq = 0;

  constructor(o: SimulateOptions) {
    this.rng = new Prng(o.seed);
    this.n = Math.max(3, o.nodes ?? 4);
    this.hours = o.hours ?? 2;
    this.tz = o.tz ?? 'UTC';
    this.sizeMb = o.sizeMb ?? 4;
    this.T0 = o.startUs ?? Date.UTC(2022, 7, 18) * 1000;
    this.T1 = this.T0 + this.hours * 3600 * S;
    const n = this.n;
    this.truth = {
      timezone: this.tz,
      window: [formatUtcUs(this.T0), formatUtcUs(this.T1)],
      nodes: Array.from({ length: n }, (_, i) => ip(i)),
      restarts: [],
      outages: [],
      linksDown: [],
      zkElections: [],
      metaLeaders: [],
      faults: [],
    };
    this.nextPid = 1000 + this.rng.int(0, 5000);
    this.zk = Array.from({ length: n }, () => []);
    this.skewUs = Array.from({ length: n }, () => 0);
    this.zkDown = Array.from({ length: n }, () => []);
  }

  /** Processes, a skewed clock if asked for, the ZooKeeper and meta leaders; returns the faults to play. */
  setUp(faults: string): FaultKind[] {
    const { n, rng, T0 } = this;
    for (let i = 0; i < n; i++) for (const svc of SERVICES) this.start(i, svc, T0 - rng.int(600, 7200) * S);
    const kinds = faultList(faults, rng);
    if (kinds.includes('clock_skew')) this.skewClock();
    this.zkLeader = rng.int(0, n - 1);
    for (let i = 0; i < n; i++)
      this.zkLine(
        i,
        T0 - 30 * S,
        'INFO',
        'QuorumPeer@742',
        i === this.zkLeader ? 'Peer state changed: leading - broadcast' : 'Peer state changed: following - broadcast',
      );
    this.metaLeader = rng.int(0, n - 1);
    this.seq = rng.int(1, 9);
    this.announceMeta(this.metaLeader, T0 - 20 * S);
    return kinds;
  }

  private skewClock(): void {
    const x = this.rng.int(0, this.n - 1);
    this.skewUs[x] = this.rng.int(3000, 8000) * 1000 * (this.rng.next() < 0.5 ? -1 : 1);
    this.truth.faults.push({
      kind: 'clock_skew',
      at: formatUtcUs(this.T0),
      node: ip(x),
      indistinguishable: `${ip(x)}'s clock is off by ${(this.skewUs[x]! / S).toFixed(3)} s: its lines carry no other clock, so its events are shifted by that much (answers about it are scored separately)`,
    });
  }

  start(node: number, svc: Svc, us: number): Instance {
    const inst: Instance = { node, svc, pid: this.nextPid++, startUs: us, endUs: null, recs: [], cutLastLine: false };
    inst.recs.push({ us, level: 'I', line: `${inst.pid} main.cc:88] ${svc} starting, version 5.2.0` });
    this.instances.push(inst);
    this.current.set(`${node}/${svc}`, inst);
    return inst;
  }

  instance(node: number, svc: Svc): Instance {
    return this.current.get(`${node}/${svc}`)!;
  }

  log(node: number, svc: Svc, us: number, level: Rec['level'], where: string, msg: string): void {
    const inst = this.instance(node, svc);
    inst.recs.push({ us, level, line: `${inst.pid + this.rng.int(1, 40)} ${where}] ${msg}` });
  }

  /** A ZooKeeper C client's socket error about `server`, logged by `node`'s `svc`. */
  zkClientError(node: number, svc: Svc, us: number, stampUs: number, server: number, what: string): void {
    this.log(
      node,
      svc,
      us,
      'E',
      'main.cc:82',
      `[ZOO] handle_socket_error_msg:2495 ${zkClientStamp(this.tz, stampUs)}:${ZOO_ERROR}: Socket [${ip(server)}:2181] ${what}`,
    );
  }

  zkLine(node: number, us: number, level: string, where: string, msg: string): void {
    const stamp = zkStamp(localParts(this.tz, us + this.skewUs[node]!));
    this.zk[node]!.push({
      us,
      text: `${stamp} [myid:] - ${level.padEnd(5)} [QuorumPeer[myid=${node + 1}](plain=${ip(node)}:2181)(secure=disabled):${where}] - ${msg}`,
    });
  }

  announceMeta(leader: number, us: number): void {
    this.log(leader, 'zbs-metad', us, 'I', 'meta_server.cc:300', `[ROLE CHANGE] I am the leader now. seq is ${this.seq}`);
    for (let i = 0; i < this.n; i++)
      if (i !== leader)
        this.log(
          i,
          'zbs-metad',
          us + this.rng.int(200, 1500) * 1000,
          'I',
          'meta_server.cc:310',
          `Leader is ${ip(leader)}:10100. seq is ${this.seq}`,
        );
  }

  private stopLine(node: number, svc: Svc, us: number, how: StopHow): void {
    const inst = this.instance(node, svc);
    if (how === 'stop') this.log(node, svc, us, 'I', 'main.cc:200', 'received signal 15, shutting down');
    else if (how === 'crash') inst.recs.push({ us, level: 'F', line: crashDump(inst, us) });
    else {
      this.log(node, svc, us, 'I', 'heartbeat.cc:40', 'heartbeat ok, 12 chunks, pending 0');
      inst.cutLastLine = this.rng.next() < 0.5; // the power went mid-write
    }
    inst.endUs = us;
  }

  restart(node: number, svc: Svc, stopUs: number, startUs: number, how: StopHow): void {
    this.stopLine(node, svc, stopUs, how);
    this.start(node, svc, startUs);
    this.truth.restarts.push({ node: ip(node), service: svc, stoppedAt: formatUtcUs(stopUs), startedAt: formatUtcUs(startUs), cause: how });
  }

  zkRestart(node: number, stopUs: number, startUs: number, how: 'stop' | 'power_loss'): void {
    this.zkDown[node]!.push([stopUs, startUs]);
    if (how === 'stop') this.zkLine(node, stopUs, 'INFO', 'QuorumPeer@1435', 'Shutting down');
    else this.zkLine(node, stopUs, 'INFO', 'NIOServerCnxn@1435', 'Closed socket connection for client /127.0.0.1:41234');
    this.zk[node]!.push({
      us: startUs,
      text: `${zkStamp(localParts(this.tz, startUs + this.skewUs[node]!))} [myid:] - INFO  [main:QuorumPeerMain@151] - Starting quorum peer`,
    });
    this.zkLine(node, startUs + 300_000, 'INFO', 'QuorumPeer@748', 'Peer state changed: looking');
    this.zkLine(node, startUs + 900_000, 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery');
    this.truth.restarts.push({
      node: ip(node),
      service: 'zookeeper',
      stoppedAt: formatUtcUs(stopUs),
      startedAt: formatUtcUs(startUs),
      cause: how,
    });
  }

  /** The ZooKeeper leader `lost` is gone: every other reachable server looks, one of them leads. */
  election(lost: number, us: number): void {
    const voters = Array.from({ length: this.n }, (_, i) => i).filter((i) => i !== lost);
    const leader = this.rng.pick(voters);
    let first = Infinity;
    for (const v of voters) {
      const t = us + this.rng.int(500, 2500) * 1000;
      first = Math.min(first, t);
      this.zkLine(v, t - 200_000, 'WARN', 'Follower@100', 'Exception when following the leader');
      this.zkLine(v, t, 'INFO', 'QuorumPeer@748', 'Peer state changed: looking');
    }
    const at = us + this.rng.int(4000, 8000) * 1000;
    this.zkLine(leader, at, 'INFO', 'QuorumPeer@742', 'Peer state changed: leading');
    for (const v of voters)
      if (v !== leader)
        this.zkLine(v, at + this.rng.int(20, 300) * 1000, 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery');
    this.zkLeader = leader;
    this.truth.zkElections.push({ leader: ip(leader), start: formatUtcUs(first), at: formatUtcUs(at) });
  }

  /** One observer's failing pings to a target, then the recovery. */
  linkDown(obs: number, target: number, fromUs: number, toUs: number): void {
    let times = 1;
    for (let t = fromUs; t < toUs; t += this.rng.int(4500, 5500) * 1000) {
      this.log(
        obs,
        'zbs-chunkd',
        t,
        'W',
        'data_channel_manager.cc:240',
        `Fail to ping : ${ip(target)}:10201 ping error times: ${times++} st:\nTraceback:\n[EShutDown]:`,
      );
    }
    this.log(obs, 'zbs-chunkd', toUs, 'I', 'data_channel_manager.cc:252', `datachannel back to normal : ip : ${ip(target)} port 10201`);
    this.truth.linksDown.push({ observer: ip(obs), target: ip(target), start: formatUtcUs(fromUs), end: formatUtcUs(toUs) });
  }

  /** ZooKeeper servers' background lines every ~30 s, except while one is down. */
  zkBackground(): void {
    for (let i = 0; i < this.n; i++) {
      for (let t = this.T0; t < this.T1; t += 30 * S) {
        const at = t + this.rng.int(0, 999) * 1000;
        if (this.zkDown[i]!.some(([a, b]) => at >= a && at <= b)) continue; // a stopped server writes nothing
        this.zkLine(i, at, 'INFO', 'NIOServerCnxn@1435', `Closed socket connection for client /127.0.0.1:${this.rng.int(30000, 60000)}`);
      }
    }
  }

  /**
   * Every instance's glog file(s) and every node's ZooKeeper log. Background volume
   * (heartbeats on every live instance) is generated while a file is written (never all
   * in memory: a GB-sized simulation stays within a few MB), from a PRNG of its own so
   * that the rest of the run does not depend on it.
   */
  async writeBundle(o: SimulateOptions): Promise<{ bundleDir: string; files: number; bytes: number }> {
    const bundleDir = join(o.outDir, 'bundle');
    const totalLines = (this.sizeMb * 1048576) / 110;
    const perInstanceSecond = totalLines / (this.n * SERVICES.length * this.hours * 3600);
    // At least 1 ms apart: a GB-sized bundle over a few hours needs tens of lines per second per process.
    const gapUs = Math.max(1_000, Math.round(S / Math.max(perInstanceSecond, 1e-6)));
    let files = 0;
    let bytes = 0;
    for (const [k, inst] of this.instances.entries()) {
      const dir = join(nodeDir(bundleDir, inst.node), inst.svc);
      mkdirSync(dir, { recursive: true });
      const from = Math.max(inst.startUs + 1000, this.T0);
      const to = inst.endUs ?? this.T1;
      const faultRecs = inst.recs.filter((r) => inst.endUs === null || r.us <= inst.endUs).sort((a, b) => a.us - b.us);
      const recs = mergeByTime(faultRecs, background(inst, from, to, gapUs, new Prng(o.seed * 7919 + k)));
      // Long-running instances rotate once, half-way: the older file is gzipped; both carry the same pid.
      const rotateAt = inst.endUs === null && (to - from) / gapUs > 2000 ? (from + to) / 2 : Infinity;
      const w = await writeInstanceFiles(dir, inst, recs, rotateAt, this.tz, this.skewUs[inst.node]!);
      files += w.files;
      bytes += w.bytes;
      o.onProgress?.(bytes, this.sizeMb * 1048576);
    }
    for (let i = 0; i < this.n; i++) {
      const dir = join(nodeDir(bundleDir, i), 'zookeeper');
      mkdirSync(dir, { recursive: true });
      const text =
        this.zk[i]!.sort((a, b) => a.us - b.us)
          .map((l) => l.text)
          .join('\n') + '\n';
      writeFileSync(join(dir, 'zookeeper.log'), text);
      files++;
      bytes += Buffer.byteLength(text);
    }
    return { bundleDir, files, bytes };
  }

  /** The truth's lists in time order, and the items the skewed clock's lines time marked. */
  finishTruth(): void {
    const truth = this.truth;
    for (const list of [truth.restarts, truth.outages, truth.linksDown, truth.zkElections, truth.metaLeaders] as {
      at?: string;
      start?: string;
      startedAt?: string;
    }[][]) {
      list.sort((a, b) => String(a.startedAt ?? a.start ?? a.at).localeCompare(String(b.startedAt ?? b.start ?? b.at)));
    }
    const skewed = this.skewUs.findIndex((x) => x !== 0);
    if (skewed < 0) return;
    const x = ip(skewed);
    for (const r of truth.restarts) if (r.node === x) r.clockSkewed = true;
    // Outages of X, and outages others were seen in by X (its link and ZooKeeper client lines).
    for (const o2 of truth.outages) if (o2.node === x || o2.cause === 'partition' || o2.cause === 'power_loss') o2.clockSkewed = true;
    for (const l of truth.linksDown) if (l.observer === x) l.clockSkewed = true;
    // Every server's `looking` may open an election; every node reports the meta leader.
    for (const e of truth.zkElections) e.clockSkewed = true;
    for (const m of truth.metaLeaders) m.clockSkewed = true;
  }
}

function crashDump(inst: Instance, us: number): string {
  const where = inst.svc === 'zbs-metad' ? 'meta_server.cc:512' : 'chunk_server.cc:733';
  const unix = Math.floor(us / S);
  return `${inst.pid} ${where}] Check failed: lease_ok() lease expired\n*** Check failure stack trace: ***\n    @     0x7fe9c1a3b1c3  google::LogMessage::Fail()\n*** Aborted at ${unix} (unix time) try "date -d @${unix}" if you are using GNU date ***\n*** SIGABRT (@0x3e8) received by PID ${inst.pid} (TID 0x7fe9be9e2700) from PID ${inst.pid}; stack trace: ***`;
}

/** What each fault does to the model at time t; `node` is a random node (drawn for every fault). */
const FAULTS: Record<FaultKind, (m: ClusterModel, t: number, node: number) => void> = {
  crash: (m, t, node) => serviceRestart(m, t, node, 'crash'),
  graceful_restart: (m, t, node) => serviceRestart(m, t, node, 'graceful_restart'),
  rolling_restart: (m, t) => {
    for (let i = 0; i < m.n; i++) {
      const s0 = t + i * 40 * S;
      const down = m.rng.int(5, 15) * S;
      m.restart(i, 'zbs-metad', s0, s0 + down, 'stop');
      m.truth.outages.push({ node: ip(i), start: formatUtcUs(s0), end: formatUtcUs(s0 + down), cause: 'rolling_restart' });
    }
    m.truth.faults.push({ kind: 'rolling_restart', at: formatUtcUs(t), nodes: m.truth.nodes });
  },
  power_loss: powerLoss,
  partition,
  flap: (m, t, node) => {
    const target = (node + m.rng.int(1, m.n - 1)) % m.n;
    let s0 = t;
    for (let f = 0; f < m.rng.int(2, 3); f++) {
      const d = m.rng.int(6, 20) * S;
      m.linkDown(node, target, s0, s0 + d);
      s0 += d + m.rng.int(30, 90) * S;
    }
    m.truth.faults.push({ kind: 'flap', at: formatUtcUs(t), nodes: [ip(node), ip(target)] });
  },
  zk_leader_loss: (m, t) => {
    const l = m.zkLeader;
    const down = m.rng.int(20, 60) * S;
    m.zkRestart(l, t, t + down, 'stop');
    m.election(l, t);
    m.truth.outages.push({ node: ip(l), start: formatUtcUs(t), end: formatUtcUs(t + down), cause: 'zk_leader_loss' });
    m.truth.faults.push({ kind: 'zk_leader_loss', at: formatUtcUs(t), node: ip(l) });
  },
  meta_leader_change: (m, t) => {
    m.metaLeader = (m.metaLeader + m.rng.int(1, m.n - 1)) % m.n;
    m.seq++;
    m.announceMeta(m.metaLeader, t);
    m.truth.metaLeaders.push({ leader: ip(m.metaLeader), at: formatUtcUs(t), seq: m.seq });
    m.truth.faults.push({ kind: 'meta_leader_change', at: formatUtcUs(t), node: ip(m.metaLeader) });
  },
  // Set up before the faults play (ClusterModel.setUp); nothing happens at its slot.
  clock_skew: () => undefined,
};

function serviceRestart(m: ClusterModel, t: number, node: number, kind: 'crash' | 'graceful_restart'): void {
  const down = m.rng.int(5, 60) * S;
  m.restart(node, 'zbs-metad', t, t + down, kind === 'crash' ? 'crash' : 'stop');
  m.truth.outages.push({ node: ip(node), start: formatUtcUs(t), end: formatUtcUs(t + down), cause: kind });
  m.truth.faults.push({ kind, at: formatUtcUs(t), node: ip(node) });
}

/** A node loses power: all its services and its ZooKeeper server stop; its peers lose it until it is back. */
function powerLoss(m: ClusterModel, t: number, node: number): void {
  const back = t + m.rng.int(60, 180) * S;
  for (const svc of SERVICES) m.restart(node, svc, t, back + m.rng.int(0, 800) * 1000, 'power_loss');
  m.zkRestart(node, t, back + m.rng.int(0, 800) * 1000, 'power_loss');
  const chunkdBack = m.instance(node, 'zbs-chunkd').startUs;
  for (let i = 0; i < m.n; i++) {
    if (i === node) continue;
    m.linkDown(i, node, t + m.rng.int(300, 2500) * 1000, chunkdBack + m.rng.int(200, 1200) * 1000);
    m.zkClientError(
      i,
      'zbs-metad',
      t + m.rng.int(2000, 5000) * 1000,
      t,
      node,
      'zk retcode=-4, errno=112(Host is down): failed while receiving a server response',
    );
  }
  if (node === m.zkLeader) m.election(node, t);
  const ends = [...m.truth.restarts.filter((r) => r.node === ip(node) && r.stoppedAt === formatUtcUs(t)).map((r) => r.startedAt)];
  m.truth.outages.push({ node: ip(node), start: formatUtcUs(t), end: ends.sort().pop()!, cause: 'power_loss' });
  m.truth.faults.push({ kind: 'power_loss', at: formatUtcUs(t), node: ip(node) });
}

/**
 * A minority cut off from the rest (both ways); nothing restarts. The ZooKeeper leader
 * stays on the majority side, so the minority's servers lose it and look.
 */
function partition(m: ClusterModel, t: number): void {
  const { rng, n } = m;
  const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== m.zkLeader);
  const size = rng.int(1, Math.max(1, Math.floor((n - 1) / 2)));
  const side = new Set<number>();
  while (side.size < size) side.add(rng.pick(others));
  const d = rng.int(40, 120) * S;
  for (const x of side) cutOff(m, x, side, t, d);
  m.truth.faults.push({ kind: 'partition', at: formatUtcUs(t), nodes: [...side].sort((a, b) => a - b).map(ip) });
}

/** Node x of a partition's minority `side`, cut off from t for d. */
function cutOff(m: ClusterModel, x: number, side: ReadonlySet<number>, t: number, d: number): void {
  const { rng, n } = m;
  for (let i = 0; i < n; i++) {
    if (side.has(i)) continue;
    m.linkDown(i, x, t + rng.int(0, 900) * 1000, t + d + rng.int(0, 900) * 1000);
    m.linkDown(x, i, t + rng.int(0, 900) * 1000, t + d + rng.int(0, 900) * 1000);
  }
  // Its services' ZooKeeper clients lose their server on the majority side, try the
  // others in vain, and get their session back after the partition heals.
  const majority = Array.from({ length: n }, (_, i) => i).filter((i) => !side.has(i));
  for (const svc of SERVICES) {
    const e0 = t + rng.int(2000, 6000) * 1000;
    for (const s of [rng.pick(majority), rng.pick(majority)]) {
      m.zkClientError(
        x,
        svc,
        e0 + rng.int(0, 3000) * 1000,
        e0,
        s,
        `zk retcode=-7, errno=110(Connection timed out): connection to ${ip(s)}:2181 timed out`,
      );
    }
    m.log(x, svc, e0 + 4 * S, 'I', 'zk_client.cc:120', 'zookeeper session event: CONNECTED_STATE --> CONNECTING_STATE');
    m.log(
      x,
      svc,
      t + d + rng.int(1500, 4000) * 1000,
      'I',
      'zk_client.cc:120',
      'zookeeper session event: CONNECTING_STATE --> CONNECTED_STATE',
    );
  }
  // A client on the majority side that was connected to x's server loses it, and moves on.
  const c = rng.pick(majority);
  m.zkClientError(
    c,
    'zbs-chunkd',
    t + rng.int(2000, 6000) * 1000,
    t,
    x,
    'zk retcode=-4, errno=113(No route to host): failed while receiving a server response',
  );
  m.zkLine(x, t + 2 * S, 'WARN', 'Follower@100', 'Exception when following the leader');
  m.zkLine(x, t + 2.2 * S, 'INFO', 'QuorumPeer@748', 'Peer state changed: looking');
  m.zkLine(x, t + d + 2 * S, 'INFO', 'QuorumPeer@742', 'Peer state changed: following - discovery');
  m.truth.outages.push({ node: ip(x), start: formatUtcUs(t), end: formatUtcUs(t + d), cause: 'partition' });
}

/** An instance's background records, in time order, made as they are consumed. */
function* background(inst: Instance, from: number, to: number, gapUs: number, rng: Prng): Generator<Rec> {
  for (let t = from + rng.int(0, gapUs); t < to; t += gapUs + rng.int(-gapUs / 4, gapUs / 4)) {
    const r = rng.next();
    const tid = inst.pid + rng.int(1, 40);
    if (r < 0.01)
      yield {
        us: t,
        level: 'W',
        line: `${tid} rpc_client.cc:210] rpc to 10.0.0.9:10100 timed out\nTraceback:\n[ETimedOut]: deadline exceeded`,
      };
    else if (r < 0.012)
      yield {
        us: t,
        level: 'I',
        line: `${tid} meta_dump.cc:77] volume { id: ${rng.int(1, 1e6)} ${'replica { cid: 7 state: HEALTHY } '.repeat(rng.int(50, 400))}}`,
      };
    else
      yield {
        us: t,
        level: 'I',
        line: `${tid} ${inst.svc === 'zbs-chunkd' ? 'chunk_server.cc:880' : 'meta_server.cc:400'}] heartbeat ok, ${rng.int(1, 64)} chunks, pending ${rng.int(0, 9)}`,
      };
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
async function writeInstanceFiles(
  dir: string,
  inst: Instance,
  recs: Iterator<Rec>,
  rotateAt: number,
  tz: string,
  skew: number,
): Promise<{ files: number; bytes: number }> {
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
    buf =
      [
        `Log file created at: ${glogHeaderStamp(o)}`,
        `Running on machine: node57-${24 + inst.node}`,
        'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
      ].join('\n') + '\n';
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
