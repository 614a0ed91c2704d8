import type { RequestBudget } from './limits/request-budget.js';
import type { TimelineService } from './services/timeline.service.js';

/** Per-request context: the services resolvers delegate to, and the request's limits (set by the limits plugin). */
export interface ApiContext {
  timeline: TimelineService;
  budget?: RequestBudget;
}
