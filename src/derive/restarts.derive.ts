/**
 * Service restarts: one instance of a service on a node ends (its last record, a stop
 * line or a crash) and the next begins. A glog file's pid is its instance (rotated
 * files share it); ZooKeeper, whose log spans restarts, says `Starting quorum peer`.
 */
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import type { RestartCause, ServiceRestart } from './derive.types.js';

interface Instance {
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  firstUs: number;
  lastUs: number;
  endKind: 'crash' | 'stop' | 'none';
}

/** `events` must hold the process.* events of the same period (any order). */
export function deriveServiceRestarts(sources: readonly SourceInfo[], events: readonly TimelineEvent[]): ServiceRestart[] {
  const out = [...glogRestarts(sources, events), ...startMessageRestarts(events)];
  return out.sort((a, b) => a.startedAtUs - b.startedAtUs || a.node.localeCompare(b.node) || a.service.localeCompare(b.service));
}

/** glog services: instances from the files, one per pid; a restart between each two in time order. */
function glogRestarts(sources: readonly SourceInfo[], events: readonly TimelineEvent[]): ServiceRestart[] {
  const out: ServiceRestart[] = [];
  // An index loop, not filter: its callback ran per event of a week's read (~0.8 ms of a cold answer).
  const lifecycle: TimelineEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'process.start' || e.kind === 'process.stop' || e.kind === 'process.crash') lifecycle.push(e);
  }
  for (const g of instancesOf(sources).values()) {
    const insts = [...g.values()].sort((a, b) => a.firstUs - b.firstUs);
    for (let i = 1; i < insts.length; i++) out.push(restartBetween(insts[i - 1]!, insts[i]!, lifecycle));
  }
  return out;
}

/** glog files grouped by cluster, node and service, then by pid (rotated files share it). */
function instancesOf(sources: readonly SourceInfo[]): Map<string, Map<number, Instance>> {
  const groups = new Map<string, Map<number, Instance>>();
  for (const s of sources) {
    if (s.format !== 'glog' || s.pid === null || s.firstTsUs === null) continue;
    const key = `${s.cluster}\u0000${s.node}\u0000${s.service}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Map()));
    const inst = g.get(s.pid);
    const last = s.lastTsUs ?? s.firstTsUs;
    if (!inst)
      g.set(s.pid, {
        cluster: s.cluster,
        node: s.node,
        service: s.service,
        pid: s.pid,
        firstUs: s.firstTsUs,
        lastUs: last,
        endKind: s.endKind,
      });
    else {
      inst.firstUs = Math.min(inst.firstUs, s.firstTsUs);
      if (last >= inst.lastUs) {
        inst.lastUs = last;
        inst.endKind = s.endKind;
      }
    }
  }
  return groups;
}

function restartBetween(prev: Instance, next: Instance, lifecycle: readonly TimelineEvent[]): ServiceRestart {
  const ofPid = (pid: number | null, kinds: string[]) =>
    lifecycle.filter((e) => e.node === prev.node && e.service === prev.service && e.pid === pid && kinds.includes(e.kind));
  const ends = ofPid(prev.pid, ['process.stop', 'process.crash']).filter((e) => e.tsUs <= next.firstUs);
  const end = ends[ends.length - 1];
  const cause: RestartCause = end ? (end.kind === 'process.crash' ? 'crash' : 'stop') : prev.endKind === 'none' ? 'unknown' : prev.endKind;
  const stoppedAtUs = end ? end.tsUs : prev.lastUs;
  const start = ofPid(next.pid, ['process.start'])[0];
  return {
    cluster: next.cluster,
    node: next.node,
    service: next.service,
    stoppedAtUs,
    startedAtUs: next.firstUs,
    downtimeUs: next.firstUs - stoppedAtUs,
    cause,
    oldPid: prev.pid,
    newPid: next.pid,
    evidence: [...(end ? [end] : []), ...(start ? [start] : [])],
  };
}

/** Services without pid-named files (ZooKeeper): start messages mark new instances. */
function startMessageRestarts(events: readonly TimelineEvent[]): ServiceRestart[] {
  const out: ServiceRestart[] = [];
  const byService = new Map<string, TimelineEvent[]>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!; // an index loop: see cut-off.sweep.ts
    if (e.pid !== null) continue;
    const key = `${e.cluster}\u0000${e.node}\u0000${e.service}`;
    let list = byService.get(key);
    if (!list) byService.set(key, (list = []));
    list.push(e);
  }
  for (const list of byService.values()) {
    list.sort((a, b) => a.tsUs - b.tsUs);
    let seenAny = false;
    let lastSeen: TimelineEvent | null = null;
    let lastEnd: TimelineEvent | null = null;
    for (let j = 0; j < list.length; j++) {
      const e = list[j]!;
      if (e.kind === 'process.start') {
        if (seenAny) {
          // No stop line: the record just before the start message (the scanner notes it), else the last event seen.
          const prevRecord = typeof e.fields.prevRecordUs === 'number' ? e.fields.prevRecordUs : null;
          const stoppedAtUs = lastEnd ? lastEnd.tsUs : (prevRecord ?? (lastSeen ? lastSeen.tsUs : null));
          out.push({
            cluster: e.cluster,
            node: e.node,
            service: e.service,
            stoppedAtUs,
            startedAtUs: e.tsUs,
            downtimeUs: stoppedAtUs === null ? null : e.tsUs - stoppedAtUs,
            cause: lastEnd ? (lastEnd.kind === 'process.crash' ? 'crash' : 'stop') : 'unknown',
            oldPid: null,
            newPid: null,
            evidence: [...(lastEnd ? [lastEnd] : []), e],
          });
        }
        lastEnd = null;
      } else if (e.kind === 'process.stop' || e.kind === 'process.crash') {
        lastEnd = e;
      }
      seenAny = true;
      lastSeen = e;
    }
  }
  return out;
}
