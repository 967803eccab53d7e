import { deadlinePausedSql } from '../finding/deadline-pause';
import { dayRanges, openDueBeforeSql } from '../finding/finding-tally';
import { settledSql } from '../finding/finding-status';
import { CUTOFF, FROM, TO, atCutoff, district, inDistrict, inPeriod, statusAtCutoff, utc, utcOf } from './report-sql.shared';

/** A finding's severity and deadline move when a dispute amends them or a paused deadline is extended. */
const severityAt = (alias: string) => atCutoff(alias, 'Finding', 'severity', 'severity');
const deadlineAt = (alias: string) => atCutoff(alias, 'Finding', 'deadline', 'deadline', 'timestamptz');

/** The finding `f` was raised in the period. */
export const FINDING_RAISED_IN_PERIOD = inPeriod('f.raised_at');
/** The finding `f` was recorded by the cutoff (else a late arrival). */
export const FINDING_KNOWN = 'f.created_at <= $3::timestamptz';

/** Findings raised in the period, by severity and status at the cutoff. */
export const findingsSql = (byDistrict: boolean) => (byDistrict ? findingsOfDistrictSql(true) : findingsWholeAreaSql);

export const findingsOfDistrictSql = (byDistrict: boolean) => `
  WITH f AS (
    SELECT ${severityAt('f')} AS severity, ${FINDING_KNOWN} AS known, ${statusAtCutoff('f', 'Finding')} AS status
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ${FINDING_RAISED_IN_PERIOD} AND ${district('s')}${inDistrict(byDistrict, 'f')}
  )
  SELECT severity, status, count(*) FILTER (WHERE known)::int AS count, count(*) FILTER (WHERE NOT known)::int AS late
  FROM f GROUP BY severity, status ORDER BY severity, status`;

/**
 * Findings due in the period (deadline at the cutoff in [from, to)), recorded by the cutoff: how
 * many were withdrawn, how many verified by the cutoff, how many of those by their deadline.
 * Rows unchanged since the cutoff are found by their deadline; rows changed after it (whose
 * deadline may have moved) by their update time.
 */
export const rectificationSql = (byDistrict: boolean) => (byDistrict ? rectificationOfDistrictSql(true) : rectificationWholeAreaSql);

export const rectificationOfDistrictSql = (byDistrict: boolean) => `
  WITH f AS (
    SELECT f.deadline, f.verified_at, f.status
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE f.deadline >= $1::timestamptz AND f.deadline < $2::timestamptz AND f.updated_at <= $3::timestamptz AND f.created_at <= $3::timestamptz AND ${district('s')}${inDistrict(byDistrict, 'f', inPeriod('f.deadline'))}
    UNION ALL
    SELECT ${deadlineAt('f')}, f.verified_at, ${statusAtCutoff('f', 'Finding')}
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ${utc('f.updated_at')} > ${CUTOFF} AND f.created_at <= $3::timestamptz AND ${district('s')}${inDistrict(byDistrict, 'f')}
  )
  SELECT count(*) FILTER (WHERE status <> 'WITHDRAWN')::int AS due,
         count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn,
         count(*) FILTER (WHERE status = 'VERIFIED')::int AS rectified,
         count(*) FILTER (WHERE status = 'VERIFIED' AND verified_at <= deadline)::int AS "rectifiedOnTime"
  FROM f WHERE deadline >= $1::timestamptz AND deadline < $2::timestamptz`;

/*
 * The whole area's findings and rectification figures, from the day tallies (finding-tally.ts):
 * what the tally holds for the whole days of the period and the findings of its two partial
 * days, as they are now; minus the findings changed (or recorded) after the cutoff, as they are
 * now; plus those of them recorded by the cutoff, as they stood at it (reconstructed as in the
 * district form). What is read grows with the period's two end days and with what changed after
 * the cutoff, not with the findings on record. The district forms above (`…OfDistrictSql(false)`
 * is the same rule over every site) answer the same; tests hold the two together.
 */
const raisedDays = dayRanges('$1::timestamptz', '$2::timestamptz');
const raisedInPart = (col: string) =>
  `((${utc(col)} >= ${FROM} AND ${utc(col)} < ${utcOf(raisedDays.headEnd)}) OR (${utc(col)} >= ${utcOf(raisedDays.tailStart)} AND ${utc(col)} < ${TO}))`;

const findingsWholeAreaSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  now_counts AS (
    SELECT severity, status, sum(findings) AS n FROM finding_raised_tally
    WHERE day >= ${raisedDays.firstDay} AND day < ${raisedDays.endDay} GROUP BY severity, status
    UNION ALL
    SELECT f.severity, f.status, count(*) FROM finding f WHERE ${raisedInPart('f.raised_at')} GROUP BY f.severity, f.status
  ), changed AS (
    -- Only those recorded by the cutoff are reconstructed (an audit probe each); the late are counted where they are now.
    SELECT f.severity, f.status, f.created_at <= $3::timestamptz AS known,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${severityAt('f')} ELSE f.severity END AS severity_at,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${statusAtCutoff('f', 'Finding')} ELSE f.status END AS status_at
    FROM finding f WHERE ${utc('f.updated_at')} > ${CUTOFF} AND ${inPeriod('f.raised_at')}
  ), g AS ( -- (the changed counted per key, not row by row: thousands as of a past cutoff at province)
    SELECT severity, status, n AS count, 0 AS late FROM now_counts
    UNION ALL SELECT severity, status, -count(*), 0 FROM changed GROUP BY 1, 2
    UNION ALL SELECT severity_at, status_at, count(*) FILTER (WHERE known), count(*) FILTER (WHERE NOT known) FROM changed GROUP BY 1, 2
  )
  SELECT severity, status, sum(count)::int AS count, sum(late)::int AS late
  FROM g GROUP BY severity, status HAVING sum(count) <> 0 OR sum(late) <> 0 ORDER BY severity, status`;

const dueDays = dayRanges('$1::timestamptz', '$2::timestamptz');
const rectificationWholeAreaSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  now_counts AS (
    SELECT status, verified_on_time, sum(findings) AS n FROM finding_deadline_tally
    WHERE day >= ${dueDays.firstDay} AND day < ${dueDays.endDay} GROUP BY status, verified_on_time
    UNION ALL
    SELECT f.status, coalesce(f.verified_at <= f.deadline, false), count(*) FROM finding f
    WHERE (f.deadline >= $1::timestamptz AND f.deadline < ${dueDays.headEnd}) OR (f.deadline >= ${dueDays.tailStart} AND f.deadline < $2::timestamptz)
    GROUP BY 1, 2
  ), changed AS (
    SELECT f.deadline, f.verified_at, f.status, f.created_at,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${deadlineAt('f')} END AS deadline_at,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${statusAtCutoff('f', 'Finding')} END AS status_at
    FROM finding f WHERE ${utc('f.updated_at')} > ${CUTOFF}
  ), g AS (
    SELECT status, verified_on_time, n FROM now_counts
    UNION ALL SELECT status, coalesce(verified_at <= deadline, false), -1 FROM changed WHERE deadline >= $1::timestamptz AND deadline < $2::timestamptz
    UNION ALL SELECT status_at, coalesce(verified_at <= deadline_at, false), 1 FROM changed
      WHERE created_at <= $3::timestamptz AND deadline_at >= $1::timestamptz AND deadline_at < $2::timestamptz
  )
  SELECT coalesce(sum(n) FILTER (WHERE status <> 'WITHDRAWN'), 0)::int AS due,
         coalesce(sum(n) FILTER (WHERE status = 'WITHDRAWN'), 0)::int AS withdrawn,
         coalesce(sum(n) FILTER (WHERE status = 'VERIFIED'), 0)::int AS rectified,
         coalesce(sum(n) FILTER (WHERE status = 'VERIFIED' AND verified_on_time), 0)::int AS "rectifiedOnTime"
  FROM g`;

/**
 * Findings overdue at the cutoff, whenever raised: deadline (at the cutoff) before the cutoff,
 * recorded by it, neither VERIFIED nor WITHDRAWN at the cutoff, and not paused at the cutoff by
 * an open dispute (the dispute module's rule, evaluated as of the cutoff: a dispute lodged after
 * it does not pause, one closed by it no longer does). Two index-friendly branches: findings
 * unchanged since the cutoff and unsettled (by deadline), and findings changed after the cutoff
 * (by update time), whose values at the cutoff are reconstructed; the pause test runs only on
 * the candidates, through the dispute's finding index.
 */
