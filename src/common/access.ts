import { AppError } from './errors';
import { authorize, can, isSiteBound, type Permission } from './authorize';
import type { Actor, Ctx } from '../context';
import type { HubEventKind } from './outbox';

/*
 * Row-level access, in one place (as Immich keeps its `access.ts`). `authorize.ts` is the base:
 * which role holds which permission, and the actor's own bindings (a facility manager's and its
 * staff's sites, an inspector's teams). This file says, for every kind of record, who may read it
 * and who may write it, as functions of the actor and the record, and gives list queries the SQL
 * scope they filter by. Services, resolvers, HTTP routes, the read compiler and the feed ask here.
 *
 * Out of scope is NOT_FOUND (a single read answers null), so nobody learns that a record of a site
 * it may not see exists; a role without the permission is FORBIDDEN.
 *
 * | record            | read                                                            | write                                                      |
 * | ----------------- | --------------------------------------------------------------- | ---------------------------------------------------------- |
 * | Site              | everyone; site-bound roles their own sites                      | ADMIN, COMMAND; FACILITY_MANAGER own site, MANAGER_EDITABLE fields |
 * | Inspection        | inspection:read + site scope                                    | COMMAND/ADMIN schedule; INSPECTOR for its own teams        |
 * | Finding           | finding:read + site scope                                       | INSPECTOR raises/verifies for its own teams                |
 * | Rectification     | as its finding                                                  | FACILITY_MANAGER of the finding's site                     |
 * | Dispute           | dispute:read + site scope                                       | lodge: manager of the site; comment: the parties; resolve: the assigned reviewer (independent of the finding) |
 * | DisinfectionEntry | disinfection:read + site scope; INSPECTOR sites it inspects     | manager of the site; staff of the site, corrections only their own entries |
 * | Attachment        | the uploader, or who may read a record it is attached to        | attachment:upload                                          |
 * | Checklist         | checklist:read (profile history: report:read)                   | ADMIN                                                      |
 * | Account           | account:read; a site's staff: site:read-staff + site scope      | ADMIN; staff: manager of one of their sites                |
 * | CheckpointTally   | checkpoint:read + site scope (the checkpoint is a site)         | checkpoint:file + site scope                               |
 * | VerificationTask  | verification:read; INSPECTOR only its agency's tasks            | per transition permission; INSPECTOR its agency's tasks    |
 * | Supply            | supply:read; delivery figures by site scope                     | supply:manage                                              |
 * | FieldOperation    | operation:read                                                  | operation:record                                           |
 * | AuditEvent        | audit:read                                                      | (written by the hub)                                       |
 * | Report            | report:read; the findings export: finding:read + site scope     | -                                                          |
 * | Report lists      | report:read + the record kind's read rule (site scope / unit)   | -                                                          |
 * | HubEvent (feed)   | the read rule of the record the event is about (verification: who sees every task) | (written by the hub)                          |
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// Site scope: the base of most rules.

/**
 * The sites an actor may see, for SQL filters (`$n::uuid[] IS NULL OR site_id = ANY($n)`): `null`
 * means every site (command centre, inspectors, reviewers, admins), otherwise the list of ids
 * (facility managers and staff: their own).
 */
export function siteScope(actor: Actor): string[] | null {
  return isSiteBound(actor) ? actor.siteIds : null;
}

/** True when the actor may see the site (used after loading a single record). */
export function canSeeSite(actor: Actor, siteId: string): boolean {
  const scope = siteScope(actor);
  return scope === null || scope.includes(siteId);
}

/** Records that belong to one site and are read with their kind's permission within the site scope. */
export const SITE_RECORD_READ = {
  Site: 'site:read',
  Inspection: 'inspection:read',
  Finding: 'finding:read',
  Rectification: 'finding:read',
  Dispute: 'dispute:read',
  DisinfectionEntry: 'disinfection:read',
  CheckpointTally: 'checkpoint:read',
  Supply: 'supply:read',
} as const satisfies Record<string, Permission>;
export type SiteRecordKind = keyof typeof SITE_RECORD_READ;

/**
 * Pure: may the actor read a record of this kind at this site, as far as role and site scope go?
 * Disinfection records add the inspector rule (`mayRead` with `inspected`, from `inspectsSite`).
 */
export function mayReadSiteRecord(actor: Actor, kind: SiteRecordKind, siteId: string): boolean {
  return can(actor, SITE_RECORD_READ[kind]) && canSeeSite(actor, siteId);
}

/**
 * A single read of a record at `siteId`: the record when the actor may read it, null when it is
 * out of scope (missing and not allowed look the same); FORBIDDEN for a role without the permission.
 */
