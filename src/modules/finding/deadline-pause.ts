/*
 * For the finding module's `overdue`: a finding whose open dispute pauses its deadline is not
 * overdue while the dispute is open (see deadlinePauses in dispute-finding.ts for the rule).
 */

/**
 * SQL: the finding `alias` has an open dispute that pauses its deadline.
 *
 * Without `at`: open now (LODGED or UNDER_REVIEW), which the finding's own `deadline_paused`
 * mirrors (kept by a trigger on dispute, migration FindingDeadlinePaused). With `at`, an SQL
 * expression of a timestamptz (e.g. `$3::timestamptz`), open at that instant: lodged and
 * recorded by then, and not yet resolved or withdrawn then (still open, or closed after it).
 * Whether a dispute pauses is decided at lodging and stored (`deadline_paused`; never for a
 * CRITICAL finding), so the same flag answers both. Once a paused dispute closes, the finding's
 * deadline itself has been moved on by the time it was open (audited), so "paused" no longer
 * applies. Every dispute move updates its finding in the same transaction, so for a finding not
 * updated since `at` the two forms agree.
 */
export const deadlinePausedSql = (alias = 'f', at?: string) =>
  at === undefined
    ? `${alias}.deadline_paused`
    : `EXISTS (SELECT 1 FROM dispute pd WHERE pd.finding_id = ${alias}.id AND pd.deadline_paused
         AND pd.lodged_at <= ${at} AND pd.created_at <= ${at}
         AND (pd.status IN ('LODGED','UNDER_REVIEW') OR coalesce(pd.resolved_at, pd.withdrawn_at) > ${at}))`;

/** Whether the finding's deadline is paused now (the column the dispute trigger keeps). */
export const isDeadlinePaused = (finding: { deadlinePaused: boolean }): boolean => finding.deadlinePaused;
