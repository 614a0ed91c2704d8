// The services' argument classes are decorated: the metadata polyfill loads before them.
import 'reflect-metadata';
import type { EventStore } from '../store/event-store.js';
import type { ApiLimits } from './limits/api-limits.config.js';
import { RequestBudget } from './limits/request-budget.js';
import type { LiveFeed } from './live/live-feed.service.js';
import { TimelineService } from './services/timeline.service.js';

/** Per-request context: the services resolvers delegate to, and the request's limits (set by the limits plugin if not here). */
export interface ApiContext {
  timeline: TimelineService;
  budget?: RequestBudget;
  /** Subscriptions' source; only on the WebSocket endpoint (HTTP requests have none). */
  live?: LiveFeed;
}

/** A request's context whose services stop queued work at the request's deadline. */
export function apiContext(store: EventStore, limits: Pick<ApiLimits, 'timeoutMs'>): ApiContext {
  const budget = new RequestBudget(limits);
  return { timeline: new TimelineService(store, budget.signal), budget };
}
