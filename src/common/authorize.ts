import { AppError } from './errors';
import type { Ctx, Actor, Role } from '../context';

/**
 * The base of access: a permission is `resource:action`; a role holds a set of them. `authorize`
 * adds the actor's own bindings (which sites a facility manager or its staff are bound to, which
 * teams an inspector acts for). Everything row-level built on top — per record kind, list scopes
 * in SQL, the inspector, staff, reviewer and task rules — is in `access.ts`.
 */
export const PERMISSIONS = {
  'account:read': ['ADMIN', 'COMMAND', 'REVIEWER'],
  'account:manage': ['ADMIN'],
  'site:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'],
  'site:create': ['ADMIN', 'COMMAND'],
  'site:update': ['ADMIN', 'COMMAND', 'FACILITY_MANAGER'],
  'site:close': ['ADMIN', 'COMMAND'],
  'site:manage-managers': ['ADMIN'],
  // Staff (FACILITY_STAFF) are registered and switched off by a manager of their site, or an admin.
  'site:read-staff': ['ADMIN', 'COMMAND', 'REVIEWER', 'FACILITY_MANAGER'],
  'site:manage-staff': ['ADMIN', 'FACILITY_MANAGER'],
  'audit:read': ['ADMIN', 'REVIEWER'],
  'checklist:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'checklist:manage': ['ADMIN'],
  'profile:manage': ['ADMIN'],
  'inspection:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'inspection:schedule': ['ADMIN', 'COMMAND'],
  'inspection:file': ['INSPECTOR'],
  // Set by the server when a submitted inspection's last finding is settled (verified or withdrawn).
  'inspection:close': ['INSPECTOR', 'REVIEWER', 'COMMAND', 'ADMIN'],
  'finding:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'finding:raise': ['INSPECTOR'],
  'finding:rectify': ['FACILITY_MANAGER'],
  'finding:verify': ['INSPECTOR'],
  // Staff upload the photos they attach to disinfection entries.
  'attachment:upload': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'],
  'dispute:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'dispute:lodge': ['FACILITY_MANAGER'],
  'dispute:assign': ['REVIEWER', 'COMMAND'],
  'dispute:resolve': ['REVIEWER'],
  'dispute:record': ['COMMAND', 'INSPECTOR', 'REVIEWER'],
  // Inspectors: only sites they inspect (access.ts, authorizeDisinfectionRead); site-bound roles: their own sites.
  'disinfection:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'],
  'disinfection:record': ['FACILITY_MANAGER', 'FACILITY_STAFF'],
  'disinfection:monitor': ['ADMIN', 'COMMAND', 'INSPECTOR', 'REVIEWER', 'FACILITY_MANAGER', 'FACILITY_STAFF'],
  'report:read': ['ADMIN', 'COMMAND', 'REVIEWER'],
  'checkpoint:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'checkpoint:file': ['INSPECTOR', 'COMMAND'],
  'verification:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'REVIEWER'],
  'verification:import': ['COMMAND'],
  'verification:route': ['COMMAND'],
  'verification:verify': ['COMMAND', 'INSPECTOR'],
  'verification:answer': ['COMMAND', 'INSPECTOR'],
  'supply:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'supply:manage': ['ADMIN', 'COMMAND'],
  'operation:record': ['ADMIN', 'COMMAND'],
  'operation:read': ['ADMIN', 'COMMAND', 'REVIEWER'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface ResourceScope {
  /** The site the action touches: a facility manager must manage it. */
  siteId?: string;
  siteIds?: string[];
  /** The team the action is done for: an inspector must belong to it. */
  teamId?: string;
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <token> from login');
  return ctx.actor;
}

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

/**
 * Throws unless the actor may do `permission` on the resource. A facility manager asking about
 * a site it does not manage gets NOT_FOUND, so it cannot learn that the site exists.
 */
export function authorize(ctx: Ctx, permission: Permission, scope: ResourceScope = {}): Actor {
  const actor = requireActor(ctx);
  if (!can(actor, permission)) throw new AppError('FORBIDDEN', `your role (${actor.role}) may not ${permission.replace(':', ' ')}`);
  const siteIds = [...(scope.siteIds ?? []), ...(scope.siteId ? [scope.siteId] : [])];
  if (isSiteBound(actor) && siteIds.some((id) => !actor.siteIds.includes(id))) {
    throw new AppError('NOT_FOUND', 'site not found');
  }
  if (scope.teamId && actor.role === 'INSPECTOR' && !actor.teamIds.includes(scope.teamId)) {
    throw new AppError('FORBIDDEN', 'you act only for teams you belong to');
  }
  return actor;
}

/** Roles whose whole world is the sites they are bound to (`actor.siteIds`). */
export const SITE_BOUND_ROLES: readonly Role[] = ['FACILITY_MANAGER', 'FACILITY_STAFF'];

/** True for facility managers and the staff they register: they see only their own sites. */
export function isSiteBound(actor: Actor): boolean {
  return SITE_BOUND_ROLES.includes(actor.role);
}
