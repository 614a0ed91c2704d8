/**
 * `serve`'s /metrics (Prometheus, via prom-client): requests by route, operation and
 * status, the response cache, executions actually run, store read latency, and the
 * process's own metrics. One registry per server, so servers in one process never mix.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { EventStore } from '../../store/event-store.js';

/** Operation names come from clients: past this many distinct ones, the rest count as `other`. */
export const MAX_OPERATION_LABELS = 100;
/** The store reads timed, by method (writes happen in ingest, not here). */
const TIMED_STORE_METHODS = new Set<string | symbol>(['queryEvents', 'listSources', 'listClusters', 'dataVersion', 'ping']);

export enum Route {
  GraphQL = 'graphql',
  Health = 'healthz',
  Metrics = 'metrics',
  Playground = 'playground',
  Timeline = 'timeline',
  Other = 'other',
}

export enum CacheResult {
  Hit = 'hit',
  Miss = 'miss',
  /** Joined an identical request's execution under way. */
  Coalesced = 'coalesced',
  /** Not cacheable (not a JSON query, or no CSRF-safe header on GET). */
  Bypass = 'bypass',
}

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests = new Counter({
    name: 'zbs_api_requests_total',
    help: 'HTTP requests by route, GraphQL operation name and status.',
    labelNames: ['route', 'operation', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'zbs_api_request_duration_seconds',
    help: 'HTTP request latency by route, GraphQL operation name and status.',
    labelNames: ['route', 'operation', 'status'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly cache = new Counter({
    name: 'zbs_api_response_cache_total',
    help: 'GraphQL requests by response cache result (hit, miss, coalesced, bypass).',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly executions = new Counter({
    name: 'zbs_api_graphql_executions_total',
    help: 'GraphQL executions actually run (cache hits and coalesced requests run none).',
    registers: [this.registry],
  });
  private readonly storeLatency = new Histogram({
    name: 'zbs_store_query_duration_seconds',
    help: 'Store reads by method.',
    labelNames: ['method', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(route: Route, operation: string | undefined, status: number, seconds: number): void {
    const labels = { route, operation: this.operationLabel(operation), status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return '';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return 'other';
    this.operations.add(name);
    return name;
  }

  /**
   * The store with its reads timed. A proxy, not a wrapper class: every other member
   * passes through as it is, whatever the store interface grows.
   */
  instrument(store: EventStore): EventStore {
    const hist = this.storeLatency;
    return new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function' || !TIMED_STORE_METHODS.has(prop)) return v;
        return (...args: unknown[]) => {
          const end = hist.startTimer({ method: String(prop) });
          const p = (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          p.then(
            () => end({ outcome: 'ok' }),
            () => end({ outcome: 'error' }),
          );
          return p;
        };
      },
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
