import type { TimelineService } from './services/timeline.service.js';

/** Per-request context: the services resolvers delegate to. */
export interface ApiContext {
  timeline: TimelineService;
}
