import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { canSeeSite } from '../../common/access';
import { AppError, badInput, notFound } from '../../common/errors';
import { create, transition, transitionWhere } from '../../common/state-machine';
import { inTransaction } from '../../common/transaction';
import { assertAttachmentsUsable, linkAttachments } from '../attachment/attachment.service';
import { evidenceIds, idempotencyKey, parse, uuid } from '../../common/validation';
import { idempotent } from '../idempotency/idempotency.service';
import { Site } from '../site/site.entity';
import { Finding, Rectification, type FindingStatus, type RectificationStatus } from './finding.entity';
import { FINDING_MACHINE, RECTIFICATION_MACHINE } from './finding.state';
import { profileFor } from './finding-raise';

/** A finding the actor may see; another site's is NOT_FOUND (no lock: moves use a conditional UPDATE). */
async function visibleFinding(tx: Ctx, id: string): Promise<Finding> {
  const f = await tx.em.findOneBy(Finding, { id });
  if (!f || !canSeeSite(requireActor(tx), f.siteId)) throw notFound('finding', id);
  return f;
}

/**
 * Moves a finding through `transition` (`UPDATE … WHERE id AND version AND status`): of two
 * concurrent moves from the same state, exactly one wins and the other gets CONFLICT.
 */
async function moveFinding(tx: Ctx, f: Finding, to: FindingStatus, expectedVersion: number | null | undefined, changes: Partial<Finding> = {}) {
  // A client that says which version it saw gets CONFLICT for a stale view, even when the
  // other change committed before this request read the row.
  if (expectedVersion != null && expectedVersion !== f.version) {
    throw new AppError('CONFLICT', `this finding was changed by someone else since version ${expectedVersion}; reload and try again`, { field: 'input.version', expectedVersion });
  }
  await transition(tx, FINDING_MACHINE, f, { to, changes }, { scope: { siteId: f.siteId, teamId: f.teamId }, version: expectedVersion ?? f.version });
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
      const evidence = [...new Set(input.evidenceIds)];
      const r = await create<RectificationStatus, Rectification>(
        tx,
        RECTIFICATION_MACHINE,
        'SUBMITTED',
        { findingId: f.id, submittedById: tx.actor!.id, description: input.description, evidenceIds: evidence, submittedAt: tx.now(), reviewedById: null, reviewedAt: null, rejectionReason: null },
        { scope: { siteId: f.siteId }, action: 'rectification.submit', auditFields: { findingId: f.id, description: input.description, evidenceIds: evidence } },
      );
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
    await moveFinding(tx, f, accept ? 'VERIFIED' : 'OPEN', version, accept ? { verifiedAt: now, verifiedById: tx.actor!.id } : {});
    // The finding's submitted rectification (one, unless the data says otherwise) is reviewed with it.
    await transitionWhere(
      tx,
      RECTIFICATION_MACHINE,
      { findingId: f.id },
      'SUBMITTED',
      { to: accept ? 'ACCEPTED' : 'REJECTED', changes: { reviewedById: tx.actor!.id, reviewedAt: now, rejectionReason: reason }, action: accept ? 'rectification.accept' : 'rectification.reject' },
      { scope: { siteId: f.siteId, teamId: f.teamId } },
    );
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
