/**
 * Node outages: a node was down or cut off. Evidence, per node:
 *  - its services restarted, crashed or stopped;
 *  - its ZooKeeper server was lost by clients (`Socket [node:2181]` errors);
 *  - most of its peers could not reach it while they could reach each other.
 * One failing link is a flap, not an outage. When everybody fails to reach everybody
 * at once, peer evidence points at no one, so the node whose own evidence explains it
 * (a restart, a crash) is the one that is out — as the seed's analyst concluded.
 */
import type { TimelineEvent } from '../model/event.js';
import { nodeOfPeer, overlaps, type NodeOutage, type OutageEvidenceKind, type PeerLinkHistory, type ServiceRestart, type Window } from './derive.types.js';

/** Evidence this close together is one outage. */
export const OUTAGE_MERGE_GAP_US = 60_000_000;
/** Peers must fail to reach a node for this long before it counts as cut off. */
export const MIN_CUT_OFF_US = 10_000_000;
/** Among the peers that lost a node, at most this share of their own links may be down. */
export const MAX_MUTUAL_DOWN_SHARE = 0.25;
/** A ZooKeeper server lost by this many client nodes is out even without other evidence. */
export const MIN_ZK_CLIENT_WITNESSES = 2;
/** A client's socket error this close to its own cut-off interval belongs to that cut-off (detection delays differ). */
export const CUT_OFF_WITNESS_SLACK_US = 10_000_000;

interface Evidence {
  node: string;
  cluster: string;
  startUs: number;
  endUs: number | null;
  kind: OutageEvidenceKind;
  service: string | null;
  /** Weak evidence joins an outage but never makes one alone. */
  weak: boolean;
  events: TimelineEvent[];
}

export interface OutageInput {
  events: readonly TimelineEvent[];
  restarts: readonly ServiceRestart[];
  links: readonly PeerLinkHistory[];
  window?: Window;
}

export function deriveNodeOutages(input: OutageInput): NodeOutage[] {
  const ev: Evidence[] = [];
  const restartEnds = new Set<TimelineEvent>();
  for (const r of input.restarts) {
    const cause = r.evidence.find((e) => e.kind === 'process.crash' || e.kind === 'process.stop');
    if (cause) restartEnds.add(cause);
    ev.push({
      node: r.node,
      cluster: r.cluster,
      startUs: r.stoppedAtUs ?? r.startedAtUs,
      endUs: r.startedAtUs,
      kind: r.cause === 'crash' ? 'process_crash' : 'service_restart',
      service: r.service,
      weak: false,
      events: r.evidence,
    });
  }
  const zkWitnesses = new Map<string, Set<string>>();
  // A node its peers cannot reach is no witness: a client cut off from the cluster loses
  // every server it tries, and those servers are fine (a partition's minority side).
  const cutOff = cutOffEvidence(input.links, input.events);
  const isCutOff = (node: string, us: number): boolean => cutOff.some((c) => c.node === node && c.startUs - CUT_OFF_WITNESS_SLACK_US <= us && (c.endUs === null || us <= c.endUs + CUT_OFF_WITNESS_SLACK_US));
  // An index loop (as in cutOffEvidence): iterators allocate where code is not yet optimized.
  const events = input.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if ((e.kind === 'process.crash' || e.kind === 'process.stop') && !restartEnds.has(e)) {
      // A file that merely ends on error lines may be a process still running when the
      // bundle was taken: that alone opens no outage (it is a restart's cause once one follows).
      if (e.fields.reason === 'error_tail') continue;
      // Ended and not seen again in this data: the outage is still open.
      const later = input.restarts.some((r) => r.node === e.node && r.service === e.service && r.startedAtUs > e.tsUs);
      if (!later) ev.push({ node: e.node, cluster: e.cluster, startUs: e.tsUs, endUs: null, kind: e.kind === 'process.crash' ? 'process_crash' : 'process_stop', service: e.service, weak: false, events: [e] });
    } else if (e.kind === 'zk.client.socket_error') {
      const server = nodeOfPeer(e.peer);
      if (!server || isCutOff(e.node, e.tsUs)) continue;
      ev.push({ node: server, cluster: e.cluster, startUs: e.tsUs, endUs: e.tsUs, kind: 'zk_server_lost', service: 'zookeeper', weak: true, events: [e] });
      let w = zkWitnesses.get(server);
      if (!w) zkWitnesses.set(server, (w = new Set()));
      w.add(e.node);
    } else if (e.kind === 'zk.server.leader_lost') {
      ev.push({ node: e.node, cluster: e.cluster, startUs: e.tsUs, endUs: e.tsUs, kind: 'zk_follower_lost_leader', service: 'zookeeper', weak: true, events: [e] });
    }
  }
  for (const x of ev) if (x.kind === 'zk_server_lost' && (zkWitnesses.get(x.node)?.size ?? 0) >= MIN_ZK_CLIENT_WITNESSES) x.weak = false;
  ev.push(...cutOff);

  // Merge per node.
  const byNode = new Map<string, Evidence[]>();
  for (const x of ev) {
    let l = byNode.get(x.node);
    if (!l) byNode.set(x.node, (l = []));
    l.push(x);
  }
  const out: NodeOutage[] = [];
  for (const list of byNode.values()) {
    list.sort((a, b) => a.startUs - b.startUs);
    let cur: Evidence[] = [];
    let curEnd = -Infinity;
    const close = (): void => {
      if (!cur.length || cur.every((x) => x.weak)) return;
      const open = cur.some((x) => x.endUs === null);
      const events = cur.flatMap((x) => x.events).sort((a, b) => a.tsUs - b.tsUs);
      out.push({
        cluster: cur[0]!.cluster,
        node: cur[0]!.node,
        startUs: Math.min(...cur.map((x) => x.startUs)),
        endUs: open ? null : Math.max(...cur.map((x) => x.endUs!)),
        kinds: [...new Set(cur.map((x) => x.kind))].sort(),
        services: [...new Set(cur.map((x) => x.service).filter((s): s is string => s !== null))].sort(),
        evidence: [...new Set(events)],
      });
    };
    for (const x of list) {
      if (cur.length && x.startUs > curEnd + OUTAGE_MERGE_GAP_US) {
        close();
        cur = [];
        curEnd = -Infinity;
      }
      cur.push(x);
      curEnd = Math.max(curEnd, x.endUs ?? Infinity);
    }
    close();
  }
  const w = input.window;
  return out.filter((o) => !w || overlaps(o.startUs, o.endUs, w)).sort((a, b) => a.startUs - b.startUs || a.node.localeCompare(b.node));
}