export function readableAt<T>(ctx: Ctx, kind: SiteRecordKind, record: T | null | undefined, siteIdOf: (r: T) => string): T | null {
  const actor = authorize(ctx, SITE_RECORD_READ[kind]);
  return record && mayRead(actor, { kind, siteId: siteIdOf(record) }) ? record : null;
}

// ---------------------------------------------------------------------------------------------
// Inspectors and the sites they inspect (disinfection records).

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
 * SQL condition for list queries over disinfection records: the actor may read those of site
 * `siteCol` — within its site scope, and for an inspector a site it inspects. Its parameters
 * start at `$first`; append `params`.
 */
export function disinfectionSiteSql(actor: Actor, siteCol: string, first: number): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  const inspector = disinfectionInspector(actor);
  return {
    sql: `(${p(0)}::uuid[] IS NULL OR ${siteCol} = ANY(${p(0)}::uuid[])) AND (${p(1)}::uuid IS NULL OR ${inspectedSiteSql(siteCol, p(1), p(2))})`,
    params: [siteScope(actor), inspector?.accountId ?? null, inspector?.teamIds ?? []],
  };
}

/** One statement: has this inspector inspected the site (see inspectedSiteSql)? */
export async function inspectsSite(ctx: Pick<Ctx, 'em'>, actor: Actor, siteId: string): Promise<boolean> {
  if (!UUID.test(siteId)) return false;
  const [row] = await ctx.em.query(`SELECT ${inspectedSiteSql('$1::uuid', '$2', '$3')} AS ok`, [siteId, actor.id, actor.teamIds]);
  return !!row?.ok;
}

/**
 * Who may read a site's disinfection records (log, compliance, evidence): facility managers and
 * staff their own sites, inspectors the sites they inspect (one EXISTS statement), the command
 * centre, reviewers and admins every site. Any other site is NOT_FOUND, as for managers.
 */
export async function authorizeDisinfectionRead(ctx: Ctx, siteId: string): Promise<Actor> {
  const actor = authorize(ctx, 'disinfection:read', { siteId });
  if (!disinfectionInspector(actor)) return actor;
  if (!(await inspectsSite(ctx, actor, siteId))) throw new AppError('NOT_FOUND', 'site not found');
  return actor;
}

/**
 * authorizeDisinfectionRead for a statement that reads one site's records (the read compiler):
 * the role and the site scope are checked now, throwing as authorizeDisinfectionRead does; what
 * needs the database (the inspector rule) comes back as an SQL condition over `siteSql` — the
 * one list queries filter by (disinfectionSiteSql), its parameters from `$first`.
 */
export function disinfectionReadSql(ctx: Ctx, siteId: string, siteSql: string, first: number): { sql: string; params: unknown[] } {
  const actor = authorize(ctx, 'disinfection:read', { siteId });
  return disinfectionSiteSql(actor, siteSql, first);
}

/**
 * Correcting a disinfection entry (the actor already may record at the entry's site): managers
 * correct any entry of their site, staff only the entries they recorded themselves.
 */
export function mayCorrectDisinfection(actor: Actor, entry: { recordedBy: string }): boolean {
  return actor.role !== 'FACILITY_STAFF' || entry.recordedBy === actor.id;
}

// ---------------------------------------------------------------------------------------------
// Sites: writes.

/** What a FACILITY_MANAGER may change on its own site: how to reach it, and its occupancy. Other roles change any field. */
export const MANAGER_EDITABLE = ['contactName', 'contactPhone', 'currentOccupancy'] as const;

/** updateSite: NOT_FOUND for another manager's site; FORBIDDEN for a field the actor may not change. */
export function authorizeSiteUpdate(ctx: Ctx, siteId: string, fields: string[]): Actor {
  const actor = authorize(ctx, 'site:update', { siteId });
  if (actor.role === 'FACILITY_MANAGER') {
    const denied = fields.find((k) => !(MANAGER_EDITABLE as readonly string[]).includes(k));
    if (denied) throw new AppError('FORBIDDEN', `a facility manager may change only ${MANAGER_EDITABLE.join(', ')}`, { field: `input.${denied}` });
  }
  return actor;
}

// ---------------------------------------------------------------------------------------------
// Staff accounts.

/** May the actor switch this staff member (bound to `staffSiteIds`) off or on? Admins any, managers their sites' staff. */
export function mayManageStaff(actor: Actor, staffSiteIds: string[]): boolean {
  if (!can(actor, 'site:manage-staff')) return false;
  return actor.role === 'ADMIN' || staffSiteIds.some((id) => actor.siteIds.includes(id));
}

