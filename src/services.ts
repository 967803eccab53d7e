import type { AuditSealer } from './modules/audit/audit-sealer';
import type { TokenService } from './modules/account/token.service';
import type { FeedHub } from './modules/feed/feed-hub';
import type { FeedWatcher } from './modules/feed/feed-watcher';
import type { BlobStore } from './modules/attachment/blob-store';
import type { ReadRouter } from './db/replicas';

/** Long-lived collaborators built once in createServer and handed to every request's ctx. */
export interface Services {
  tokens: TokenService;
  sealer: AuditSealer;
  /** Live events: follows the outbox, serves this process's subscriptions, keeps their access current. */
  feed: FeedHub;
  /** Clock-driven events: findings gone overdue, sites out of compliance. */
  feedWatcher: FeedWatcher;
  /** Attachment bytes: the local directory or S3-compatible storage (STORAGE). */
  blobs: BlobStore;
  /** Streaming read replicas for heavy reads (DATABASE_READ_URLS); absent: every read on the primary. */
  reads?: ReadRouter;
}
