import type { Ctx } from '../../context';
import { requireActor } from '../../common/authorize';
import { canSeeSite } from '../../common/access';
import { notFound } from '../../common/errors';
import { transition } from '../../common/state-machine';
import type { StandardProfile } from '../checklist/standard-profile.entity';
import { isUuid } from '../../common/validation';
import { Finding, type FindingStatus } from '../finding/finding.entity';
import { FINDING_MACHINE } from '../finding/finding.state';
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
}

/**
 * Moves a finding as a consequence of a dispute (lodged, resolved, withdrawn by the site) through
 * FINDING_MACHINE: the actor must hold the move's permission there (the site's manager may take
 * a DISPUTED finding back where it was by withdrawing its dispute). A conditional UPDATE on its
 * version (a concurrent change is CONFLICT); the audit event names the dispute.
 */
export async function moveFindingForDispute(tx: Ctx, f: Finding, disputeId: string, move: FindingMove): Promise<void> {
  const changes: Partial<Finding> = {};
  if (move.severity && move.severity !== f.severity) changes.severity = move.severity as Finding['severity'];
  if (move.deadline && move.deadline.getTime() !== f.deadline.getTime()) changes.deadline = move.deadline;
  await transition(tx, FINDING_MACHINE, f, { to: move.to, changes }, { scope: { siteId: f.siteId }, context: { after: { disputeId } } });
}
