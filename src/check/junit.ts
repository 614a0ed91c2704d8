/** JUnit XML: one test case per assertion, a <failure> per failed one carrying the evidence. */
import { formatUtcUs } from '../time/zone.js';
import type { CheckReport, Violation } from './check-result.js';

export function xmlEscape(s: string): string {
  // Also drops characters XML 1.0 cannot carry at all (control bytes from raw logs).
  return (
    s
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

export function violationText(v: Violation): string {
  const span = `${formatUtcUs(v.startUs)} – ${v.endUs === null ? 'open' : formatUtcUs(v.endUs)}`;
  const ev = v.evidence.map((e) => `    ${e.source}:${e.line}  ${e.text}`).join('\n');
  return `${v.summary} [${span}]${ev ? '\n' + ev : ''}`;
}

export function toJUnit(report: CheckReport, suiteName = 'zbs-timeline check'): string {
  const failures = report.results.filter((r) => r.status === 'fail').length;
  const cases = report.results.map((r) => {
    const name = xmlEscape(`${r.assertion.id}: ${r.assertion.description}`);
    const open = `  <testcase classname="zbs-timeline.${xmlEscape(r.assertion.type)}" name="${name}">`;
    if (r.status === 'pass') return `${open}</testcase>`;
    const body = xmlEscape(r.violations.map(violationText).join('\n\n'));
    const msg = xmlEscape(`${r.violations.length} violation(s) of "${r.assertion.description}"`);
    if (r.status === 'warn') return `${open}\n    <system-out>WARNING: ${msg}\n${body}</system-out>\n  </testcase>`;
    return `${open}\n    <failure message="${msg}" type="${xmlEscape(r.assertion.type)}">${body}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suiteName)}" tests="${report.results.length}" failures="${failures}">`,
    `<testsuite name="${xmlEscape(suiteName)}" tests="${report.results.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
