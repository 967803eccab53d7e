import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { LoaderRegistry } from './common/loaders';
import type { Services } from './common/services';

export const ROLES = ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, with the ids that bound what they may see and do. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  agencyId: string | null;
  /** Teams the actor belongs to (inspectors act only for these). */
  teamIds: string[];
  /** Sites the actor manages (facility managers see only these). */
  siteIds: string[];
}

/**
 * Per-request context, the first argument of every service method. `em` is the entity manager
 * to use: the data source's outside a transaction, the transaction's inside one.
 */
export interface Ctx {
  actor: Actor | null;
  /**
   * Set while `actor` is what this token signed in as on an earlier request, not yet checked
   * against the database on this one (GraphQL over HTTP, src/server.ts). A compiled read checks
   * it inside its own statement (src/read-compiler/executor.ts); anything else calls this first.
   * It looks the account up afresh and returns the actor, or throws (a GraphQLError:
   * UNAUTHENTICATED when the account may no longer sign in).
   */
  refreshActor?: () => Promise<Actor>;
  /**
   * Set when a mutation that confirms the actor itself (src/modules/account/remembered-actor.ts) found the
   * account may no longer sign in: the executor answers the operation with this error alone.
   */
  actorRefusal?: unknown;
  em: EntityManager;
  ds: DataSource;
  requestId: string;
  loaders: LoaderRegistry;
  log: Logger;
  config: Config;
  services: Services;
  /** Address the request came from (login throttling). */
  clientAddress: string;
  /** Set inside `inTransaction`: callbacks to run once the transaction has committed. */
  afterCommit?: (() => void | Promise<void>)[];
  /** The clock; tests may pin it. */
  now: () => Date;
  /**
   * The client's causal token (its last commit's WAL position, sent back in `x-hub-lsn`): a read
   * replica serves this request's heavy reads only once it has replayed that far (src/db/replicas.ts).
   */
  readAfterLsn?: bigint | null;
}

/** What a plain HTTP route (uploads, CSV exports) gets: the same context as GraphQL. */
export interface RouteDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  services: Services;
  contextFor(req: Request): Promise<Ctx>;
}
