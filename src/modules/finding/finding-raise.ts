import type { Ctx } from '../../context';
import { AppError } from '../../common/errors';
import { recordAudit } from '../audit/audit.service';
import { publishAfterCommit } from '../feed/event-bus';
import { linkAttachments } from '../attachment/attachment.service';
import type { Severity } from '../checklist/checklist.entity';
import { StandardProfile } from '../checklist/standard-profile.entity';
import { deadlineHours } from '../checklist/standard-profile.service';
import type { Inspection } from '../inspection/inspection.entity';
import { Finding } from './finding.entity';

export interface FindingSpec {
  itemCode: string | null;
  title: string;
  description: string | null;
  legalBasis: string | null;
  severity: Severity;
  evidenceIds: string[];
}

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
 */
export async function raiseFindings(tx: Ctx, inspection: Inspection, profile: StandardProfile, specs: FindingSpec[], raisedAt: Date): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const s of specs) {
    const f = await tx.em.save(
      tx.em.create(Finding, {
        inspectionId: inspection.id,
        siteId: inspection.siteId,
        teamId: inspection.teamId,
        issuingAgencyId: tx.actor!.agencyId,
        raisedById: tx.actor!.id,
        itemCode: s.itemCode,
        title: s.title,
        description: s.description,
        legalBasis: s.legalBasis,
        severity: s.severity,
        status: 'OPEN',
        raisedAt,
        deadline: new Date(raisedAt.getTime() + deadlineHours(profile, s.severity) * 3_600_000),
        profileVersion: profile.version,
        evidenceIds: s.evidenceIds,
        verifiedAt: null,
        verifiedById: null,
      }),
    );
    await recordAudit(tx, { action: 'finding.raise', entityType: 'Finding', entityId: f.id, after: { inspectionId: f.inspectionId, siteId: f.siteId, itemCode: f.itemCode, severity: f.severity, deadline: f.deadline, profileVersion: f.profileVersion, status: f.status } });
    await linkAttachments(tx, s.evidenceIds, { entityType: 'Finding', entityId: f.id, siteId: f.siteId });
    if (f.severity === 'CRITICAL') {
      publishAfterCommit(tx, {
        kind: 'CRITICAL_FINDING_RAISED',
        siteId: f.siteId,
        entityType: 'Finding',
        entityId: f.id,
        message: `发现重大隐患 / critical finding raised: ${f.title}`,
        data: { severity: f.severity, deadline: f.deadline.toISOString(), inspectionId: f.inspectionId, itemCode: f.itemCode },
      });
    }
    out.push(f);
  }
  return out;
}
