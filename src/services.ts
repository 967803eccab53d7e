import type { AuditSealer } from './modules/audit/audit-sealer';
import type { TokenService } from './modules/account/token.service';
import type { EventBus } from './modules/feed/event-bus';
import type { FeedWatcher } from './modules/feed/feed-watcher';

/** Long-lived collaborators built once in createServer and handed to every request's ctx. */
export interface Services {
  tokens: TokenService;
  sealer: AuditSealer;
  /** Live events (subscriptions). */
  bus: EventBus;
  /** Clock-driven events: findings gone overdue, sites out of compliance. */
  feedWatcher: FeedWatcher;
}
