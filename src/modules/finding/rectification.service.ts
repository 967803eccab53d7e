import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize, canSeeSite, requireActor } from '../../common/authorize';
import { AppError, badInput, notFound } from '../../common/errors';
import { checkTransition } from '../../common/state-machine';
import { inTransaction, updateVersioned } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { assertAttachmentsUsable, linkAttachments } from '../attachment/attachment.service';
import { evidenceIds, idempotencyKey, parse, uuid } from '../../common/validation';
import { idempotent } from '../idempotency/idempotency.service';
import { Site } from '../site/site.entity';
import { Finding, Rectification, type FindingStatus } from './finding.entity';
import { FINDING_TRANSITIONS } from './finding.state';
import { profileFor } from './finding-raise';

/** A finding the actor may see; another site's is NOT_FOUND (no lock: moves use a conditional UPDATE). */
async function visibleFinding(tx: Ctx, id: string): Promise<Finding> {
  const f = await tx.em.findOneBy(Finding, { id });
  if (!f || !canSeeSite(requireActor(tx), f.siteId)) throw notFound('finding', id);
  return f;
}

/**
 * Moves a finding with `UPDATE … WHERE id AND version`: of two concurrent moves from the same
 * state, exactly one wins and the other gets CONFLICT.
 */
async function moveFinding(tx: Ctx, f: Finding, to: FindingStatus, expectedVersion: number | null | undefined, changes: Record<string, unknown> = {}) {
  // A client that says which version it saw gets CONFLICT for a stale view, even when the
  // other change committed before this request read the row.
  if (expectedVersion != null && expectedVersion !== f.version) {
    throw new AppError('CONFLICT', `this finding was changed by someone else since version ${expectedVersion}; reload and try again`, { field: 'input.version', expectedVersion });
  }
  checkTransition(tx, FINDING_TRANSITIONS, 'finding', f.status, to, { siteId: f.siteId, teamId: f.teamId });
  const version = expectedVersion ?? f.version;
  await updateVersioned(tx, 'finding', f.id, version, { ...changes, status: to });
  await recordAudit(tx, { action: `finding.${to.toLowerCase().replace(/_/g, '-')}`, entityType: 'Finding', entityId: f.id, before: { status: f.status }, after: { status: to } });
}

const submitInput = z.object({ idempotencyKey, findingId: uuid, description: z.string().trim().min(1).max(4000), evidenceIds, version: z.number().int().nullish() });

/** The site's facility manager says what was done, with evidence. */
export async function submitRectification(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'finding:rectify');
  const { idempotencyKey: key, ...input } = parse(submitInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'submitRectification', key, input, async () => {
      const f = await visibleFinding(tx, input.findingId);
      authorize(tx, 'finding:rectify', { siteId: f.siteId });
      const site = await tx.em.findOneByOrFail(Site, { id: f.siteId });
      if ((await profileFor(tx, site.kind)).evidenceMandatory && !input.evidenceIds.length) throw badInput('input.evidenceIds', `evidence is mandatory at ${site.kind} sites`);
      await assertAttachmentsUsable(tx, input.evidenceIds, 'input.evidenceIds');
      await moveFinding(tx, f, 'RECTIFICATION_SUBMITTED', input.version);
      const r = await tx.em.save(tx.em.create(Rectification, { findingId: f.id, submittedById: tx.actor!.id, description: input.description, evidenceIds: [...new Set(input.evidenceIds)], submittedAt: tx.now(), status: 'SUBMITTED', reviewedById: null, reviewedAt: null, rejectionReason: null }));
      await recordAudit(tx, { action: 'rectification.submit', entityType: 'Rectification', entityId: r.id, after: { findingId: f.id, description: r.description, evidenceIds: r.evidenceIds } });
      await linkAttachments(tx, r.evidenceIds, { entityType: 'Rectification', entityId: r.id, siteId: f.siteId });
      return r.id;
    });
    return tx.em.findOneByOrFail(Rectification, { id: resultId });
  });
}

async function review(ctx: Ctx, findingId: string, version: number | null | undefined, accept: boolean, reason: string | null) {
  return inTransaction(ctx, async (tx) => {
    const f = await visibleFinding(tx, findingId);
    const now = tx.now();
    await moveFinding(tx, f, accept ? 'VERIFIED' : 'OPEN', version, accept ? { verified_at: now, verified_by_id: tx.actor!.id } : {});
    const res = await tx.em.query(
      `UPDATE rectification SET status = $2, reviewed_by_id = $3, reviewed_at = $4, rejection_reason = $5 WHERE finding_id = $1 AND status = 'SUBMITTED' RETURNING id`,
      [f.id, accept ? 'ACCEPTED' : 'REJECTED', tx.actor!.id, now, reason],
    );
    const rows = (Array.isArray(res[0]) ? res[0] : res) as { id: string }[];
    for (const r of rows) {
      await recordAudit(tx, { action: accept ? 'rectification.accept' : 'rectification.reject', entityType: 'Rectification', entityId: r.id, before: { status: 'SUBMITTED' }, after: { status: accept ? 'ACCEPTED' : 'REJECTED', rejectionReason: reason } });
    }
    if (accept) await tx.services.closeInspectionIfSettled(tx, f.inspectionId);
    return tx.em.findOneByOrFail(Finding, { id: f.id });
  });
}

const reviewInput = z.object({ findingId: uuid, version: z.number().int().nullish() });
const rejectInput = reviewInput.extend({ reason: z.string().trim().min(1, 'a rejection needs a reason').max(4000) });

/** An inspector of the issuing team accepts the rectification: the finding is VERIFIED. */
export async function verifyRectification(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'finding:verify');
  const input = parse(reviewInput, raw);
  return review(ctx, input.findingId, input.version, true, null);
}

/** An inspector of the issuing team rejects it with a reason: the finding is OPEN again. */
export async function rejectRectification(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'finding:verify');
  const input = parse(rejectInput, raw);
  return review(ctx, input.findingId, input.version, false, input.reason);
}
