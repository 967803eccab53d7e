import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { AppError, badInput } from '../../common/errors';
import { checkTransition } from '../../common/state-machine';
import { inTransaction, updateVersioned } from '../../common/transaction';
import { Account } from '../account/account.entity';
import { recordAudit } from '../audit/audit.service';
import { parse } from '../../common/validation';
import { recordHubEvent } from '../../common/outbox';
import { Finding, type FindingStatus } from '../finding/finding.entity';
import { closeIfSettled } from '../inspection/inspection-support';
import { Dispute } from './dispute.entity';
import { extendedDeadline, moveFindingForDispute, visibleDispute } from './dispute-finding';
import { DISPUTE_TRANSITIONS } from './dispute.state';
import { assignInput, resolveInput } from './dispute.input';

/**
 * Why the account may not review this finding, or null when it is independent: a member of the
 * team that raised it, of the team of its inspection, or one of the inspection's recorded
 * participants (inspection_member, written when the inspection started). One statement.
 */
async function conflictOfInterest(tx: Ctx, findingId: string, accountId: string): Promise<string | null> {
  const [row] = await tx.em.query(
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
    if (d.status === 'LODGED') checkTransition(tx, DISPUTE_TRANSITIONS, 'dispute', d.status, 'UNDER_REVIEW', { siteId: d.siteId });
    else if (d.status !== 'UNDER_REVIEW') throw new AppError('INVALID_TRANSITION', `a dispute that is ${d.status} cannot be assigned`, { from: d.status });
    else if (tx.actor!.role === 'REVIEWER' && d.reviewerId !== tx.actor!.id) throw new AppError('FORBIDDEN', 'only the command centre or the assigned reviewer may hand a dispute under review to another reviewer');
    const reviewer = await tx.em.findOneBy(Account, { id: input.reviewerId });
    if (!reviewer || !reviewer.active || reviewer.role !== 'REVIEWER') throw badInput('input.reviewerId', `${reviewer ? reviewer.username : input.reviewerId} is not an active reviewer`);
    const why = d.findingId ? await conflictOfInterest(tx, d.findingId, reviewer.id) : null;
    if (why) throw badInput('input.reviewerId', `${reviewer.username} ${why}; assign an independent reviewer`);
    const now = tx.now();
    await updateVersioned(tx, 'dispute', d.id, input.version, { status: 'UNDER_REVIEW', reviewer_id: reviewer.id, assigned_at: now });
    await recordAudit(tx, { action: 'dispute.assign', entityType: 'Dispute', entityId: d.id, before: { status: d.status, reviewerId: d.reviewerId }, after: { status: 'UNDER_REVIEW', reviewerId: reviewer.id } });
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
    checkTransition(tx, DISPUTE_TRANSITIONS, 'dispute', d.status, 'RESOLVED', { siteId: d.siteId });
    if (d.reviewerId !== tx.actor!.id) throw new AppError('FORBIDDEN', 'only the reviewer assigned to this dispute may resolve it');
    const f = await tx.em.findOneByOrFail(Finding, { id: d.findingId! });
    const now = tx.now();
    if (input.newDeadline && input.newDeadline.getTime() <= now.getTime()) throw badInput('input.newDeadline', 'the new deadline must be in the future');
    if (input.newSeverity === f.severity && !input.newDeadline) throw badInput('input.newSeverity', `the finding is already ${f.severity}`);
    const ext = input.outcome !== 'OVERTURNED' && !input.newDeadline && d.deadlinePaused ? extendedDeadline(f.deadline, d.lodgedAt, now) : null;
    await updateVersioned(tx, 'dispute', d.id, input.version, {
      status: 'RESOLVED',
      outcome: input.outcome,
      rationale: input.rationale,
      new_severity: input.newSeverity ?? null,
      new_deadline: input.newDeadline ?? null,
      deadline_extension_seconds: ext?.seconds ?? null,
      resolved_at: now,
      resolved_by_id: tx.actor!.id,
    });
    const to: FindingStatus = input.outcome === 'OVERTURNED' ? 'WITHDRAWN' : (d.findingStatusBefore as FindingStatus);
    await moveFindingForDispute(tx, f, d.id, { to, severity: input.newSeverity ?? undefined, deadline: input.newDeadline ?? ext?.deadline, authority: 'actor' });
    await recordAudit(tx, {
      action: 'dispute.resolve',
      entityType: 'Dispute',
      entityId: d.id,
      before: { status: d.status, findingStatus: f.status, severity: f.severity, deadline: f.deadline },
      after: { status: 'RESOLVED', outcome: input.outcome, rationale: input.rationale, findingStatus: to, severity: input.newSeverity ?? f.severity, deadline: input.newDeadline ?? ext?.deadline ?? f.deadline, deadlineExtensionSeconds: ext?.seconds ?? null },
    });
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
