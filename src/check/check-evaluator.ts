/**
 * Evaluates assertions against the derived answers of a window. Pure: the analysis
 * comes in, a report goes out.
 */
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { overlaps, type MetaLeaderChange, type ServiceRestart, type Window } from '../derive/derive.types.js';
import type { TimelineAnalysis } from '../derive/timeline-analysis.js';
import { formatUtcUs } from '../time/zone.js';
import type { Assertion } from './check-rules.js';
import type { AssertionResult, CheckReport, EvidenceLine, Violation } from './check-result.js';

/** Evidence lines shown per violation; the JSON output has the same cap. */
export const MAX_EVIDENCE_LINES = 12;

export function evidenceLine(e: TimelineEvent): EvidenceLine {
  return { time: formatUtcUs(e.tsUs), node: e.node, service: e.service, source: e.source, line: e.line, text: `${e.level} ${e.message.split('\n', 1)[0]}` };
}

function evidence(events: readonly TimelineEvent[]): EvidenceLine[] {
  return [...new Set(events)].sort((a, b) => a.tsUs - b.tsUs).slice(0, MAX_EVIDENCE_LINES).map(evidenceLine);
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

export function evaluate(assertions: readonly Assertion[], an: TimelineAnalysis, resolve: (name: string) => string): CheckReport {
  const results: AssertionResult[] = assertions.map((a) => {
    const nodes = new Set(a.nodes.map(resolve));
    const inNodes = (n: string | null): boolean => nodes.size === 0 || (n !== null && nodes.has(n));
    const inServices = (s: string | readonly string[] | null): boolean =>
      a.services.length === 0 || (s !== null && (typeof s === 'string' ? a.services.includes(s) : s.some((x) => a.services.includes(x))));
    const w: Window = a.window ? { fromUs: Math.max(a.window.fromUs, an.window.fromUs), toUs: Math.min(a.window.toUs, an.window.toUs) } : an.window;
    const inWindow = (start: number, end: number | null): boolean => overlaps(start, end, w);
    const violations: Violation[] = [];

    switch (a.type) {
      case 'no_node_outage':
        for (const o of an.outages) {
          if (!inNodes(o.node) || !inServices(o.services) || !inWindow(o.startUs, o.endUs)) continue;
          violations.push({ node: o.node, service: o.services.join(', ') || null, startUs: o.startUs, endUs: o.endUs, summary: `${o.node} out (${o.kinds.join(', ')})`, evidence: evidence(o.evidence) });
        }
        break;
      case 'no_service_crash':
        for (const e of an.events) {
          if (e.kind !== 'process.crash' || !inNodes(e.node) || !inServices(e.service) || !inWindow(e.tsUs, e.tsUs)) continue;
          violations.push({ node: e.node, service: e.service, startUs: e.tsUs, endUs: e.tsUs, summary: `${e.service} crashed on ${e.node}${e.fields.reason ? ` (${e.fields.reason})` : ''}`, evidence: evidence([e]) });
        }
        break;
      case 'no_service_restart':
        for (const r of an.restarts) {
          if (!inNodes(r.node) || !inServices(r.service) || !inWindow(r.stoppedAtUs ?? r.startedAtUs, r.startedAtUs)) continue;
          const down = r.downtimeUs === null ? '' : `, down ${secs(r.downtimeUs)}`;
          violations.push({ node: r.node, service: r.service, startUs: r.stoppedAtUs ?? r.startedAtUs, endUs: r.startedAtUs, summary: `${r.service} restarted on ${r.node} (${r.cause}${down})`, evidence: evidence(r.evidence) });
        }
        break;
      case 'max_service_restarts':
        violations.push(...tooManyRestarts(a, an.restarts.filter((r) => inNodes(r.node) && inServices(r.service) && inWindow(r.stoppedAtUs ?? r.startedAtUs, r.startedAtUs))));
        break;
      case 'max_link_down_seconds':
        for (const l of an.links) {
          if (nodes.size && !nodes.has(l.observer) && !nodes.has(l.target)) continue;
          for (const i of l.intervals) {
            if (i.state !== 'DOWN' || !inWindow(i.startUs, i.endUs)) continue;
            const len = (i.endUs ?? w.toUs) - i.startUs;
            if (len <= a.seconds! * 1e6) continue;
            violations.push({ node: l.observer, service: null, startUs: i.startUs, endUs: i.endUs, summary: `${l.observer} could not reach ${l.target} for ${secs(len)}${i.endUs === null ? ' (still down)' : ''} (limit ${a.seconds} s)`, evidence: evidence(i.evidence) });
          }
        }
        break;
      case 'max_link_downs':
        for (const l of an.links) {
          if (nodes.size && !nodes.has(l.observer) && !nodes.has(l.target)) continue;
          const downs = l.intervals.filter((i) => i.state === 'DOWN' && inWindow(i.startUs, i.endUs));
          if (downs.length <= a.count!) continue;
          violations.push({ node: l.observer, service: null, startUs: downs[0]!.startUs, endUs: downs[downs.length - 1]!.endUs, summary: `the link from ${l.observer} to ${l.target} went down ${downs.length} times: flapping (at most ${a.count})`, evidence: evidence(downs.flatMap((i) => i.evidence)) });
        }
        break;
      case 'max_zk_elections': {
        const els = an.elections.filter((e) => inWindow(e.startUs, e.endUs) && (nodes.size === 0 || e.evidence.some((x) => nodes.has(x.node))));
        if (els.length > a.count!) {
          for (const e of els) {
            const who = e.leader ? `${e.leader} elected` : 'no leader yet';
            violations.push({ node: e.leader, service: 'zookeeper', startUs: e.startUs, endUs: e.endUs, summary: `ZooKeeper election: ${who}${e.durationUs !== null ? ` after ${secs(e.durationUs)}` : ''} (${els.length} elections, at most ${a.count})`, evidence: evidence(e.evidence) });
          }
        }
        break;
      }
      case 'no_meta_leader_change':
        an.metaLeaders.forEach((m, i) => {
          if ((i === 0 && !firstLeaderIsChange(m, an.restarts)) || !inWindow(m.atUs, m.atUs) || (nodes.size && !nodes.has(m.leader))) return;
          violations.push({ node: m.leader, service: 'zbs-metad', startUs: m.atUs, endUs: m.atUs, summary: `meta leader is now ${m.leader}${m.seq !== null ? ` (seq ${m.seq})` : ''}`, evidence: evidence(m.evidence) });
        });
        break;
    }
    violations.sort((x, y) => x.startUs - y.startUs);
    const status = violations.length === 0 ? 'pass' : a.severity === 'warn' ? 'warn' : 'fail';
    return { assertion: a, status, violations };
  });
  return reportOf(results, an.window);
}

/** Restarts (already in the assertion's scope) grouped by node, service or both; a violation per group over the count. */
function tooManyRestarts(a: Assertion, restarts: readonly ServiceRestart[]): Violation[] {
  const groups = new Map<string, ServiceRestart[]>();
  for (const r of restarts) {
    const key = a.per === 'node' ? r.node : a.per === 'service' ? r.service : `${r.node} ${r.service}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const violations: Violation[] = [];
  for (const [key, g] of groups) {
    if (g.length <= a.count!) continue;
    violations.push({ node: a.per === 'service' ? null : g[0]!.node, service: a.per === 'node' ? null : g[0]!.service, startUs: g[0]!.startedAtUs, endUs: g[g.length - 1]!.startedAtUs, summary: `${g.length} restarts of ${key} (at most ${a.count})`, evidence: evidence(g.flatMap((r) => r.evidence)) });
  }
  return violations;
}

function reportOf(results: AssertionResult[], window: Window): CheckReport {
  const failed = results.filter((r) => r.status === 'fail');
  const warned = results.filter((r) => r.status === 'warn');
  const span = `${formatUtcUs(window.fromUs)} – ${formatUtcUs(window.toUs)}`;
  const summary =
    failed.length === 0
      ? `PASS: ${results.length} assertion(s) hold over ${span}${warned.length ? `; ${warned.length} warning(s)` : ''}`
      : `FAIL: ${failed.length} of ${results.length} assertion(s) violated over ${span}: ${failed.map((r) => `${r.assertion.id} (${r.violations.length})`).join(', ')}${warned.length ? `; ${warned.length} warning(s)` : ''}`;
  return { verdict: failed.length ? 'fail' : 'pass', window: { from: formatUtcUs(window.fromUs), to: formatUtcUs(window.toUs) }, results, summary };
}

/**
 * The first leader in the data is a change only when it took over after meta services
 * restarted (the seed's 12:00: every metad restarted and a new leader was elected). A
 * cluster that simply runs, or starts, has its first leader as its starting state: a soak
 * test that begins with the cluster must pass.
 */
function firstLeaderIsChange(m: MetaLeaderChange, restarts: readonly ServiceRestart[]): boolean {
  return m.evidence.some((e) => e.kind === 'meta.leader_self') && restarts.some((r) => r.service === 'zbs-metad' && r.startedAtUs <= m.atUs);
}
