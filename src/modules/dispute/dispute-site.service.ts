import { In } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { AppError, badInput, conflict } from '../../common/errors';
import { checkTransition } from '../../common/state-machine';
import { inTransaction, updateVersioned } from '../../common/transaction';
import { Account } from '../account/account.entity';
import { TeamMember } from '../account/inspection-team.entity';
import { recordAudit } from '../audit/audit.service';
import { assertAttachmentsUsable, linkAttachments } from '../attachment/attachment.service';
import { isUuid, parse } from '../../common/validation';
import { profileFor } from '../finding/finding-raise';
import { Finding, type FindingStatus } from '../finding/finding.entity';
import { recordHubEvent } from '../../common/outbox';
import { idempotent } from '../idempotency/idempotency.service';
import { Site } from '../site/site.entity';
import { Dispute, OPEN_DISPUTE_STATUSES } from './dispute.entity';
import { deadlinePauses, extendedDeadline, moveFindingForDispute, visibleDispute, visibleFinding } from './dispute-finding';
import { DISPUTE_TRANSITIONS } from './dispute.state';
import { commentInput, lodgeInput, siteConflictInput, withdrawInput } from './dispute.input';

const DAY_MS = 86_400_000;

/**
 * The site's facility manager contests a finding of its own site, in writing, within the
 * profile's lodging window (counted from when the finding was raised). The finding becomes
 * DISPUTED and the dispute remembers the status it had, to return to if the finding stands.
 */
export async function lodgeDispute(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'dispute:lodge');
  const { idempotencyKey: key, ...input } = parse(lodgeInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'lodgeDispute', key, input, async () => {
      const f = await visibleFinding(tx, input.findingId);
      authorize(tx, 'dispute:lodge', { siteId: f.siteId });
      const site = await tx.em.findOneByOrFail(Site, { id: f.siteId });
      const profile = await profileFor(tx, site.kind);
      const now = tx.now();
      const windowEnds = new Date(f.raisedAt.getTime() + profile.disputeLodgingWindowDays * DAY_MS);
      if (now.getTime() > windowEnds.getTime()) {
        throw new AppError('DEADLINE_PASSED', `a dispute must be lodged within ${profile.disputeLodgingWindowDays} days of the finding (by ${windowEnds.toISOString()})`, { deadline: windowEnds.toISOString() });
      }
      const open = await tx.em.findOneBy(Dispute, { findingId: f.id, status: In(OPEN_DISPUTE_STATUSES) });
      if (open) throw conflict(`this finding already has an open dispute (${open.id})`, { field: 'input.findingId', disputeId: open.id });
      await assertAttachmentsUsable(tx, input.evidenceIds, 'input.evidenceIds');
      const d = await tx.em.save(
        tx.em.create(Dispute, {
          kind: 'FINDING',
          findingId: f.id,
          siteId: f.siteId,
          status: 'LODGED',
          category: null,
          reason: input.reason,
          parties: [],
          evidenceIds: [...new Set(input.evidenceIds)],
          lodgedById: tx.actor!.id,
          lodgedAt: now,
          resolutionDueAt: new Date(now.getTime() + profile.disputeResolutionDays * DAY_MS),
          findingStatusBefore: f.status,
          deadlinePaused: deadlinePauses(profile, f.severity),
        }),
      );
      await moveFindingForDispute(tx, f, d.id, { to: 'DISPUTED', authority: 'actor' });
      await recordAudit(tx, {
        action: 'dispute.lodge',
        entityType: 'Dispute',
        entityId: d.id,
        after: { findingId: f.id, status: d.status, reason: d.reason, evidenceIds: d.evidenceIds, resolutionDueAt: d.resolutionDueAt, findingStatusBefore: d.findingStatusBefore, deadlinePaused: d.deadlinePaused },
      });
      await linkAttachments(tx, d.evidenceIds, { entityType: 'Dispute', entityId: d.id, siteId: d.siteId });
      await recordHubEvent(tx, {
        kind: 'DISPUTE_LODGED',
        siteId: d.siteId,
        entityType: 'Dispute',
        entityId: d.id,
        message: `场所对问题提出异议 / dispute lodged against a ${f.severity} finding: ${f.title}`,
        data: { findingId: f.id, severity: f.severity, resolutionDueAt: d.resolutionDueAt?.toISOString() ?? null, deadlinePaused: d.deadlinePaused },
      });
      return d.id;
    });
    return tx.em.findOneByOrFail(Dispute, { id: resultId });
  });
}

/**
 * The site's facility manager takes its dispute back while it is open. The finding goes on where
 * it was; a paused deadline moves on by the time the dispute was open (the clock stood still).
 */
