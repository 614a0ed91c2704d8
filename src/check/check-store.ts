/** `check`'s verdict on what a store holds, over the given window or all of its logs. */
import { analyzeWindow } from '../derive/timeline-analysis.js';
import { checkWindow } from '../query/query-guard.js';
import type { EventStore } from '../store/event-store.js';
import { aliasResolver, evaluate } from './check-evaluator.js';
import type { CheckReport } from './check-result.js';
import type { Assertion } from './check-rules.js';

export interface CheckScope {
  fromUs?: number;
  toUs?: number;
  cluster?: string;
}

/** Null when the store holds no logs (of the cluster): nothing to judge. */
export async function checkStore(store: EventStore, assertions: readonly Assertion[], scope: CheckScope = {}): Promise<CheckReport | null> {
  const sources = await store.listSources({ cluster: scope.cluster });
  if (!sources.length) return null;
  const firsts = sources.map((s) => s.firstTsUs).filter((x): x is number => x !== null);
  const lasts = sources.map((s) => s.lastTsUs ?? s.firstTsUs).filter((x): x is number => x !== null);
  const window = checkWindow({ fromUs: scope.fromUs ?? Math.min(...firsts), toUs: scope.toUs ?? Math.max(...lasts) + 1 });
  const analysis = await analyzeWindow(store, window, scope.cluster);
  return evaluate(assertions, analysis, aliasResolver(sources));
}
