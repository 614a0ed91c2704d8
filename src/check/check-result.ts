/** What `check` found: one result per assertion, each violation with its evidence. */
import type { Assertion } from './check-rules.js';

export interface EvidenceLine {
  time: string;
  node: string;
  service: string;
  source: string;
  line: number;
  text: string;
}

export interface Violation {
  node: string | null;
  service: string | null;
  startUs: number;
  endUs: number | null;
  summary: string;
  evidence: EvidenceLine[];
}

export interface AssertionResult {
  assertion: Assertion;
  status: 'pass' | 'fail' | 'warn';
  violations: Violation[];
}

export interface CheckReport {
  verdict: 'pass' | 'fail';
  window: { from: string; to: string } | null;
  results: AssertionResult[];
  summary: string;
}