// ---------------------------------------------------------------------------------------------
// Disputes.

/**
 * May the actor comment on the dispute (it already may read it)? The site's facility manager,
 * the command centre, the assigned reviewer, and inspectors of the team that raised the finding
 * (`inRaisingTeam`, looked up by the caller).
 */
export function isDisputeParty(actor: Actor, dispute: { reviewerId: string | null }, inRaisingTeam: boolean): boolean {
  switch (actor.role) {
    case 'FACILITY_MANAGER':
    case 'COMMAND':
      return true;
    case 'REVIEWER':
      return dispute.reviewerId === actor.id;
    case 'INSPECTOR':
      return inRaisingTeam;
    default:
      return false;
  }
}

/**
 * Who may open a notice: the command centre (ADMIN, COMMAND, REVIEWER), a facility manager of
 * the site, and the inspection's team (its members now, or those recorded on the inspection).
 * Anyone else — another site's manager, the site's staff, another team — gets NOT_FOUND.
 */
export function mayReadRectificationNotice(actor: Actor, row: { siteId: string; teamId: string; memberIds: string[] }): boolean {
  switch (actor.role) {
    case 'ADMIN':
    case 'COMMAND':
    case 'REVIEWER':
      return true;
    case 'FACILITY_MANAGER':
      return actor.siteIds.includes(row.siteId);
    case 'INSPECTOR':
      return actor.teamIds.includes(row.teamId) || row.memberIds.includes(actor.id);
    default:
      return false;
  }
}

/** May the actor hand a dispute UNDER_REVIEW to another reviewer? The command centre, or the assigned reviewer. */
export function mayReassignDispute(actor: Actor, dispute: { reviewerId: string | null }): boolean {
  return can(actor, 'dispute:assign') && (actor.role !== 'REVIEWER' || dispute.reviewerId === actor.id);
}

/** May the actor resolve the dispute? Only the reviewer assigned to it. */
export function mayResolveDispute(actor: Actor, dispute: { reviewerId: string | null }): boolean {
  return can(actor, 'dispute:resolve') && dispute.reviewerId === actor.id;
}

/**
 * Reviewer independence: why the account may not review this finding, or null when it is
 * independent — a member of the team that raised it, of the team of its inspection, or one of the
 * inspection's recorded participants (inspection_member). One statement.
 */
