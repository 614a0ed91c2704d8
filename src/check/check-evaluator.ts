/**
 * Evaluates assertions against the derived answers of a window. Pure: the analysis
 * comes in, a report goes out.
 */
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { overlaps, type MetaLeaderChange, type ServiceRestart, type Window } from '../derive/derive.types.js';
import type { TimelineAnalysis } from '../derive/timeline-analysis.js';
import { formatUtcUs } from '../time/zone.js';
import type { Assertion, AssertionType } from './check-rules.js';
import type { AssertionResult, CheckReport, EvidenceLine, Violation } from './check-result.js';

/** Evidence lines shown per violation; the JSON output has the same cap. */
export const MAX_EVIDENCE_LINES = 12;

export function evidenceLine(e: TimelineEvent): EvidenceLine {
  return {
    time: formatUtcUs(e.tsUs),
    node: e.node,
    service: e.service,
    source: e.source,
    line: e.line,
    text: `${e.level} ${e.message.split('\n', 1)[0]}`,
  };
}

function evidence(events: readonly TimelineEvent[]): EvidenceLine[] {
  return [...new Set(events)]
    .sort((a, b) => a.tsUs - b.tsUs)
    .slice(0, MAX_EVIDENCE_LINES)
    .map(evidenceLine);
}

/** Any known name of a node → its node name. Unknown names stay as they are (they match nothing). */
export function aliasResolver(sources: readonly SourceInfo[]): (name: string) => string {
  const map = new Map<string, string>();
  for (const s of sources) {
    map.set(s.node, s.node);
    for (const a of s.aliases) if (!map.has(a)) map.set(a, s.node);
  }
  return (name) => map.get(name) ?? name;
}

const secs = (us: number): string => `${(us / 1e6).toFixed(1)} s`;

/** What every assertion's check reads: the analysis, the assertion's scope, and its clipped window. */
interface Scope {
  a: Assertion;
  an: TimelineAnalysis;
  nodes: Set<string>;
  w: Window;
  inNodes: (n: string | null) => boolean;
  inServices: (s: string | readonly string[] | null) => boolean;
  inWindow: (start: number, end: number | null) => boolean;
}

function scopeOf(a: Assertion, an: TimelineAnalysis, resolve: (name: string) => string): Scope {
  const nodes = new Set(a.nodes.map(resolve));
  const w: Window = a.window
    ? { fromUs: Math.max(a.window.fromUs, an.window.fromUs), toUs: Math.min(a.window.toUs, an.window.toUs) }
    : an.window;
  return {
    a,
    an,
    nodes,
    w,
    inNodes: (n) => nodes.size === 0 || (n !== null && nodes.has(n)),
    inServices: (s) =>
      a.services.length === 0 || (s !== null && (typeof s === 'string' ? a.services.includes(s) : s.some((x) => a.services.includes(x)))),
    inWindow: (start, end) => overlaps(start, end, w),
  };
}

function nodeOutages({ an, inNodes, inServices, inWindow }: Scope): Violation[] {
  return an.outages
    .filter((o) => inNodes(o.node) && inServices(o.services) && inWindow(o.startUs, o.endUs))
    .map((o) => ({
      node: o.node,
      service: o.services.join(', ') || null,
      startUs: o.startUs,
      endUs: o.endUs,
      summary: `${o.node} out (${o.kinds.join(', ')})`,
      evidence: evidence(o.evidence),
    }));
}

function serviceCrashes({ an, inNodes, inServices, inWindow }: Scope): Violation[] {
  return an.events
    .filter((e) => e.kind === 'process.crash' && inNodes(e.node) && inServices(e.service) && inWindow(e.tsUs, e.tsUs))
    .map((e) => ({
      node: e.node,
      service: e.service,
      startUs: e.tsUs,
      endUs: e.tsUs,
      summary: `${e.service} crashed on ${e.node}${e.fields.reason ? ` (${e.fields.reason})` : ''}`,
      evidence: evidence([e]),
    }));
}