export async function withdrawDispute(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'dispute:lodge');
  const input = parse(withdrawInput, raw);
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDispute(tx, input.id);
    checkTransition(tx, DISPUTE_TRANSITIONS, 'dispute', d.status, 'WITHDRAWN', { siteId: d.siteId });
    const now = tx.now();
    let extension: number | null = null;
    if (d.findingId) {
      const f = await tx.em.findOneByOrFail(Finding, { id: d.findingId });
      const ext = d.deadlinePaused ? extendedDeadline(f.deadline, d.lodgedAt, now) : null;
      extension = ext?.seconds ?? null;
      await moveFindingForDispute(tx, f, d.id, { to: d.findingStatusBefore as FindingStatus, deadline: ext?.deadline, authority: 'dispute' });
    }
    await updateVersioned(tx, 'dispute', d.id, input.version, { status: 'WITHDRAWN', withdrawn_at: now, deadline_extension_seconds: extension });
    await recordAudit(tx, { action: 'dispute.withdraw', entityType: 'Dispute', entityId: d.id, before: { status: d.status }, after: { status: 'WITHDRAWN', deadlineExtensionSeconds: extension } });
    return tx.em.findOneByOrFail(Dispute, { id: d.id });
  });
}

/**
 * A comment in the dispute's timeline, by a party while it is open: the site's facility manager,
 * an inspector of the team that raised the finding, the assigned reviewer, or the command centre.
 */
export async function commentOnDispute(ctx: Ctx, raw: unknown) {
  const actor = authorize(ctx, 'dispute:read');
  const input = parse(commentInput, raw);
  return inTransaction(ctx, async (tx) => {
    const d = await visibleDispute(tx, input.id);
    authorize(tx, 'dispute:read', { siteId: d.siteId });
    let party = actor.role === 'FACILITY_MANAGER' || actor.role === 'COMMAND' || (actor.role === 'REVIEWER' && d.reviewerId === actor.id);
    if (actor.role === 'INSPECTOR' && d.findingId) {
      const f = await tx.em.findOneByOrFail(Finding, { id: d.findingId });
      party = !!(await tx.em.findOneBy(TeamMember, { teamId: f.teamId, accountId: actor.id }));
    }
    if (!party) throw new AppError('FORBIDDEN', 'only the parties to a dispute and its assigned reviewer may comment on it');
    if (!OPEN_DISPUTE_STATUSES.includes(d.status)) throw new AppError('INVALID_TRANSITION', `comments are closed: the dispute is ${d.status}`, { from: d.status });
    await recordAudit(tx, { action: 'dispute.comment', entityType: 'Dispute', entityId: d.id, after: { comment: input.text } });
    return d;
  });
}

/**
 * A conflict at a site that is not about a finding (a guest refusing registration, a quarrel at
 * a checkpoint), recorded once mediated: it is stored RESOLVED with its outcome.
 */
export async function recordSiteConflict(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'dispute:record');
  const { idempotencyKey: key, ...input } = parse(siteConflictInput, raw);
  const now = ctx.now();
  const resolvedAt = input.resolvedAt ?? now;
  if (resolvedAt.getTime() > now.getTime() + 5 * 60_000) throw badInput('input.resolvedAt', 'resolvedAt is in the future');
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'recordSiteConflict', key, input, async () => {
      const site = await tx.em.findOneBy(Site, { id: input.siteId });
      if (!site) throw badInput('input.siteId', `no site ${input.siteId}`);
      authorize(tx, 'dispute:record', { siteId: site.id });
      let mediatedById: string | null = null;
      if (isUuid(input.mediatedBy)) {
        const acc = await tx.em.findOneBy(Account, { id: input.mediatedBy });
        if (!acc) throw badInput('input.mediatedBy', `no account ${input.mediatedBy}`);
        mediatedById = acc.id;
      }
      const d = await tx.em.save(
        tx.em.create(Dispute, {
          kind: 'SITE_CONFLICT',
          findingId: null,
          siteId: site.id,
          status: 'RESOLVED',
          category: input.category,
          reason: input.description,
          parties: input.parties,
          mediatedById,
          mediatedByName: mediatedById ? null : input.mediatedBy,
          evidenceIds: [],
          lodgedById: tx.actor!.id,
          lodgedAt: resolvedAt,
          rationale: input.outcome,
          resolvedAt,
          resolvedById: tx.actor!.id,
        }),
      );
      await recordAudit(tx, {
        action: 'dispute.record',
        entityType: 'Dispute',
        entityId: d.id,
        after: { kind: d.kind, siteId: d.siteId, category: d.category, description: d.reason, parties: d.parties, mediatedById, mediatedByName: d.mediatedByName, outcome: d.rationale, resolvedAt, status: d.status },
      });
      return d.id;
    });
    return tx.em.findOneByOrFail(Dispute, { id: resultId });
  });
}
