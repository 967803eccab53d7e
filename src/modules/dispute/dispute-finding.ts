import type { Ctx } from '../../context';
import { canSeeSite, requireActor } from '../../common/authorize';
import { AppError, notFound } from '../../common/errors';
import { canMove, checkTransition } from '../../common/state-machine';
import { updateVersioned } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import type { StandardProfile } from '../checklist/standard-profile.entity';
import { isUuid } from '../../common/validation';
import { Finding, type FindingStatus } from '../finding/finding.entity';
import { FINDING_TRANSITIONS } from '../finding/finding.state';
import { Dispute } from './dispute.entity';

/** A dispute the actor may see; another site's (for a facility manager) is NOT_FOUND. */
export async function visibleDispute(tx: Ctx, id: string): Promise<Dispute> {
  const d = isUuid(id) ? await tx.em.findOneBy(Dispute, { id }) : null;
  if (!d || !canSeeSite(requireActor(tx), d.siteId)) throw notFound('dispute', id);
  return d;
}

/** A finding the actor may see; another site's is NOT_FOUND. */
export async function visibleFinding(tx: Ctx, id: string): Promise<Finding> {
  const f = isUuid(id) ? await tx.em.findOneBy(Finding, { id }) : null;
  if (!f || !canSeeSite(requireActor(tx), f.siteId)) throw notFound('finding', id);
  return f;
}

/**
 * Deadline pause rule (a profile setting per severity): while a dispute is open, a MAJOR or
 * MINOR finding's deadline stands still when the profile's pauseDeadlineDuringDisputeMajor /
 * ...Minor says so. A CRITICAL finding's deadline never pauses: the site must take interim
 * measures whatever it contests. Decided once, at lodging, and stored on the dispute.
 */
export function deadlinePauses(p: StandardProfile, severity: string): boolean {
  if (severity === 'MAJOR') return p.pauseDeadlineDuringDisputeMajor;
  if (severity === 'MINOR') return p.pauseDeadlineDuringDisputeMinor;
  return false;
}

/** The deadline after a paused dispute closes: moved on by the time the dispute was open. */
export function extendedDeadline(deadline: Date, lodgedAt: Date, closedAt: Date): { deadline: Date; seconds: number } {
  const seconds = Math.max(0, Math.round((closedAt.getTime() - lodgedAt.getTime()) / 1000));
  return { deadline: new Date(deadline.getTime() + seconds * 1000), seconds };
}

export interface FindingMove {
  to: FindingStatus;
  severity?: string;
  deadline?: Date;
  /** 'actor': the actor's role must hold the move's permission in FINDING_TRANSITIONS (lodge,
   * resolve). 'dispute': the move follows a dispute move already authorized (a withdrawal by the
   * site), so only the table's shape is checked. */
  authority: 'actor' | 'dispute';
}

/**
 * Moves a finding as a consequence of a dispute, through FINDING_TRANSITIONS, with a conditional
 * UPDATE on its version (a concurrent change is CONFLICT) and an audit event with before/after.
 */
export async function moveFindingForDispute(tx: Ctx, f: Finding, disputeId: string, move: FindingMove): Promise<void> {
  if (move.authority === 'actor') checkTransition(tx, FINDING_TRANSITIONS, 'finding', f.status, move.to, { siteId: f.siteId });
  else if (!canMove(FINDING_TRANSITIONS, f.status, move.to)) throw new AppError('INVALID_TRANSITION', `a finding that is ${f.status} cannot become ${move.to}`, { from: f.status, to: move.to });
  const changes: Record<string, unknown> = { status: move.to };
  const before: Record<string, unknown> = { status: f.status };
  const after: Record<string, unknown> = { status: move.to, disputeId };
  if (move.severity && move.severity !== f.severity) {
    changes.severity = move.severity;
    before.severity = f.severity;
    after.severity = move.severity;
  }
  if (move.deadline && move.deadline.getTime() !== f.deadline.getTime()) {
    changes.deadline = move.deadline;
    before.deadline = f.deadline;
    after.deadline = move.deadline;
  }
  await updateVersioned(tx, 'finding', f.id, f.version, changes);
  await recordAudit(tx, { action: `finding.${move.to.toLowerCase().replace(/_/g, '-')}`, entityType: 'Finding', entityId: f.id, before, after });
}
