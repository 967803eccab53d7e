import { deadlinePausedSql } from '../finding/deadline-pause';
import { dayRanges, openDueBeforeSql } from '../finding/finding-tally';
import { settledSql } from '../finding/finding-status';
import { CUTOFF, FROM, TO, atCutoff, district, inDistrict, inPeriod, statusAtCutoff, utc, utcOf } from './report-sql.shared';

/** A finding's severity and deadline move when a dispute amends them or a paused deadline is extended. */
const severityAt = (alias: string) => atCutoff(alias, 'Finding', 'severity', 'severity');
const deadlineAt = (alias: string) => atCutoff(alias, 'Finding', 'deadline', 'deadline', 'timestamptz');

/**
 * The same rule as severityAt, statusAtCutoff and deadlineAt for a finding recorded by the cutoff
 * (`alias`), from ONE read of its audit events after the cutoff rather than a probe per field:
 * joined as `b`, its `severity`, `status` and `deadline` are each the before of the first change
 * of that field after the cutoff, or NULL (none: the value now). Not read for a finding unchanged
 * since the cutoff (updated_at ≤ cutoff) or recorded after it. The whole-area statements use it,
 * the district forms the probes: tests hold the two to the same figures.
 */
const ASOF_JOIN = (alias: string) => `LEFT JOIN LATERAL (
    SELECT ${firstBefore('severity')} AS severity, ${firstBefore('status')} AS status, (${firstBefore('deadline')})::timestamptz AS deadline
    FROM audit_event a
    WHERE ${alias}.updated_at > $3::timestamptz AND ${alias}.created_at <= $3::timestamptz
      AND a.entity_type = 'Finding' AND a.entity_id = ${alias}.id::text AND a.occurred_at > $3::timestamptz) b ON true`;
/**
 * The `before` of the first of the events read (by id) that changed `key`: the smallest of
 * [id, before] pairs, the id zero-padded to compare as text, so no event is sorted (an
 * array_agg(… ORDER BY a.id) per field sorted each finding's events three times: ~15 % of the
 * finding figures as of a past cutoff at province).
 */
function firstBefore(key: string) {
  return `(min(ARRAY[lpad(a.id::text, 20, '0'), a.changes->'${key}'->>'before']) FILTER (WHERE a.changes ? '${key}'))[2]`;
}
/** A column of the finding `alias` at the cutoff, through ASOF_JOIN's `b`. */
const asOf = (alias: string, column: 'severity' | 'status' | 'deadline') => `coalesce(b.${column}, ${alias}.${column})`;

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
 * The whole area's findings and rectification figures, from the day tallies (finding-tally.ts),
 * which also keep the UTC day each finding was recorded on (migration FindingTalliesByRecordedDay).
 * With D the cutoff's UTC day, a finding of the tally's whole days of the period is
 *   - recorded before D: counted from the tally as it is now, except those changed after the
 *     cutoff (`touched`), taken out as they are now and put back as they stood at the cutoff
 *     (reconstructed as in the district form);
 *   - recorded after D: a late arrival, counted from the tally (findings raised: where it is now)
 *     or taken out of it (rectification);
 *   - recorded on D: read one by one (`touched`), and counted as the district form does.
 * The period's two partial days are read finding by finding, as now. What is read grows with the
 * period's days, a day of findings recorded and what changed after the cutoff among the findings
 * recorded before it, not with the findings recorded after the cutoff (a report as of ten days ago
 * no longer reads ten days of findings), nor with the findings on record. The district forms above
 * (`…OfDistrictSql(false)` is the same rule over every site) answer the same; tests hold the two
 * together.
 */
const raisedDays = dayRanges('$1::timestamptz', '$2::timestamptz');
const raisedInPart = (col: string) =>
  `((${utc(col)} >= ${FROM} AND ${utc(col)} < ${utcOf(raisedDays.headEnd)}) OR (${utc(col)} >= ${utcOf(raisedDays.tailStart)} AND ${utc(col)} < ${TO}))`;
/** The cutoff's UTC day D (a date), its first instant and the next day's, as UTC timestamps. */
const CUTOFF_DAY = `(${CUTOFF})::date`;
const D0 = `date_trunc('day', ${CUTOFF})`;
const D1 = `(${D0} + interval '1 day')`;
const createdOnD = (alias: string) => `${utc(`${alias}.created_at`)} >= ${D0} AND ${utc(`${alias}.created_at`)} < ${D1}`;

const COLUMNS = 'f.id, f.severity, f.status, f.deadline, f.deadline_paused, f.created_at, f.updated_at, f.verified_at, f.raised_at';
/** The changed findings' branch (partial index): those recorded by the cutoff and changed after it, and `andOnD` also those recorded on D. */
const changedSince = (andOnD: boolean) =>
  `SELECT ${COLUMNS} FROM finding f
      WHERE ${utc('f.updated_at')} >= ${D0} AND f.updated_at > f.created_at AND ((f.created_at <= $3::timestamptz AND f.updated_at > $3::timestamptz)${andOnD ? ` OR (${createdOnD('f')})` : ''})`;
