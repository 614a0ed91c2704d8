/** `check` output for people (text), scripts (json) and GitHub Actions (workflow annotations). */
import { formatUtcUs } from '../time/zone.js';
import type { CheckReport } from './check-result.js';
import { violationText } from './junit.js';

export function formatText(r: CheckReport): string {
  const out: string[] = [];
  for (const res of r.results) {
    const mark = res.status === 'pass' ? 'PASS' : res.status === 'warn' ? 'WARN' : 'FAIL';
    out.push(
      `${mark}  ${res.assertion.id}: ${res.assertion.description}${res.violations.length ? ` — ${res.violations.length} violation(s)` : ''}`,
    );
    for (const v of res.violations) out.push('      ' + violationText(v).replace(/\n/g, '\n      '));
  }
  out.push('', r.summary);
  return out.join('\n') + '\n';
}

/** ::error / ::warning lines; each names the log file (its path as `path` gives it) and line of its first evidence. */
export function formatGithub(r: CheckReport, path: (source: string) => string = (s) => s): string {
  const esc = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escProp = (s: string): string => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const out: string[] = [];
  for (const res of r.results) {
    if (res.status === 'pass') continue;
    const cmd = res.status === 'fail' ? 'error' : 'warning';
    for (const v of res.violations) {
      const first = v.evidence[0];
      const props = [`title=${escProp(`${res.assertion.id}: ${res.assertion.description}`)}`];
      if (first) props.unshift(`file=${escProp(path(first.source))}`, `line=${first.line}`);
      out.push(`::${cmd} ${props.join(',')}::${esc(`${v.summary} (${formatUtcUs(v.startUs)})`)}`);
    }
  }
  out.push(r.summary);
  return out.join('\n') + '\n';
}

export function formatJson(r: CheckReport): string {
  return (
    JSON.stringify(
      {
        verdict: r.verdict,
        summary: r.summary,
        window: r.window,
        results: r.results.map((res) => ({
          id: res.assertion.id,
          type: res.assertion.type,
          description: res.assertion.description,
          severity: res.assertion.severity,
          status: res.status,
          violations: res.violations.map((v) => ({
            node: v.node,
            service: v.service,
            start: formatUtcUs(v.startUs),
            end: v.endUs === null ? null : formatUtcUs(v.endUs),
            summary: v.summary,
            evidence: v.evidence,
          })),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
