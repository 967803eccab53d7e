import { AppError } from './errors';
import type { Ctx, Actor, Role } from '../context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Access checks live here and nowhere else. A permission is `resource:action`; a role holds a
 * set of them. Scope (which sites a facility manager may touch, which teams an inspector acts
 * for) is checked against the actor's own ids, and list queries filter by scope in SQL through
 * `siteScope()`.
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
  // Inspectors: only sites they inspect (authorizeDisinfectionRead); site-bound roles: their own sites.
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

/**
 * The sites an actor may see, for SQL filters: `null` means every site (command centre,
 * inspectors, reviewers, admins), otherwise the list of ids (facility managers and staff: their own).
 */
export function siteScope(actor: Actor): string[] | null {
  return isSiteBound(actor) ? actor.siteIds : null;
}

/** True when the actor may see the site (used after loading a single record). */
export function canSeeSite(actor: Actor, siteId: string): boolean {
  const scope = siteScope(actor);
  return scope === null || scope.includes(siteId);
}

/**
 * SQL condition: the inspector has inspected site `siteCol` — one of its teams has an inspection
 * of the site in any state but CANCELLED, or it was a member of one. `accountParam` and
 * `teamsParam` are placeholders bound to the inspector's id and team ids (e.g. '$2', '$3').
 */
export function inspectedSiteSql(siteCol: string, accountParam: string, teamsParam: string): string {
  return `EXISTS (SELECT 1 FROM inspection i WHERE i.site_id = ${siteCol} AND i.status <> 'CANCELLED'
    AND (i.team_id = ANY(${teamsParam}::uuid[])
      OR EXISTS (SELECT 1 FROM inspection_member im WHERE im.inspection_id = i.id AND im.account_id = ${accountParam}::uuid)))`;
}

/**
 * For list queries over disinfection records: the inspector whose reads `inspectedSiteSql`
 * must limit, or null when the actor is not an inspector (its limit, if any, is `siteScope`).
 */
export function disinfectionInspector(actor: Actor): { accountId: string; teamIds: string[] } | null {
  return actor.role === 'INSPECTOR' ? { accountId: actor.id, teamIds: actor.teamIds } : null;
}

/**
 * Who may read a site's disinfection records (log, compliance, evidence): facility managers and
 * staff their own sites, inspectors the sites they inspect (one EXISTS statement), the command
 * centre, reviewers and admins every site. Any other site is NOT_FOUND, as for managers.
 */
export async function authorizeDisinfectionRead(ctx: Ctx, siteId: string): Promise<Actor> {
  const actor = authorize(ctx, 'disinfection:read', { siteId });
  const inspector = disinfectionInspector(actor);
  if (!inspector) return actor;
  if (!UUID.test(siteId)) throw new AppError('NOT_FOUND', 'site not found');
  const [row] = await ctx.em.query(`SELECT ${inspectedSiteSql('$1::uuid', '$2', '$3')} AS ok`, [siteId, inspector.accountId, inspector.teamIds]);
  if (!row.ok) throw new AppError('NOT_FOUND', 'site not found');
  return actor;
}

/**
 * The permission that reads each kind of record evidence can be linked to (the GraphQL type kept
 * in `attachment_link.entity_type`), the same one the record's own queries ask for. A kind not
 * listed here is readable by the uploader only.
 */
export const EVIDENCE_READ_PERMISSION: Readonly<Record<string, Permission>> = {
  Inspection: 'inspection:read',
  Finding: 'finding:read',
  Rectification: 'finding:read',
  Dispute: 'dispute:read',
  DisinfectionEntry: 'disinfection:read',
};

/** The record kinds whose evidence the actor's role may read at all (site scope comes on top). */
export function readableEvidenceKinds(actor: Actor): string[] {
  return Object.entries(EVIDENCE_READ_PERMISSION)
    .filter(([, permission]) => can(actor, permission))
    .map(([kind]) => kind);
}