/**
 * Spans in which most peers could not reach a node while reaching each other. A sweep
 * over the DOWN intervals' starts and ends; at each point the targets whose judgement
 * the changes there can alter are re-judged (nodes are few, points are many).
 */
function cutOffEvidence(links: readonly PeerLinkHistory[], events: readonly TimelineEvent[]): Evidence[] {
  // Nodes by number: a pair is `observer * n + target`, no string per lookup.
  const numberOf = new Map<string, number>();
  const names: string[] = [];
  const num = (node: string): number => {
    let i = numberOf.get(node);
    if (i === undefined) numberOf.set(node, (i = names.push(node) - 1));
    return i;
  };
  // The DOWN intervals as columns (an index d per interval), and the sweep's changes as
  // numbers: change c is interval c >> 1 opening (c even) or closing (c odd). Why: a
  // 7-day window has ~10 000 intervals and ~20 000 changes, and as objects they were
  // ~3 MB a query that lived until its end, which the young-generation GC copied.
  // Index loops: this runs once per analysis, often before V8 optimizes it, and an
  // unoptimized for-of allocates an iterator result per element.
  let count = 0;
  for (let li = 0; li < links.length; li++) {
    const ivs = links[li]!.intervals;
    for (let j = 0; j < ivs.length; j++) if (ivs[j]!.state === 'DOWN') count++;
  }
  if (!count) return [];
  const dObserver = new Int32Array(count);
  const dTarget = new Int32Array(count);
  const dFirst: TimelineEvent[] = new Array<TimelineEvent>(count);
  const times = new Float64Array(2 * count); // change → its time: interval d starts at 2d, ends at 2d + 1
  let d = 0;
  for (let li = 0; li < links.length; li++) {
    const l = links[li]!;
    const observer = num(l.observer);
    const target = num(l.target);
    for (let j = 0; j < l.intervals.length; j++) {
      const i = l.intervals[j]!;
      if (i.state !== 'DOWN') continue;
      dObserver[d] = observer;
      dTarget[d] = target;
      times[2 * d] = i.startUs;
      times[2 * d + 1] = i.endUs ?? Infinity;
      dFirst[d++] = i.evidence[0]!;
    }
  }
  const n = names.length;
  const observers = new Set(links.map((l) => numberOf.get(l.observer)!));
  // A node's cluster: that of its last event (looked up only for the few spans reported).
  const clusterOf = (node: string): string | undefined => {
    for (let i = events.length - 1; i >= 0; i--) if (events[i]!.node === node) return events[i]!.cluster;
    return undefined;
  };
  const targets: number[] = []; // in order of first appearance
  const isTarget = new Uint8Array(n);
  for (let k = 0; k < count; k++) {
    const t = dTarget[k]!;
    if (isTarget[t]) continue;
    isTarget[t] = 1;
    targets.push(t);
  }
  // Changes in time order; at equal times ends before starts, so touching intervals do not overlap.
  let changeCount = 0;
  const changes = new Int32Array(2 * count);
  for (let k = 0; k < count; k++) {
    changes[changeCount++] = 2 * k;
    if (Number.isFinite(times[2 * k + 1]!)) changes[changeCount++] = 2 * k + 1;
  }
  changeTimes = times;
  const order = changes.subarray(0, changeCount).sort(byChangeTime);
  changeTimes = NO_TIMES;
  // observer * n + target → 1 + the interval open for that pair, 0 when none.
  const open = new Int32Array(n * n);
  // target * n + observer → 1 while the observer fails to reach the target; and per target, how many do.
  const fails = new Uint8Array(n * n);
  const failCount = new Int32Array(n);
  const span = new Map<number, { startUs: number; events: TimelineEvent[] }>();
  const out: Evidence[] = [];
  // The observer count is fixed, so counted once.
  const others = new Int32Array(n);
  for (const t of targets) others[t] = observers.size - (observers.has(t) ? 1 : 0);
  const judge = (target: number): boolean => {
    const f = failCount[target]!;
    if (f < 2 || f <= others[target]! / 2) return false;
    let mutual = 0;
    for (let a = 0; a < n; a++) {
      if (!fails[target * n + a]) continue;
      for (let b = 0; b < n; b++) if (a !== b && fails[target * n + b] && open[a * n + b]) mutual++;
    }
    return mutual <= MAX_MUTUAL_DOWN_SHARE * f * (f - 1);
  };
  const close = (target: number, endUs: number): void => {
    const sp = span.get(target);
    span.delete(target);
    if (!sp || endUs - sp.startUs < MIN_CUT_OFF_US) return;
    const node = names[target]!;
    out.push({ node, cluster: clusterOf(node) ?? clusterOf(sp.events[0]!.node) ?? '', startUs: sp.startUs, endUs: Number.isFinite(endUs) ? endUs : null, kind: 'peers_unreachable', service: null, weak: false, events: sp.events });
  };
  const affected = new Uint8Array(n);
  for (let i = 0; i < order.length; ) {
    const t = times[order[i]!]!;
    const from = i;
    for (; i < order.length && times[order[i]!] === t; i++) {
      const c = order[i]!;
      const k = c >> 1;
      const observer = dObserver[k]!;
      const target = dTarget[k]!;
      const pair = observer * n + target;
      if (!(c & 1)) {
        open[pair] = k + 1;
        if (!fails[target * n + observer]) failCount[target]!++;
        fails[target * n + observer] = 1;
      } else if (open[pair] === k + 1) {
        open[pair] = 0;
        failCount[target]!--;
        fails[target * n + observer] = 0;
      }
    }
    // A pair's change alters its target's failing set, and the mutual count of any
    // target that both of its nodes fail to reach; no other judgement can change.
    // (Index loops: this runs per change, and iterators allocate.)
    affected.fill(0);
    for (let j = from; j < i; j++) {
      const k = order[j]! >> 1;
      const observer = dObserver[k]!;
      const target = dTarget[k]!;
      affected[target] = 1;
      for (let x = 0; x < n; x++) if (fails[x * n + observer] && fails[x * n + target]) affected[x] = 1;
    }
    for (let j = 0; j < targets.length; j++) {
      const target = targets[j]!;
      if (!affected[target]) continue;
      const ok = judge(target);
      const sp = span.get(target);
      if (ok) {
        const cur = sp ?? { startUs: t, events: [] };
        span.set(target, cur);
        for (let o = 0; o < n; o++) {
          if (!fails[target * n + o]) continue;
          const first = dFirst[open[o * n + target]! - 1]!;
          if (!cur.events.includes(first)) cur.events.push(first);
        }
      } else if (sp) close(target, t);
    }
  }
  for (const target of [...span.keys()]) close(target, Infinity);
  return out;
}

/**
 * The sweep's order of changes: by time, and at equal times ends (odd) before starts.
 * A module-level comparator over a module-level array, not a closure per analysis: one
 * function that V8 optimizes once, whose comparisons then box no numbers (times in µs
 * are no small integers; the unoptimized closures allocated ~2 MB per cold analysis).
 * Set just around the synchronous sort.
 */
const NO_TIMES = new Float64Array(0);
let changeTimes: Float64Array = NO_TIMES;
function byChangeTime(a: number, b: number): number {
  const ta = changeTimes[a]!;
  const tb = changeTimes[b]!;
  return ta < tb ? -1 : ta > tb ? 1 : (b & 1) - (a & 1);
}