/**
 * The findings recorded on the cutoff's day, and those recorded before it and changed after the
 * cutoff, with their severity, status and deadline at the cutoff (`*_at`: reconstructed once,
 * ASOF_JOIN, for those recorded by the cutoff and changed after it; the values now for the
 * others). Two disjoint scans: a finding never changed since it was recorded (updated_at =
 * created_at) through the update-time index, for D only; one changed since (updated_at >
 * created_at: migration FindingTalliesByRecordedDay's partial index) from D on. Without
 * `recordedOnD`, only those recorded by the cutoff and changed after it (all overdue reads).
 */
const touchedCte = (recordedOnD: boolean) => `touched AS MATERIALIZED (
    SELECT t.*, ${asOf('t', 'severity')} AS severity_at, ${asOf('t', 'status')} AS status_at, ${asOf('t', 'deadline')} AS deadline_at FROM (${
      recordedOnD
        ? `
      SELECT ${COLUMNS} FROM finding f
      WHERE ${utc('f.updated_at')} >= ${D0} AND ${utc('f.updated_at')} < ${D1} AND f.updated_at = f.created_at
      UNION ALL
      ${changedSince(true)}`
        : changedSince(false)
    }) t
    ${ASOF_JOIN('t')}
  )`;
const TOUCHED = touchedCte(true);

/** A section of the whole-area finding figures: its CTEs (after `touched`) and its final SELECT. */
interface Part {
  ctes: string;
  select: string;
}
const statement = (typing: string, part: Part, touched = TOUCHED) => `
  WITH ${typing}, -- not needed: only types the parameters
  ${touched},
  ${part.ctes}
  ${part.select}`;

const RAISED: Part = {
  ctes: `raised_tallied AS ( -- the whole days: recorded before D (as they are now), and after it (late)
    SELECT severity, status, sum(findings) FILTER (WHERE created_day < ${CUTOFF_DAY}) AS n, sum(findings) FILTER (WHERE created_day > ${CUTOFF_DAY}) AS late
    FROM finding_raised_tally WHERE day >= ${raisedDays.firstDay} AND day < ${raisedDays.endDay} GROUP BY severity, status
  ), raised_rows AS ( -- the partial days' findings (reconstructed here), those of the whole days recorded on D, and the changed ones recorded before D
    SELECT f.severity, f.status, f.created_at <= $3::timestamptz AS known, false AS changed, ${asOf('f', 'severity')} AS severity_at, ${asOf('f', 'status')} AS status_at
    FROM finding f ${ASOF_JOIN('f')} WHERE ${raisedInPart('f.raised_at')}
    UNION ALL
    SELECT t.severity, t.status, t.created_at <= $3::timestamptz, ${utc('t.created_at')} < ${D0}, t.severity_at, t.status_at
    FROM touched t WHERE t.raised_at >= $1::timestamptz AND t.raised_at < $2::timestamptz AND NOT ${raisedInPart('t.raised_at')}
  ), raised_g AS ( -- (counted per key, not row by row; the late where they are now)
    SELECT severity, status, n AS count, late FROM raised_tallied
    UNION ALL SELECT severity, status, -count(*), 0 FROM raised_rows WHERE changed GROUP BY 1, 2
    UNION ALL SELECT severity_at, status_at, count(*) FILTER (WHERE known), count(*) FILTER (WHERE NOT known) FROM raised_rows GROUP BY 1, 2
  )`,
  select: `SELECT severity, status, coalesce(sum(count), 0)::int AS count, coalesce(sum(late), 0)::int AS late
  FROM raised_g GROUP BY severity, status HAVING coalesce(sum(count), 0) <> 0 OR coalesce(sum(late), 0) <> 0 ORDER BY severity, status`,
};
const findingsWholeAreaSql = statement('period AS (SELECT $4::text AS district)', RAISED);

const dueDays = dayRanges('$1::timestamptz', '$2::timestamptz');
const dueInPart = (col: string) =>
  `((${col} >= $1::timestamptz AND ${col} < ${dueDays.headEnd}) OR (${col} >= ${dueDays.tailStart} AND ${col} < $2::timestamptz))`;
