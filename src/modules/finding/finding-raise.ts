import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context';
import { requireActor } from '../../common/authorize';
import { AppError } from '../../common/errors';
import { createMany, createManySql } from '../../common/state-machine';
import { recordAudits, type AuditInput } from '../audit/audit.service';
import { insertEvidenceLinks, linkAudits, type EvidenceLink } from '../attachment/attachment.service';
import type { Severity } from '../checklist/checklist.entity';
import { StandardProfile } from '../checklist/standard-profile.entity';
import { deadlineHours } from '../checklist/standard-profile.service';
import { Finding, type FindingStatus } from './finding.entity';
import { FINDING_MACHINE } from './finding.state';

/** The inspection findings are raised on (the inspection module's row; only these columns are read). */
interface RaisedOn {
  id: string;
  siteId: string;
  teamId: string;
}

export interface FindingSpec {
  itemCode: string | null;
  title: string;
  description: string | null;
  legalBasis: string | null;
  severity: Severity;
  evidenceIds: string[];
}

/** What raising findings needs of a profile (a StandardProfile row fits). */
export type FindingProfile = Pick<StandardProfile, 'version' | 'criticalDeadlineHours' | 'majorDeadlineHours' | 'minorDeadlineHours'>;

/** The profile of a site kind, read in the caller's transaction. */
export async function profileFor(tx: Ctx, siteKind: string): Promise<StandardProfile> {
  const p = await tx.em.findOneBy(StandardProfile, { siteKind });
  if (!p) throw new AppError('INTERNAL_SERVER_ERROR', `no standard profile for ${siteKind}`);
  return p;
}

/**
 * Raises findings on an inspection, inside the caller's transaction. Each copies its deadline
 * from the site kind's profile as it is now (raisedAt + hours for its severity) and records the
 * profile version, so a later profile change never moves it. Evidence must already be checked.
 * Three statements however many findings: the findings, their evidence links, their audit events.
 */
export async function raiseFindings(tx: Ctx, inspection: RaisedOn, profile: FindingProfile, specs: FindingSpec[], raisedAt: Date): Promise<Finding[]> {
  const audits: AuditInput[] = [];
  const findings = await insertFindings(tx, inspection, profile, specs, raisedAt, audits);
  const links = findings.map(findingLink);
  await insertEvidenceLinks(tx, links);
  await recordAudits(tx, [...audits, ...links.flatMap(linkAudits)]);
  return findings;
}

/** A finding's evidence as a link (empty when it has none). */
export const findingLink = (f: Pick<Finding, 'id' | 'siteId' | 'evidenceIds'>): EvidenceLink => ({ entityType: 'Finding', entityId: f.id, siteId: f.siteId, attachmentIds: [...new Set(f.evidenceIds)] });

/**
 * Writes the findings, OPEN, in one INSERT (through `createMany`: an inspector of the inspection's
 * team raises them), in the order of `specs`; a trigger on `finding` writes each CRITICAL one's
 * live event to the outbox in the same statement (migration FeedOutbox). Their `finding.raise`
 * audit events are appended to `audits`, which the caller writes with its own (and the evidence
 * links' events) in one statement; it writes the evidence links too (`findingLink`).
 */
export async function insertFindings(tx: Ctx, inspection: RaisedOn, profile: FindingProfile, specs: FindingSpec[], raisedAt: Date, audits: AuditInput[]): Promise<Finding[]> {
  return createMany<FindingStatus, Finding>(tx, FINDING_MACHINE, findingRowsFor(requireActor(tx), inspection, profile, specs, raisedAt), {
    scope: { siteId: inspection.siteId, teamId: inspection.teamId },
    action: 'finding.raise',
    auditFields: raiseAuditFields,
    audits,
  });
}

/** A finding as raised (OPEN), before it is written. */
export type FindingRow = Pick<
  Finding,
  'id' | 'inspectionId' | 'siteId' | 'teamId' | 'issuingAgencyId' | 'raisedById' | 'itemCode' | 'title' | 'description' | 'legalBasis' | 'severity' | 'status' | 'raisedAt' | 'deadline' | 'profileVersion' | 'evidenceIds'
>;

/** The rows of findings raised by `actor` on an inspection, OPEN, in the order of `specs` (ids new, deadlines from the profile). */
export function findingRowsFor(actor: { id: string; agencyId: string | null }, inspection: RaisedOn, profile: FindingProfile, specs: FindingSpec[], raisedAt: Date): FindingRow[] {
  return specs.map((s) => ({
    id: randomUUID(),
    inspectionId: inspection.id,
    siteId: inspection.siteId,
    teamId: inspection.teamId,
    issuingAgencyId: actor.agencyId as string, // NOT NULL in the table: an actor without an agency cannot raise one
    raisedById: actor.id,
    itemCode: s.itemCode,
    title: s.title,
    description: s.description,
    legalBasis: s.legalBasis,
    severity: s.severity,
    status: 'OPEN',
    raisedAt,
    deadline: new Date(raisedAt.getTime() + deadlineHours(profile as StandardProfile, s.severity) * 3_600_000),
    profileVersion: profile.version,
    evidenceIds: s.evidenceIds,
  }));
}

/** What a finding's `finding.raise` audit event records besides its status. */
const raiseAuditFields = (f: Pick<Finding, 'inspectionId' | 'siteId' | 'itemCode' | 'severity' | 'deadline' | 'profileVersion'>) => ({
  inspectionId: f.inspectionId,
  siteId: f.siteId,
  itemCode: f.itemCode,
  severity: f.severity,
  deadline: f.deadline,
  profileVersion: f.profileVersion,
});

/**
 * `insertFindings` planned as one INSERT for a data-modifying CTE of the caller's statement
 * (`createManySql`: checked as `createMany` checks them; the CRITICAL finding feed's trigger fires
 * for it as for any insert), with the `finding.raise` audit events the caller writes in the same
 * statement, in the rows' order.
 */
export function raiseSql(tx: Ctx, rows: FindingRow[], scope: { siteId: string; teamId: string }, params: unknown[], where: string | undefined, prefix: string) {
  return createManySql<FindingStatus, Finding, FindingRow>(tx, FINDING_MACHINE, rows, { scope, action: 'finding.raise', auditFields: raiseAuditFields, params, where, prefix });
}
