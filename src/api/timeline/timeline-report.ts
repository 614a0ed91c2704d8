/**
 * The timeline as one file (`report`, `check --html`): the page's own GraphQL document
 * runs in-process against the store, and its result is inlined with the page's assets.
 */
import type { EventStore } from '../../store/event-store.js';
import { createApollo } from '../apollo.js';
import { jsonLog } from '../http-server.js';
import { TimelineService } from '../services/timeline.service.js';
import { timelineQuery, timelineReportHtml } from './timeline-page.js';

/** A report that cannot be made from this store and these options; the message says why. */
export class ReportError extends Error {}

export interface ReportOptions {
  cluster?: string;
  /** ISO-8601 times; a missing end comes from the cluster's suggested window (its last incident). */
  from?: string;
  to?: string;
}

export interface TimelineReport {
  html: string;
  variables: { cluster: string; from: string; to: string };
}

interface ClusterRow {
  name: string;
  lastRecord: string | null;
  suggestedWindow: { from: string; to: string } | null;
}

export async function renderTimelineReport(store: EventStore, opts: ReportOptions): Promise<TimelineReport> {
  const apollo = await createApollo(jsonLog);
  const run = async (operationName: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const res = await apollo.executeOperation(
      { query: timelineQuery(), operationName, variables },
      { contextValue: { timeline: new TimelineService(store) } },
    );
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
    const r = res.body.singleResult;
    if (r.errors?.length) throw new ReportError(r.errors.map((e) => e.message).join('; '));
    return r.data!;
  };
  try {
    const { clusters } = (await run('TimelineClusters', {})) as { clusters: ClusterRow[] };
    const c = pickCluster(clusters, opts.cluster);
    const from = opts.from ?? c.suggestedWindow?.from;
    const to = opts.to ?? c.suggestedWindow?.to;
    if (!from || !to) throw new ReportError(`cluster ${c.name} has no records to show`);
    const variables = { cluster: c.name, from, to };
    return { html: timelineReportHtml(variables, await run('Timeline', variables)), variables };
  } finally {
    await apollo.stop();
  }
}

function pickCluster(clusters: ClusterRow[], wanted: string | undefined): ClusterRow {
  const names = clusters.map((c) => c.name).join(', ');
  if (wanted !== undefined) {
    const c = clusters.find((x) => x.name === wanted);
    if (!c) throw new ReportError(`unknown cluster "${wanted}"; known: ${names || 'none'}`);
    return c;
  }
  const withData = clusters.filter((c) => c.lastRecord !== null);
  if (withData.length === 0) throw new ReportError('the store holds no logs');
  if (withData.length > 1) throw new ReportError(`the store holds ${withData.length} clusters (${names}): choose one with --cluster`);
  return withData[0]!;
}
