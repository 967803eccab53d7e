import { AppError } from './errors';
import type { Ctx, Actor, Role } from '../context';

/**
 * Access checks live here and nowhere else. A permission is `resource:action`; a role holds a
 * set of them. Scope (which sites a facility manager may touch, which teams an inspector acts
 * for) is checked against the actor's own ids, and list queries filter by scope in SQL through
 * `siteScope()`.
 */
export const PERMISSIONS = {
  'account:read': ['ADMIN', 'COMMAND', 'REVIEWER'],
  'account:manage': ['ADMIN'],
  'site:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'site:create': ['ADMIN', 'COMMAND'],
  'site:update': ['ADMIN', 'COMMAND', 'FACILITY_MANAGER'],
  'site:close': ['ADMIN', 'COMMAND'],
  'site:manage-managers': ['ADMIN'],
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
  'attachment:upload': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'dispute:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'dispute:lodge': ['FACILITY_MANAGER'],
  'dispute:assign': ['REVIEWER', 'COMMAND'],
  'dispute:resolve': ['REVIEWER'],
  'dispute:record': ['COMMAND', 'INSPECTOR', 'REVIEWER'],
  'disinfection:read': ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'REVIEWER'],
  'disinfection:record': ['FACILITY_MANAGER'],
  'disinfection:monitor': ['ADMIN', 'COMMAND', 'INSPECTOR', 'REVIEWER'],
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
  if (actor.role === 'FACILITY_MANAGER' && siteIds.some((id) => !actor.siteIds.includes(id))) {
    throw new AppError('NOT_FOUND', 'site not found');
  }
  if (scope.teamId && actor.role === 'INSPECTOR' && !actor.teamIds.includes(scope.teamId)) {
    throw new AppError('FORBIDDEN', 'you act only for teams you belong to');
  }
  return actor;
}

/**
 * The sites an actor may see, for SQL filters: `null` means every site (command centre,
 * inspectors, reviewers, admins), otherwise the list of ids (facility managers: their own).
 */
export function siteScope(actor: Actor): string[] | null {
  return actor.role === 'FACILITY_MANAGER' ? actor.siteIds : null;
}

/** True when the actor may see the site (used after loading a single record). */
export function canSeeSite(actor: Actor, siteId: string): boolean {
  const scope = siteScope(actor);
  return scope === null || scope.includes(siteId);
}
