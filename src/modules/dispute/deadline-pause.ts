import type { Ctx } from '../../context';
import { disputesByFindingId } from './dispute.loaders';

/*
 * For the finding module's `overdue`: a finding whose open dispute pauses its deadline is not
 * overdue while the dispute is open (see deadlinePauses in dispute-finding.ts for the rule).
 */

/** SQL: the finding `alias` has an open dispute that pauses its deadline. */
export const deadlinePausedSql = (alias = 'f') =>
  `EXISTS (SELECT 1 FROM dispute pd WHERE pd.finding_id = ${alias}.id AND pd.status IN ('LODGED','UNDER_REVIEW') AND pd.deadline_paused)`;

/** Per row, through the per-request loader (one statement for a whole list of findings). */
export async function isDeadlinePaused(ctx: Ctx, finding: { id: string; status: string }): Promise<boolean> {
  if (finding.status !== 'DISPUTED') return false;
  const disputes = await disputesByFindingId(ctx).load(finding.id);
  return disputes.some((d) => (d.status === 'LODGED' || d.status === 'UNDER_REVIEW') && d.deadlinePaused);
}
