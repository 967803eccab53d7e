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
}

/** What a plain HTTP route (uploads, CSV exports) gets: the same context as GraphQL. */
export interface RouteDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  services: Services;
  contextFor(req: Request): Promise<Ctx>;
}