function restartsIn({ an, inNodes, inServices, inWindow }: Scope): ServiceRestart[] {
  return an.restarts.filter((r) => inNodes(r.node) && inServices(r.service) && inWindow(r.stoppedAtUs ?? r.startedAtUs, r.startedAtUs));
}

function serviceRestarts(s: Scope): Violation[] {
  return restartsIn(s).map((r) => {
    const down = r.downtimeUs === null ? '' : `, down ${secs(r.downtimeUs)}`;
    return {
      node: r.node,
      service: r.service,
      startUs: r.stoppedAtUs ?? r.startedAtUs,
      endUs: r.startedAtUs,
      summary: `${r.service} restarted on ${r.node} (${r.cause}${down})`,
      evidence: evidence(r.evidence),
    };
  });
}

function tooManyRestarts(s: Scope): Violation[] {
  const { a } = s;
  const groups = new Map<string, ServiceRestart[]>();
  for (const r of restartsIn(s)) {
    const key = a.per === 'node' ? r.node : a.per === 'service' ? r.service : `${r.node} ${r.service}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  return [...groups]
    .filter(([, g]) => g.length > a.count!)
    .map(([key, g]) => ({
      node: a.per === 'service' ? null : g[0]!.node,
      service: a.per === 'node' ? null : g[0]!.service,
      startUs: g[0]!.startedAtUs,
      endUs: g[g.length - 1]!.startedAtUs,
      summary: `${g.length} restarts of ${key} (at most ${a.count})`,
      evidence: evidence(g.flatMap((r) => r.evidence)),
    }));
}

function linksInScope({ an, nodes }: Scope): TimelineAnalysis['links'] {
  return an.links.filter((l) => nodes.size === 0 || nodes.has(l.observer) || nodes.has(l.target));
}

function longLinkDowns(s: Scope): Violation[] {
  const { a, w, inWindow } = s;
  return linksInScope(s).flatMap((l) =>
    l.intervals
      .filter((i) => i.state === 'DOWN' && inWindow(i.startUs, i.endUs) && (i.endUs ?? w.toUs) - i.startUs > a.seconds! * 1e6)
      .map((i) => {
        const len = (i.endUs ?? w.toUs) - i.startUs;
        const summary = `${l.observer} could not reach ${l.target} for ${secs(len)}${i.endUs === null ? ' (still down)' : ''} (limit ${a.seconds} s)`;
        return { node: l.observer, service: null, startUs: i.startUs, endUs: i.endUs, summary, evidence: evidence(i.evidence) };
      }),
  );
}

function flappingLinks(s: Scope): Violation[] {
  const { a, inWindow } = s;
  return linksInScope(s).flatMap((l) => {
    const downs = l.intervals.filter((i) => i.state === 'DOWN' && inWindow(i.startUs, i.endUs));
    if (downs.length <= a.count!) return [];
    const summary = `the link from ${l.observer} to ${l.target} went down ${downs.length} times: flapping (at most ${a.count})`;
    return [
      {
        node: l.observer,
        service: null,
        startUs: downs[0]!.startUs,
        endUs: downs[downs.length - 1]!.endUs,
        summary,
        evidence: evidence(downs.flatMap((i) => i.evidence)),
      },
    ];
  });
}

function tooManyElections({ a, an, nodes, inWindow }: Scope): Violation[] {
  const els = an.elections.filter((e) => inWindow(e.startUs, e.endUs) && (nodes.size === 0 || e.evidence.some((x) => nodes.has(x.node))));
  if (els.length <= a.count!) return [];
  return els.map((e) => {
    const who = e.leader ? `${e.leader} elected` : 'no leader yet';
    const summary = `ZooKeeper election: ${who}${e.durationUs !== null ? ` after ${secs(e.durationUs)}` : ''} (${els.length} elections, at most ${a.count})`;
    return { node: e.leader, service: 'zookeeper', startUs: e.startUs, endUs: e.endUs, summary, evidence: evidence(e.evidence) };
  });
}

function metaLeaderChanges({ an, nodes, inWindow }: Scope): Violation[] {
  return an.metaLeaders
    .filter(
      (m, i) => (i > 0 || firstLeaderIsChange(m, an.restarts)) && inWindow(m.atUs, m.atUs) && (nodes.size === 0 || nodes.has(m.leader)),
    )
    .map((m) => ({
      node: m.leader,
      service: 'zbs-metad',
      startUs: m.atUs,
      endUs: m.atUs,
      summary: `meta leader is now ${m.leader}${m.seq !== null ? ` (seq ${m.seq})` : ''}`,
      evidence: evidence(m.evidence),
    }));
}

function clockSkews({ an, inNodes, inWindow }: Scope): Violation[] {
  return an.clockSkews
    .filter((c) => inNodes(c.node) && inWindow(c.atUs, c.atUs))
    .map((c) => {
      const off = `${c.offsetUs > 0 ? 'ahead' : 'behind'} by about ${secs(Math.abs(c.offsetUs))}`;
      const summary = `${c.node}'s clock is ${off} (against ${c.reference.join(', ')}; ${c.readings} reading(s)): its events are shifted by that much`;
      return { node: c.node, service: null, startUs: c.atUs, endUs: c.atUs, summary, evidence: evidence(c.evidence) };
    });
}