export async function reviewerConflict(ctx: Pick<Ctx, 'em'>, findingId: string, accountId: string): Promise<string | null> {
  const [row] = await ctx.em.query(
    `SELECT EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = f.team_id AND tm.account_id = $2) AS raising_team,
            EXISTS (SELECT 1 FROM team_member tm WHERE tm.team_id = i.team_id AND tm.account_id = $2) AS inspection_team,
            EXISTS (SELECT 1 FROM inspection_member im WHERE im.inspection_id = i.id AND im.account_id = $2) AS participant
       FROM finding f JOIN inspection i ON i.id = f.inspection_id WHERE f.id = $1`,
    [findingId, accountId],
  );
  if (row?.raising_team) return 'is a member of the team that raised this finding';
  if (row?.inspection_team) return "is a member of the team of this finding's inspection";
  if (row?.participant) return 'took part in the inspection that raised this finding';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Verification tasks (区域协查): routed by the command centre to a unit (an agency).

/** The units whose tasks the actor may see: null means every task; [] none (an inspector without an agency). */
export function taskUnitScope(actor: Actor): string[] | null {
  if (actor.role !== 'INSPECTOR') return null;
  return actor.agencyId ? [actor.agencyId] : [];
}

/** True when the actor may see this task (after loading a single record). */
export function canSeeTask(actor: Actor, task: { routedUnitId: string | null }): boolean {
  const units = taskUnitScope(actor);
  return units === null || (!!task.routedUnitId && units.includes(task.routedUnitId));
}

// ---------------------------------------------------------------------------------------------
// The records behind the report's figures (drill-down lists, src/modules/report-records).

/** The read permission of each kind of record a report figure counts. */
export const REPORT_LIST_READ = {
  Dispute: SITE_RECORD_READ.Dispute,
  CheckpointTally: SITE_RECORD_READ.CheckpointTally,
  Supply: SITE_RECORD_READ.Supply,
  VerificationTask: 'verification:read',
} as const satisfies Record<string, Permission>;

/**
 * A drill-down list behind a report figure: who may read the report (report:read) and records of
 * that kind. The list is then filtered in SQL as the kind's own lists are: `sites` is the site
 * scope (null: every site), `units` the verification units (null: every task).
 */
export function authorizeReportList(ctx: Ctx, kind: keyof typeof REPORT_LIST_READ): { actor: Actor; sites: string[] | null; units: string[] | null } {
  authorize(ctx, 'report:read');
  const actor = authorize(ctx, REPORT_LIST_READ[kind]);
  return { actor, sites: siteScope(actor), units: kind === 'VerificationTask' ? taskUnitScope(actor) : null };
}

// ---------------------------------------------------------------------------------------------
// Checklists: the standard profiles' revision history is report material.

export function mayReadProfileHistory(actor: Actor | null): boolean {
  return !!actor && can(actor, 'report:read');
}

// ---------------------------------------------------------------------------------------------
// Evidence (attachments).

/**
 * The permission that reads each kind of record evidence can be linked to (the GraphQL type kept
 * in `attachment_link.entity_type`), the same one the record's own queries ask for. A kind not
 * listed here is readable by the uploader only.
 */
export const EVIDENCE_READ_PERMISSION: Readonly<Record<string, Permission>> = {
  Inspection: SITE_RECORD_READ.Inspection,
  Finding: SITE_RECORD_READ.Finding,
  Rectification: SITE_RECORD_READ.Rectification,
  Dispute: SITE_RECORD_READ.Dispute,
  DisinfectionEntry: SITE_RECORD_READ.DisinfectionEntry,
};

/** The record kinds whose evidence the actor's role may read at all (site scope comes on top). */
export function readableEvidenceKinds(actor: Actor): string[] {
  return Object.entries(EVIDENCE_READ_PERMISSION)
    .filter(([, permission]) => can(actor, permission))
    .map(([kind]) => kind);
}

/**
 * SQL condition over `attachment` row `a`: the actor uploaded it, or it is linked to a record the
 * actor may read by that record's own rule (the kind's permission, the site scope, and for
 * disinfection entries the inspector rule). Its parameters start at `$first`; append `params`.
 */
export function attachmentReadSql(actor: Actor, first: number): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  const inspector = disinfectionInspector(actor);
  return {
    sql: `(a.uploaded_by = ${p(0)} OR EXISTS (
         SELECT 1 FROM attachment_link l WHERE l.attachment_id = a.id AND l.entity_type = ANY(${p(1)}::text[])
           AND (${p(2)}::uuid[] IS NULL OR l.site_id = ANY(${p(2)}::uuid[]))
           AND (${p(3)}::uuid IS NULL OR l.entity_type <> 'DisinfectionEntry' OR ${inspectedSiteSql('l.site_id', p(3), p(4))})))`,
    params: [actor.id, readableEvidenceKinds(actor), siteScope(actor), inspector?.accountId ?? null, inspector?.teamIds ?? []],
  };
}

// ---------------------------------------------------------------------------------------------
// The live feed: an event reaches a subscriber only when it may read the record the event is about.

/** The permission each feed event's record needs. */
export const FEED_EVENT_PERMISSION = {
  CRITICAL_FINDING_RAISED: 'finding:read',
  FINDING_OVERDUE: 'finding:read',
  DISPUTE_LODGED: 'dispute:read',
  DISPUTE_RESOLVED: 'dispute:read',
  SITE_OUT_OF_COMPLIANCE: 'disinfection:read',
  CHECKPOINT_TALLY_FILED: 'checkpoint:read',
  VERIFICATION_TASK_CHANGED: 'verification:read',
} as const satisfies Record<HubEventKind, Permission>;
export type FeedEventKind = HubEventKind;

/**
 * Pure part of the feed's rule: 'yes', 'no', or 'if-inspects' (an inspector and a disinfection
 * event: it receives it only for a site it inspects, which the caller looks up). Events without a
 * site are not for site-bound roles.
 */
export function feedEventAccess(actor: Actor, e: { kind: FeedEventKind; siteId: string | null }): 'yes' | 'no' | 'if-inspects' {
  if (!can(actor, FEED_EVENT_PERMISSION[e.kind])) return 'no';
  // Verification tasks belong to units, not sites: only who sees every task hears of them.
  if (e.kind === 'VERIFICATION_TASK_CHANGED' && taskUnitScope(actor) !== null) return 'no';
  if (e.siteId === null) return isSiteBound(actor) ? 'no' : 'yes';
  if (!canSeeSite(actor, e.siteId)) return 'no';
  if (e.kind === 'SITE_OUT_OF_COMPLIANCE' && disinfectionInspector(actor)) return 'if-inspects';
  return 'yes';
}

