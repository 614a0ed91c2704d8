/**
 * Which ZooKeeper server wrote a record, when the bundle layout does not say. Old
 * servers (3.3) name themselves only in `My id = N` and in thread names carrying their
 * client port; several servers' logs may sit in one file, pasted one after another or
 * interleaved by a test harness that runs the peers in one JVM.
 *
 * A record names its server by myid (`[myid:N]`, `myid=N` in the thread, `My id = N`),
 * else by client port — mapped to a myid once a record shows both. A record naming no
 * server belongs to the server of the records around it; after `Starting quorum peer`
 * that is the next one to name itself (a new segment may be a new server).
 */
import { parseZkServerHead, zkMessageIdentity } from '../parsers/zookeeper/zk-server.parser.js';

/** Serializable: kept in the scanner's checkpoint state. */
export interface ZkTrackerState {
  /** Client port → myid, learned from records that show both. */
  portMyid: Record<string, number>;
  /** The server of the records around (null: not known yet, e.g. right after a start). */
  current: string | null;
  /** A specific (not wildcard) client address per server, for its aliases. */
  addrs: Record<string, string>;
}

export interface ZkRecordIdentity {
  myid: number | null;
  port: number | null;
  addr: string | null;
  /** The record says `Starting quorum peer`: a server (re)starts here. */
  start: boolean;
}

export function emptyZkTrackerState(): ZkTrackerState {
  return { portMyid: {}, current: null, addrs: {} };
}

/** `zk-myid-2`, else `zk-port-2182`. */
export function zkNodeName(myid: number | null, port: number | null): string | null {
  if (myid !== null) return `zk-myid-${myid}`;
  return port !== null ? `zk-port-${port}` : null;
}

/** The myid a node name stands for, if it is one of ours. */
export function myidOfZkNode(node: string | null): number | null {
  const m = node ? /^zk-myid-(\d+)$/.exec(node) : null;
  return m ? Number(m[1]) : null;
}

const WILDCARD_HOST = /^(?:0\.0\.0\.0|0:0:0:0:0:0:0:0|::|)$/;

/**
 * Learns from one record and returns its server's node name, or null when neither the
 * record nor the records before it (since the last start) say.
 */
export function observeZkRecord(st: ZkTrackerState, r: ZkRecordIdentity): string | null {
  let myid = r.myid;
  if (myid !== null && r.port !== null) st.portMyid[r.port] = myid;
  else if (myid === null && r.port !== null) myid = st.portMyid[r.port] ?? null;
  const node = zkNodeName(myid, r.port);
  if (node && r.addr && !WILDCARD_HOST.test(r.addr.slice(0, r.addr.lastIndexOf(':')))) st.addrs[node] ??= r.addr;
  if (r.start) st.current = node;
  if (node === null) return st.current;
  st.current = node;
  return node;
}

export interface ZkHeadHints {
  /** The first server the file's first bytes name, and where that came from. */
  first: { node: string; from: 'zk_myid' | 'zk_port' } | null;
  /** Tracker state to start the scan with: the port → myid map of the first bytes (look-ahead). */
  seed: ZkTrackerState;
}

/**
 * Reads the first lines of a ZooKeeper log (all of them, not only rule candidates) for
 * the server names in them; `binding to port` and `My id = N` say what 3.3's records do not.
 */
export function zkHeadHints(lines: readonly string[]): ZkHeadHints {
  const st = emptyZkTrackerState();
  let first: ZkHeadHints['first'] = null;
  for (const line of lines) {
    const h = parseZkServerHead(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (!h.ok) continue;
    const msg = zkMessageIdentity(line.slice(h.head.msgStart));
    const myid = h.head.myid ?? msg.myid;
    const node = observeZkRecord(st, { myid, port: h.head.clientPort ?? msg.port, addr: h.head.serverAddr, start: false });
    if (node && !first) first = { node, from: myid !== null ? 'zk_myid' : 'zk_port' };
  }
  // A port named before its myid (3.3: `binding to port` comes before `My id`): named by myid.
  if (first?.from === 'zk_port') {
    const myid = st.portMyid[first.node.slice('zk-port-'.length)];
    if (myid !== undefined) first = { node: zkNodeName(myid, null)!, from: 'zk_myid' };
  }
  return { first, seed: { portMyid: st.portMyid, current: null, addrs: st.addrs } };
}