const dueInWhole = (col: string) => `(${col} >= $1::timestamptz AND ${col} < $2::timestamptz AND NOT ${dueInPart(col)})`;
const DUE: Part = {
  ctes: `due_g AS (
    -- The whole days: every finding as it is now, less those recorded after D,
    SELECT status, verified_on_time, sum(findings) AS n FROM finding_deadline_tally
    WHERE day >= ${dueDays.firstDay} AND day < ${dueDays.endDay} GROUP BY status, verified_on_time
    UNION ALL
    SELECT status, verified_on_time, -sum(findings) FROM finding_due_created_tally
    WHERE created_day > ${CUTOFF_DAY} AND day >= ${dueDays.firstDay} AND day < ${dueDays.endDay} GROUP BY status, verified_on_time
    UNION ALL -- less those recorded on D and those changed after the cutoff, as they are now;
    SELECT t.status, coalesce(t.verified_at <= t.deadline, false), -count(*) FROM touched t WHERE ${dueInWhole('t.deadline')} GROUP BY 1, 2
    UNION ALL -- the partial days' findings recorded before D and unchanged since the cutoff;
    SELECT f.status, coalesce(f.verified_at <= f.deadline, false), count(*) FROM finding f
    WHERE ${dueInPart('f.deadline')} AND ${utc('f.created_at')} < ${D0} AND f.updated_at <= $3::timestamptz
    GROUP BY 1, 2
    UNION ALL -- and those of touched recorded by the cutoff, as they stood at it.
    SELECT t.status_at, coalesce(t.verified_at <= t.deadline_at, false), count(*) FROM touched t
    WHERE t.created_at <= $3::timestamptz AND t.deadline_at >= $1::timestamptz AND t.deadline_at < $2::timestamptz GROUP BY 1, 2
  )`,
  select: `SELECT coalesce(sum(n) FILTER (WHERE status <> 'WITHDRAWN'), 0)::int AS due,
         coalesce(sum(n) FILTER (WHERE status = 'WITHDRAWN'), 0)::int AS withdrawn,
         coalesce(sum(n) FILTER (WHERE status = 'VERIFIED'), 0)::int AS rectified,
         coalesce(sum(n) FILTER (WHERE status = 'VERIFIED' AND verified_on_time), 0)::int AS "rectifiedOnTime"
  FROM due_g`,
};
const rectificationWholeAreaSql = statement('period AS (SELECT $4::text AS district)', DUE);

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
 *   − findings recorded after the cutoff that the tally counts now: due before the cutoff, so
 *     recorded after their own deadline (`recorded_after`, a partial index of those);
 *   − findings recorded by the cutoff and changed after it that the tally counts now,
 *   + those same findings as they stood at the cutoff (`touched`, reconstructed).
 * A finding unchanged since the cutoff was paused at the cutoff exactly when its deadline_paused
 * says so now (every dispute move updates the finding), so the tally's key answers for it.
 * What is left to read grows with what changed after the cutoff among the findings recorded by
 * it, not with the findings or the disputes on record; for a report up to now, almost nothing.
 */
/** The findings of `touched` recorded by the cutoff and changed after it. */
const CHANGED_SINCE = `t.created_at <= $3::timestamptz AND t.updated_at > $3::timestamptz`;
const OVERDUE: Part = {
  ctes: `open_due AS (${openDueBeforeSql('$3::timestamptz')}),
  recorded_after AS ( -- recorded after the cutoff and counted now: due before the cutoff, so recorded after their deadline (a partial index)
    SELECT count(*) AS n, count(*) FILTER (WHERE f.severity = 'CRITICAL') AS critical FROM finding f
    WHERE ${utc('f.created_at')} > ${CUTOFF} AND f.deadline < f.created_at AND ${settledSql('f.status', true)} AND f.deadline < $3::timestamptz AND NOT f.deadline_paused
  ), changed_now AS ( -- recorded by the cutoff and changed after it, as they are now
    SELECT count(*) AS n, count(*) FILTER (WHERE t.severity = 'CRITICAL') AS critical FROM touched t
    WHERE ${CHANGED_SINCE} AND ${settledSql('t.status', true)} AND t.deadline < $3::timestamptz AND NOT t.deadline_paused
  ), changed_at AS ( -- and as they stood at the cutoff
    SELECT count(*) AS n, count(*) FILTER (WHERE t.severity_at = 'CRITICAL') AS critical FROM touched t
    WHERE ${CHANGED_SINCE} AND ${settledSql('t.status_at', true)} AND t.deadline_at < $3::timestamptz AND NOT ${deadlinePausedSql('t', '$3::timestamptz')}
  )`,
  select: `SELECT (o.n - ra.n - cn.n + ca.n)::int AS count, (o.critical - ra.critical - cn.critical + ca.critical)::int AS escalated
  FROM open_due o, recorded_after ra, changed_now cn, changed_at ca`,
};
// (Alone, overdue reads only the changed findings: nothing of D's unchanged ones counts in it.)
const overdueWholeAreaSql = statement('period AS (SELECT $1::timestamptz AS period_from, $2::timestamptz AS period_to, $4::text AS district)', OVERDUE, touchedCte(false));

/**
 * The whole area's three finding sections (findings raised, rectification, overdue) in ONE
 * statement: each reads `touched`, and a finding changed after the cutoff is reconstructed once
 * rather than once per section (as of a past cutoff at province, a few thousand findings). One
 * row: `findings` (the rows of findingsSql, as JSON), the rectification's four columns, and
 * `overdueCount` / `overdueEscalated`. The same figures as the three statements (tests).
 */
export const findingFiguresSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  ${TOUCHED},
  ${RAISED.ctes},
  ${DUE.ctes},
  ${OVERDUE.ctes}
  SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('severity', x.severity, 'status', x.status, 'count', x.count, 'late', x.late) ORDER BY x.severity, x.status), '[]'::jsonb)
          FROM (${RAISED.select}) x) AS findings,
         r.due, r.withdrawn, r.rectified, r."rectifiedOnTime", o.count AS "overdueCount", o.escalated AS "overdueEscalated"
  FROM (${DUE.select}) r, (${OVERDUE.select}) o`;
