import type { Ctx } from '../../context';
import { disputesByFindingId } from './dispute.loaders';

/*
 * For the finding module's `overdue`: a finding whose open dispute pauses its deadline is not
 * overdue while the dispute is open (see deadlinePauses in dispute-finding.ts for the rule).
 */

/**
 * SQL: the finding `alias` has an open dispute that pauses its deadline.
 *
 * Without `at`: open now (LODGED or UNDER_REVIEW). With `at`, an SQL expression of a
 * timestamptz (e.g. `$3::timestamptz`), open at that instant: lodged and recorded by then, and
 * not yet resolved or withdrawn then (still open, or closed after it). Whether a dispute pauses
 * is decided at lodging and stored (`deadline_paused`; never for a CRITICAL finding), so the
 * same flag answers both. Once a paused dispute closes, the finding's deadline itself has been
 * moved on by the time it was open (audited), so "paused" no longer applies.
 */
export const deadlinePausedSql = (alias = 'f', at?: string) =>
  at === undefined
    ? `EXISTS (SELECT 1 FROM dispute pd WHERE pd.finding_id = ${alias}.id AND pd.status IN ('LODGED','UNDER_REVIEW') AND pd.deadline_paused)`
    : `EXISTS (SELECT 1 FROM dispute pd WHERE pd.finding_id = ${alias}.id AND pd.deadline_paused
         AND pd.lodged_at <= ${at} AND pd.created_at <= ${at}
         AND (pd.status IN ('LODGED','UNDER_REVIEW') OR coalesce(pd.resolved_at, pd.withdrawn_at) > ${at}))`;

/**
 * SQL: the ids of the findings whose deadline a dispute pauses at the instant `at` (the rule of
 * deadlinePausedSql with `at`), as a set to drive from: the open disputes, and those closed
 * after `at`, each through its own index. For counting the paused among many findings, where a
 * probe per finding would cost more than the few disputes that pause.
 */
export const findingsPausedAtSql = (at: string) => {
  const paused = `pd.deadline_paused AND pd.lodged_at <= ${at} AND pd.created_at <= ${at}`;
  return `SELECT pd.finding_id FROM dispute pd WHERE pd.status IN ('LODGED','UNDER_REVIEW') AND ${paused}
    UNION SELECT pd.finding_id FROM dispute pd WHERE (pd.resolved_at AT TIME ZONE 'UTC') > (${at} AT TIME ZONE 'UTC') AND ${paused}
    UNION SELECT pd.finding_id FROM dispute pd WHERE (pd.withdrawn_at AT TIME ZONE 'UTC') > (${at} AT TIME ZONE 'UTC') AND pd.resolved_at IS NULL AND ${paused}`;
};

/** Per row, through the per-request loader (one statement for a whole list of findings). */
export async function isDeadlinePaused(ctx: Ctx, finding: { id: string; status: string }): Promise<boolean> {
  if (finding.status !== 'DISPUTED') return false;
  const disputes = await disputesByFindingId(ctx).load(finding.id);
  return disputes.some((d) => (d.status === 'LODGED' || d.status === 'UNDER_REVIEW') && d.deadlinePaused);
}