// ---------------------------------------------------------------------------------------------
// The whole policy as two pure functions of the actor and the record (what the table at the top
// says). Facts that need the database are looked up by the caller and passed in: whether the
// inspector inspects the site, whether it is in the team that raised a dispute's finding.

export type AccessRecord =
  | { kind: SiteRecordKind; siteId: string; inspected?: boolean }
  | { kind: 'Attachment'; uploadedBy: string; attachedTo: AccessRecord[] }
  | { kind: 'SiteStaff'; siteIds: string[] }
  | { kind: 'VerificationTask'; routedUnitId: string | null }
  | { kind: 'HubEvent'; eventKind: FeedEventKind; siteId: string | null; inspected?: boolean }
  | { kind: 'Checklist' | 'ProfileHistory' | 'Account' | 'FieldOperation' | 'AuditEvent' | 'Report' };

const GLOBAL_READ = { Checklist: 'checklist:read', ProfileHistory: 'report:read', Account: 'account:read', FieldOperation: 'operation:read', AuditEvent: 'audit:read', Report: 'report:read' } as const satisfies Record<string, Permission>;
const GLOBAL_WRITE = { Checklist: 'checklist:manage', ProfileHistory: 'profile:manage', Account: 'account:manage', FieldOperation: 'operation:record' } as const satisfies Record<string, Permission>;

/** May the actor read this record? (Out of scope and not permitted alike: false.) */
export function mayRead(actor: Actor, r: AccessRecord): boolean {
  switch (r.kind) {
    case 'DisinfectionEntry':
      return mayReadSiteRecord(actor, r.kind, r.siteId) && (!disinfectionInspector(actor) || !!r.inspected);
    case 'Attachment':
      return r.uploadedBy === actor.id || r.attachedTo.some((a) => a.kind in EVIDENCE_READ_PERMISSION && mayRead(actor, a));
    case 'SiteStaff':
      return can(actor, 'site:read-staff') && r.siteIds.some((id) => canSeeSite(actor, id));
    case 'VerificationTask':
      return can(actor, 'verification:read') && canSeeTask(actor, r);
    case 'HubEvent': {
      const a = feedEventAccess(actor, { kind: r.eventKind, siteId: r.siteId });
      return a === 'yes' || (a === 'if-inspects' && !!r.inspected);
    }
    case 'Checklist':
    case 'ProfileHistory':
    case 'Account':
    case 'FieldOperation':
    case 'AuditEvent':
    case 'Report':
      return can(actor, GLOBAL_READ[r.kind]);
    default:
      return mayReadSiteRecord(actor, r.kind, r.siteId);
  }
}

/** What writing a site record takes: the permission, and for inspectors the team it acts for. */
const SITE_RECORD_WRITE = {
  Site: 'site:update',
  Inspection: 'inspection:file',
  Finding: 'finding:raise',
  Rectification: 'finding:rectify',
  Dispute: 'dispute:lodge',
  DisinfectionEntry: 'disinfection:record',
  CheckpointTally: 'checkpoint:file',
  Supply: 'supply:manage',
} as const satisfies Record<SiteRecordKind, Permission>;

/**
 * May the actor write (file, change, answer) this record? `teamId`: the team an inspector's write
 * is done for; `recordedBy`: a disinfection entry's recorder (staff correct only their own).
 */
export function mayWrite(actor: Actor, r: AccessRecord & { teamId?: string; recordedBy?: string }): boolean {
  switch (r.kind) {
    case 'DisinfectionEntry':
      return can(actor, 'disinfection:record') && canSeeSite(actor, r.siteId) && (r.recordedBy === undefined || mayCorrectDisinfection(actor, { recordedBy: r.recordedBy }));
    case 'Attachment':
      return can(actor, 'attachment:upload');
    case 'SiteStaff':
      return mayManageStaff(actor, r.siteIds);
    case 'VerificationTask':
      return can(actor, 'verification:answer') && canSeeTask(actor, r);
    case 'HubEvent':
    case 'AuditEvent':
    case 'Report':
      return false; // written by the hub itself
    case 'Checklist':
    case 'ProfileHistory':
    case 'Account':
    case 'FieldOperation':
      return can(actor, GLOBAL_WRITE[r.kind]);
    default:
      return can(actor, SITE_RECORD_WRITE[r.kind]) && canSeeSite(actor, r.siteId) && (actor.role !== 'INSPECTOR' || !r.teamId || actor.teamIds.includes(r.teamId));
  }
}

// ---------------------------------------------------------------------------------------------
// The read compiler compiles a field only where graphql-js would let the actor read it.

export function mayReadWith(actor: Actor, permission: Permission): boolean {
  return can(actor, permission);
}
