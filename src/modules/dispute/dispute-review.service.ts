import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { mayReassignDispute, mayResolveDispute, reviewerConflict } from '../../common/access';
import { AppError, badInput } from '../../common/errors';
import { checkMove, transition } from '../../common/state-machine';
import { inTransaction } from '../../common/transaction';
import { Account } from '../account/account.entity';
import { parse } from '../../common/validation';
import { recordHubEvent } from '../../common/outbox';
import { Finding, type FindingStatus } from '../finding/finding.entity';
import { closeIfSettled } from '../inspection/inspection-support';
import { Dispute } from './dispute.entity';
import { extendedDeadline, moveFindingForDispute, visibleDispute } from './dispute-finding';
import { DISPUTE_MACHINE } from './dispute.state';
import { assignInput, resolveInput } from './dispute.input';

/**
 * A reviewer or the command centre puts a dispute under review by an independent reviewer (a
 * reviewer may take it itself under the same rule). LODGED → UNDER_REVIEW; while UNDER_REVIEW
 * the command centre or the assigned reviewer may hand it to another reviewer.
 */
export async function assignDispute(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'dispute:assign');
  const input = parse(assignInput, raw);
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDispute(tx, input.id);
    if (d.status !== 'LODGED' && d.status !== 'UNDER_REVIEW') throw new AppError('INVALID_TRANSITION', `a dispute that is ${d.status} cannot be assigned`, { from: d.status });
    checkMove(tx, DISPUTE_MACHINE, d.status, 'UNDER_REVIEW', { siteId: d.siteId }); // checked again by transition, before the reviewer is looked up
    if (d.status === 'UNDER_REVIEW' && !mayReassignDispute(tx.actor!, d)) throw new AppError('FORBIDDEN', 'only the command centre or the assigned reviewer may hand a dispute under review to another reviewer');
    const reviewer = await tx.em.findOneBy(Account, { id: input.reviewerId });
    if (!reviewer || !reviewer.active || reviewer.role !== 'REVIEWER') throw badInput('input.reviewerId', `${reviewer ? reviewer.username : input.reviewerId} is not an active reviewer`);
    const why = d.findingId ? await reviewerConflict(tx, d.findingId, reviewer.id) : null;
    if (why) throw badInput('input.reviewerId', `${reviewer.username} ${why}; assign an independent reviewer`);
    const now = tx.now();
    await transition(tx, DISPUTE_MACHINE, d, { to: 'UNDER_REVIEW', changes: { reviewerId: reviewer.id, assignedAt: now }, action: 'dispute.assign' }, { scope: { siteId: d.siteId }, version: input.version });
    return tx.em.findOneByOrFail(Dispute, { id: d.id });
  });
}

/**
 * The assigned reviewer decides, with a written rationale:
 * - UPHELD: the finding goes back to the status it had before the dispute;
 * - OVERTURNED: the finding becomes WITHDRAWN (the inspection's stored outcome is untouched; its
 *   adjusted outcome is computed beside it), and the inspection closes if nothing is left open;
 * - AMENDED: new severity and/or deadline, then back to its earlier status.
 * A paused deadline (see deadlinePauses) moves on by the time the dispute was open, unless the
 * reviewer sets a new deadline.
 */
export async function resolveDispute(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'dispute:resolve');
  const input = parse(resolveInput, raw);
  const amended = input.outcome === 'AMENDED';
  if (amended && !input.newSeverity && !input.newDeadline) throw badInput('input.newSeverity', 'AMENDED needs a newSeverity, a newDeadline, or both');
  if (!amended && input.newSeverity) throw badInput('input.newSeverity', 'a new severity is only set with outcome AMENDED');
  if (!amended && input.newDeadline) throw badInput('input.newDeadline', 'a new deadline is only set with outcome AMENDED');
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDispute(tx, input.id);
    checkMove(tx, DISPUTE_MACHINE, d.status, 'RESOLVED', { siteId: d.siteId }); // before the reviewer and input checks; transition checks it again
    if (!mayResolveDispute(tx.actor!, d)) throw new AppError('FORBIDDEN', 'only the reviewer assigned to this dispute may resolve it');
    const f = await tx.em.findOneByOrFail(Finding, { id: d.findingId! });
    const now = tx.now();
    if (input.newDeadline && input.newDeadline.getTime() <= now.getTime()) throw badInput('input.newDeadline', 'the new deadline must be in the future');
    if (input.newSeverity === f.severity && !input.newDeadline) throw badInput('input.newSeverity', `the finding is already ${f.severity}`);
    const ext = input.outcome !== 'OVERTURNED' && !input.newDeadline && d.deadlinePaused ? extendedDeadline(f.deadline, d.lodgedAt, now) : null;
    const to: FindingStatus = input.outcome === 'OVERTURNED' ? 'WITHDRAWN' : (d.findingStatusBefore as FindingStatus);
    // The dispute's event records what it decided and what became of the finding (the finding's own event names the dispute).
    await transition(
      tx,
      DISPUTE_MACHINE,
      d,
      {
        to: 'RESOLVED',
        action: 'dispute.resolve',
        changes: {
          outcome: input.outcome,
          rationale: input.rationale,
          newSeverity: input.newSeverity ?? null,
          newDeadline: input.newDeadline ?? null,
          deadlineExtensionSeconds: ext?.seconds ?? null,
          resolvedAt: now,
          resolvedById: tx.actor!.id,
        },
      },
      {
        scope: { siteId: d.siteId },
        version: input.version,
        context: {
          before: { findingStatus: f.status, severity: f.severity, deadline: f.deadline },
          after: { findingStatus: to, severity: input.newSeverity ?? f.severity, deadline: input.newDeadline ?? ext?.deadline ?? f.deadline },
        },
      },
    );
    await moveFindingForDispute(tx, f, d.id, { to, severity: input.newSeverity ?? undefined, deadline: input.newDeadline ?? ext?.deadline });
    if (to === 'WITHDRAWN') await closeIfSettled(tx, f.inspectionId);
    await recordHubEvent(tx, {
      kind: 'DISPUTE_RESOLVED',
      siteId: d.siteId,
      entityType: 'Dispute',
      entityId: d.id,
      message: `异议已复核 / dispute resolved ${input.outcome}: ${f.title}`,
      data: { findingId: f.id, outcome: input.outcome, findingStatus: to },
    });
    return tx.em.findOneByOrFail(Dispute, { id: d.id });
  });
}
