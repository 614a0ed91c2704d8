import type { LiveFeed } from './live/live-feed.service.js';
import type { TimelineService } from './services/timeline.service.js';

/** Per-request context: the services resolvers delegate to. */
export interface ApiContext {
  timeline: TimelineService;
  /** Subscriptions' source; only on the WebSocket endpoint (HTTP requests have none). */
  live?: LiveFeed;
}
