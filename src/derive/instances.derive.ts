/**
 * Service instances: a service's records on a node, cut at its restarts. The restarts
 * decide where one instance ends and the next begins (restarts.derive.ts holds that
 * rule); this only lays the pieces out as bars from first to last record.
 */
import type { SourceInfo } from '../model/source-info.js';
import type { ServiceInstance, ServiceRestart } from './derive.types.js';

interface Span {
  cluster: string;
  node: string;
  service: string;
  sources: SourceInfo[];
  restarts: ServiceRestart[];
}

const keyOf = (x: { cluster: string; node: string; service: string }): string => `${x.cluster}\u0000${x.node}\u0000${x.service}`;

/** `restarts` must be every restart of the sources' period (not clipped to a window). */
export function deriveServiceInstances(sources: readonly SourceInfo[], restarts: readonly ServiceRestart[]): ServiceInstance[] {
  const spans = new Map<string, Span>();
  for (const s of sources) {
    if (s.firstTsUs === null) continue;
    const k = keyOf(s);
    let span = spans.get(k);
    if (!span) spans.set(k, (span = { cluster: s.cluster, node: s.node, service: s.service, sources: [], restarts: [] }));
    span.sources.push(s);
  }
  for (const r of restarts) spans.get(keyOf(r))?.restarts.push(r);
  return [...spans.values()]
    .flatMap(cutAtRestarts)
    .sort((a, b) => a.node.localeCompare(b.node) || a.service.localeCompare(b.service) || a.startUs - b.startUs);
}

function cutAtRestarts(span: Span): ServiceInstance[] {
  const rs = [...span.restarts].sort((a, b) => a.startedAtUs - b.startedAtUs);
  const last = span.sources.reduce((a, b) => ((b.lastTsUs ?? b.firstTsUs!) > (a.lastTsUs ?? a.firstTsUs!) ? b : a));
  const out: ServiceInstance[] = [];
  let startUs = Math.min(...span.sources.map((s) => s.firstTsUs!));
  let pid = rs[0]?.oldPid ?? last.pid;
  let startEvidence = [] as ServiceInstance['evidence'];
  for (const r of rs) {
    const endUs = r.stoppedAtUs ?? r.startedAtUs;
    const ends = r.evidence.filter((e) => e.kind !== 'process.start');
    out.push(instance(span, pid, startUs, Math.max(startUs, endUs), r.cause, [...startEvidence, ...ends]));
    startUs = r.startedAtUs;
    pid = r.newPid;
    startEvidence = r.evidence.filter((e) => e.kind === 'process.start');
  }
  const endUs = Math.max(startUs, ...span.sources.map((s) => s.lastTsUs ?? s.firstTsUs!));
  out.push(instance(span, pid, startUs, endUs, last.endKind === 'none' ? null : last.endKind, startEvidence));
  return out;
}

function instance(
  span: Span,
  pid: number | null,
  startUs: number,
  endUs: number,
  endedBy: ServiceInstance['endedBy'],
  evidence: ServiceInstance['evidence'],
): ServiceInstance {
  // A glog instance is its pid's files; a file without a pid (ZooKeeper) holds every instance it overlaps.
  const files = span.sources.filter(
    (s) => (s.pid === null || s.pid === pid) && s.firstTsUs! <= endUs && (s.lastTsUs ?? s.firstTsUs!) >= startUs,
  );
  return {
    cluster: span.cluster,
    node: span.node,
    service: span.service,
    pid,
    startUs,
    endUs,
    endedBy,
    sources: files.map((s) => s.source),
    evidence,
  };
}