const CHECKS: Record<AssertionType, (s: Scope) => Violation[]> = {
  no_node_outage: nodeOutages,
  no_service_crash: serviceCrashes,
  no_service_restart: serviceRestarts,
  max_service_restarts: tooManyRestarts,
  max_link_down_seconds: longLinkDowns,
  max_link_downs: flappingLinks,
  max_zk_elections: tooManyElections,
  no_meta_leader_change: metaLeaderChanges,
  no_clock_skew: clockSkews,
};

export function evaluate(assertions: readonly Assertion[], an: TimelineAnalysis, resolve: (name: string) => string): CheckReport {
  const results: AssertionResult[] = assertions.map((a) => {
    const violations = CHECKS[a.type](scopeOf(a, an, resolve)).sort((x, y) => x.startUs - y.startUs);
    const status = violations.length === 0 ? 'pass' : a.severity === 'warn' ? 'warn' : 'fail';
    return { assertion: a, status, violations };
  });
  return reportOf(results, an.window);
}

function reportOf(results: AssertionResult[], window: Window): CheckReport {
  const failed = results.filter((r) => r.status === 'fail');
  const warned = results.filter((r) => r.status === 'warn');
  const span = `${formatUtcUs(window.fromUs)} – ${formatUtcUs(window.toUs)}`;
  const warnings = warned.length ? `; ${warned.length} warning(s)` : '';
  const summary =
    failed.length === 0
      ? `PASS: ${results.length} assertion(s) hold over ${span}${warnings}`
      : `FAIL: ${failed.length} of ${results.length} assertion(s) violated over ${span}: ${failed.map((r) => `${r.assertion.id} (${r.violations.length})`).join(', ')}${warnings}`;
  return {
    verdict: failed.length ? 'fail' : 'pass',
    window: { from: formatUtcUs(window.fromUs), to: formatUtcUs(window.toUs) },
    results,
    summary,
  };
}

/**
 * The first leader in the data is a change only when it took over after meta services
 * restarted (the seed's 12:00: every metad restarted and a new leader was elected). A
 * cluster that simply runs, or starts, has its first leader as its starting state: a soak
 * test that begins with the cluster must pass.
 */
function firstLeaderIsChange(m: MetaLeaderChange, restarts: readonly ServiceRestart[]): boolean {
  return (
    m.evidence.some((e) => e.kind === 'meta.leader_self') && restarts.some((r) => r.service === 'zbs-metad' && r.startedAtUs <= m.atUs)
  );
}