export const overdueSql = (byDistrict: boolean) => (byDistrict ? overdueOfDistrictSql : overdueWholeAreaSql);

/**
 * The candidates of the district form (CTE `f (id, site_id, severity, status, deadline)`, values
 * at the cutoff): findings recorded by the cutoff, unchanged since and open with a deadline before
 * it, and those changed after it, reconstructed. `byDistrict` as in inDistrict (false: the
 * district filter alone, which with $4 NULL is every site).
 */
export const overdueCandidatesSql = (byDistrict: boolean) => `f AS (
    SELECT f.id, f.site_id, f.severity, f.status, f.deadline
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ${settledSql('f.status', true)} AND ${utc('f.deadline')} < ${CUTOFF} AND f.updated_at <= $3::timestamptz AND f.created_at <= $3::timestamptz AND ${district('s')}${inDistrict(byDistrict, 'f')}
    UNION ALL
    SELECT f.id, f.site_id, ${severityAt('f')}, ${statusAtCutoff('f', 'Finding')}, ${deadlineAt('f')}
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ${utc('f.updated_at')} > ${CUTOFF} AND f.created_at <= $3::timestamptz AND ${district('s')}${inDistrict(byDistrict, 'f')}
  )`;
/** A candidate of overdueCandidatesSql is overdue at the cutoff: open then, due before it, not paused then. */
export const OVERDUE_AT_CUTOFF = `${settledSql('status', true)} AND deadline < $3::timestamptz AND NOT ${deadlinePausedSql('f', '$3::timestamptz')}`;
/** An overdue finding is escalated when its severity at the cutoff is CRITICAL. */
export const ESCALATED_AT_CUTOFF = `severity = 'CRITICAL'`;

const overdueOfDistrictSql = `
  WITH period AS (SELECT $1::timestamptz AS period_from, $2::timestamptz AS period_to), -- not needed: only types the parameters
  ${overdueCandidatesSql(true)}
  SELECT count(*)::int AS count, count(*) FILTER (WHERE ${ESCALATED_AT_CUTOFF})::int AS escalated
  FROM f WHERE ${OVERDUE_AT_CUTOFF}`;

/**
 * The same figure for the whole area, without visiting every overdue finding. The deadline tally
 * (finding-tally.ts) gives the open findings due before the cutoff and not paused, as they are
 * now; from that:
 *   − findings changed (or recorded) after the cutoff that the tally counts now: their count at
 *     the cutoff is not what they are now,
 *   + those same findings as they stood at the cutoff (reconstructed, as in the district form).
 * A finding unchanged since the cutoff was paused at the cutoff exactly when its deadline_paused
 * says so now (every dispute move updates the finding), so the tally's key answers for it.
 * What is left to read grows with what happened after the cutoff, not with the findings or the
 * disputes on record; for a report up to now, almost nothing.
 */
const overdueWholeAreaSql = `
  WITH period AS (SELECT $1::timestamptz AS period_from, $2::timestamptz AS period_to), -- not needed: only types the parameters
  open_due AS (${openDueBeforeSql('$3::timestamptz')}),
  changed AS (
    SELECT f.id, f.severity, f.status, f.deadline, f.deadline_paused, f.created_at,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${severityAt('f')} END AS severity_at,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${statusAtCutoff('f', 'Finding')} END AS status_at,
           CASE WHEN f.created_at <= $3::timestamptz THEN ${deadlineAt('f')} END AS deadline_at
    FROM finding f WHERE ${utc('f.updated_at')} > ${CUTOFF}
  ), changed_now AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE severity = 'CRITICAL') AS critical FROM changed
    WHERE ${settledSql('status', true)} AND deadline < $3::timestamptz AND NOT deadline_paused
  ), changed_at AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE f.severity_at = 'CRITICAL') AS critical FROM changed f
    WHERE f.created_at <= $3::timestamptz AND ${settledSql('f.status_at', true)} AND f.deadline_at < $3::timestamptz AND NOT ${deadlinePausedSql('f', '$3::timestamptz')}
  )
  SELECT (o.n - cn.n + ca.n)::int AS count, (o.critical - cn.critical + ca.critical)::int AS escalated
  FROM open_due o, changed_now cn, changed_at ca`;
