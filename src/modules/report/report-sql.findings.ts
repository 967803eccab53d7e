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

/*
 * The whole area's findings, rectification and overdue figures, from the day tallies
 * (finding-tally.ts: every finding under its key now, with the UTC day it was recorded on) and
 * the findings' key changes (migration FindingChangeLog). With D the cutoff's UTC day:
 *   - the findings recorded by the cutoff, as they are now: the tallies' whole days of the
 *     period, less what they hold of the findings recorded after the cutoff (their days after D
 *     from the tallies; D's from its tally, less or plus those on the shorter side of the cutoff
 *     one by one), and the period's two partial days one by one;
 *   - as they stood at the cutoff: that, plus, for every change after the cutoff to a finding
 *     recorded by it (`fc`), its key before less its key after. The changes of one finding
 *     telescope (the after of one is the before of the next), so their sum is the finding's key
 *     at the cutoff less its key now, however many times it changed;
 *   - late arrivals (recorded after the cutoff), as they are now.
 * What is read grows with the period's days, at most half a day of findings recorded (`recent`),
 * the findings of the partial days (index only), and the changes recorded after the cutoff
 * (narrow rows: no finding is reconstructed from its audit events), not with the findings on
 * record. The district forms
 * above (`…OfDistrictSql(false)` is the same rule over every site) read finding by finding and
 * the audit trail, and answer the same; tests hold the two together.
 */
/** The period's whole UTC days and its partial ends, for the raised and the due sections alike. */
const periodDays = dayRanges('$1::timestamptz', '$2::timestamptz');
const raisedInHead = (col: string) => `${utc(col)} >= ${FROM} AND ${utc(col)} < ${utcOf(periodDays.headEnd)}`;
const raisedInTail = (col: string) => `${utc(col)} >= ${utcOf(periodDays.tailStart)} AND ${utc(col)} < ${TO}`;
const raisedInPart = (col: string) => `((${raisedInHead(col)}) OR (${raisedInTail(col)}))`;
/** The cutoff's UTC day D (a date), its first instant and the next day's, as UTC timestamps. */
const CUTOFF_DAY = `(${CUTOFF})::date`;
/**
 * The period's first and end whole day, and D, each computed once (an InitPlan) where a tally's
 * rows are filtered by them: in a generic plan an expression of the parameters is otherwise
 * computed again for every row of the tally.
 */
const once = (expr: string) => `(SELECT ${expr})`;
const WHOLE_DAYS = `day >= ${once(periodDays.firstDay)} AND day < ${once(periodDays.endDay)}`;
const D0 = `date_trunc('day', ${CUTOFF})`;
const D1 = `(${D0} + interval '1 day')`;
const OPEN = (col: string) => settledSql(col, true);

const COLUMNS = `f.id, f.severity, f.status, f.deadline, f.created_at, f.verified_at, f.raised_at`;
/**
 * Which side of the cutoff `recent` reads of D: the shorter one. After the cutoff, (C, D1), when
 * more of D lies before it; else [D0, C]. The tallies by recorded day give D's findings as a
 * whole, so the other side is D's tally less the side read: what is read of D is at most half a
 * day of findings, and little when the cutoff is near either end of its day.
 */
const AFTER_SIDE = once(`(${CUTOFF} - ${D0}) > (${D1} - ${CUTOFF})`);
const SIDE_FROM = once(`CASE WHEN ${AFTER_SIDE} THEN ${CUTOFF} ELSE ${D0} END`);
const SIDE_TO = once(`CASE WHEN ${AFTER_SIDE} THEN ${D1} ELSE ${CUTOFF} END`);
/** The finding `alias` was recorded on D, on the side of the cutoff `recent` reads. */
const createdOnD = (alias: string) => `${utc(`${alias}.created_at`)} >= ${D0} AND ${utc(`${alias}.created_at`)} < ${D1}`;
const onSide = (alias: string) => `${createdOnD(alias)} AND (${alias}.created_at > $3::timestamptz) = ${AFTER_SIDE}`;
/**
 * `recent`: the findings recorded on D on the shorter side of the cutoff, as they are now. Two
 * disjoint scans of that side alone (the bounds taken inclusive, `onSide` then keeps the side):
 * those never changed since recorded (updated_at = created_at) through the update-time index,
 * those changed since (updated_at > created_at) through migration FindingModifiedRecordedIndex's
 * partial index by recording time. Each row is `known` (recorded by the cutoff) on the side
 * before it, late on the side after.
 */
const RECENT = `recent AS MATERIALIZED (
      SELECT ${COLUMNS}, f.created_at <= $3::timestamptz AS known FROM finding f
      WHERE ${utc('f.updated_at')} >= ${SIDE_FROM} AND ${utc('f.updated_at')} <= ${SIDE_TO} AND f.updated_at = f.created_at AND ${onSide('f')}
      UNION ALL
      SELECT ${COLUMNS}, f.created_at <= $3::timestamptz FROM finding f
      WHERE ${utc('f.created_at')} >= ${SIDE_FROM} AND ${utc('f.created_at')} <= ${SIDE_TO} AND f.updated_at > f.created_at AND ${onSide('f')}
  )`;
/** A `recent` row moves from the side of D that was not read (where D's tally put it) to its own: +1 where it is, −1 where it is not. */
const MOVED = (side: 'known' | 'late') => `sum(CASE WHEN t.known THEN ${side === 'known' ? 1 : -1} ELSE ${side === 'known' ? -1 : 1} END)`;
/**
 * The key changes recorded after the cutoff to the findings recorded by it (`fc`: the rows of
 * finding_change `c`), read tier by tier of their lag (migration FindingChangeLagTiers): a change
 * whose lag is under L and that was recorded after the cutoff C to a finding recorded by it lies in
 * (C, C + L), so each tier is read over that window only, index only, rather than every change
 * after C (most of them to findings recorded after it).
 */
const FC = `finding_change_lag_tiers() t CROSS JOIN LATERAL (
      SELECT c.* FROM finding_change c
      WHERE finding_change_lag_tier(c.changed_at - c.created_at) = t.tier AND c.changed_at > $3::timestamptz
        AND c.changed_at < coalesce($3::timestamptz + t.lag_under, 'infinity') AND c.created_at <= $3::timestamptz) c`;

/**
 * `fc_keys`: fc counted per key before and after (severity and status), with what each section
 * asks of a change: raised in the period; due in it before and after, each verified by its
 * deadline or not; due before the cutoff before and after; and the findings the overdue figure's
 * pause is asked of (a few hundred ids). The sections then read a few dozen rows. Counted in one
 * pass of the index scans: not materialized first, nor grouped by every condition, nor read again
 * for the pause's candidates, each of which cost more. The counting is most of the cost: ~5,300
 * changes at province, ten days back, read in 0.2 ms and counted in ~2.5 ms.
 */
const FC_KEYS = `fc_keys AS MATERIALIZED (
    SELECT c.o_severity, c.o_status, c.n_severity, c.n_status,
           count(*) FILTER (WHERE c.raised_at >= $1::timestamptz AND c.raised_at < $2::timestamptz) AS raised_in,
           count(*) FILTER (WHERE c.o_deadline >= $1::timestamptz AND c.o_deadline < $2::timestamptz AND c.o_verified_at <= c.o_deadline) AS o_due_on_time,
           count(*) FILTER (WHERE c.o_deadline >= $1::timestamptz AND c.o_deadline < $2::timestamptz AND NOT coalesce(c.o_verified_at <= c.o_deadline, false)) AS o_due_late,
           count(*) FILTER (WHERE c.n_deadline >= $1::timestamptz AND c.n_deadline < $2::timestamptz AND c.n_verified_at <= c.n_deadline) AS n_due_on_time,
           count(*) FILTER (WHERE c.n_deadline >= $1::timestamptz AND c.n_deadline < $2::timestamptz AND NOT coalesce(c.n_verified_at <= c.n_deadline, false)) AS n_due_late,
           count(*) FILTER (WHERE c.o_deadline < $3::timestamptz) AS o_due_before, count(*) FILTER (WHERE c.n_deadline < $3::timestamptz) AS n_due_before,
           -- the findings the pause is asked of (OVERDUE): DISPUTED and due before the cutoff before a change, open and due before it after one
           array_agg(c.finding_id) FILTER (WHERE c.o_status = 'DISPUTED' AND c.o_deadline < $3::timestamptz) AS o_disputed_due,
           array_agg(c.finding_id) FILTER (WHERE ${OPEN('c.n_status')} AND c.n_deadline < $3::timestamptz) AS n_open_due
    FROM ${FC} GROUP BY 1, 2, 3, 4
  )`;
/** A key's on-time split of fc_keys (`side` o or n): (status, verified on time, changes due in the period). */
const dueByTime = (side: 'o' | 'n', sign: '' | '-') =>
  `SELECT ${side}_status, x.on_time, ${sign}sum(CASE WHEN x.on_time THEN ${side}_due_on_time ELSE ${side}_due_late END) FROM fc_keys CROSS JOIN (VALUES (true), (false)) x(on_time) GROUP BY 1, 2`;

/** A section of the whole-area finding figures: its CTEs (after `recent` and `fc_keys`) and its final SELECT. */
interface Part {
  ctes: string;
  select: string;
}
const statement = (typing: string, part: Part, withRecent: boolean) => `
  WITH ${typing}, -- not needed: only types the parameters${withRecent ? `
  ${RECENT},` : ''}
  ${FC_KEYS},
  ${part.ctes}
  ${part.select}`;

const RAISED: Part = {
  ctes: `raised_tallied AS ( -- the whole days: recorded before D (as they are now), and after it (late); D's all on the side recent does not read
    SELECT severity, status, sum(findings) FILTER (WHERE created_day < ${once(CUTOFF_DAY)} OR (created_day = ${once(CUTOFF_DAY)} AND ${AFTER_SIDE})) AS n,
           sum(findings) FILTER (WHERE created_day > ${once(CUTOFF_DAY)} OR (created_day = ${once(CUTOFF_DAY)} AND NOT ${AFTER_SIDE})) AS late
    FROM finding_raised_tally WHERE ${WHOLE_DAYS} GROUP BY severity, status
  ), raised_rows AS ( -- one by one, as they are now: the partial days' findings
    -- (each end apart, index only: migration ReportFindingPartialDayCover; an OR of the two would be a bitmap of the table's rows)
    SELECT f.severity, f.status, f.created_at <= $3::timestamptz AS known FROM finding f WHERE ${raisedInHead('f.raised_at')}
    UNION ALL
    SELECT f.severity, f.status, f.created_at <= $3::timestamptz FROM finding f WHERE ${raisedInTail('f.raised_at')}
  ), raised_g AS ( -- (counted per key, not row by row; the late where they are now)
    SELECT severity, status, n AS count, late FROM raised_tallied
    UNION ALL SELECT severity, status, count(*) FILTER (WHERE known), count(*) FILTER (WHERE NOT known) FROM raised_rows GROUP BY 1, 2
    UNION ALL -- the whole days' findings recorded on D on the side read, moved to it
    SELECT t.severity, t.status, ${MOVED('known')}, ${MOVED('late')} FROM recent t
    WHERE t.raised_at >= $1::timestamptz AND t.raised_at < $2::timestamptz AND NOT ${raisedInPart('t.raised_at')} GROUP BY 1, 2
    UNION ALL -- each change after the cutoff: back to its key before, out of its key after
    SELECT o_severity, o_status, sum(raised_in), 0 FROM fc_keys GROUP BY 1, 2
    UNION ALL SELECT n_severity, n_status, -sum(raised_in), 0 FROM fc_keys GROUP BY 1, 2
  )`,
  select: `SELECT severity, status, coalesce(sum(count), 0)::int AS count, coalesce(sum(late), 0)::int AS late
  FROM raised_g GROUP BY severity, status HAVING coalesce(sum(count), 0) <> 0 OR coalesce(sum(late), 0) <> 0 ORDER BY severity, status`,
};
const findingsWholeAreaSql = statement('period AS (SELECT $4::text AS district)', RAISED, true);

const dueInHead = (col: string) => `${col} >= $1::timestamptz AND ${col} < ${periodDays.headEnd}`;
const dueInTail = (col: string) => `${col} >= ${periodDays.tailStart} AND ${col} < $2::timestamptz`;
const dueInPart = (col: string) => `((${dueInHead(col)}) OR (${dueInTail(col)}))`;
const dueInWhole = (col: string) => `(${col} >= $1::timestamptz AND ${col} < $2::timestamptz AND NOT ${dueInPart(col)})`;
const DUE: Part = {
  ctes: `due_g AS (
    -- The whole days: every finding as it is now, less those recorded after D (and D's own when
    -- recent reads the side before the cutoff),
    SELECT status, verified_on_time, sum(findings) AS n FROM finding_deadline_tally
    WHERE ${WHOLE_DAYS} GROUP BY status, verified_on_time
    UNION ALL
    SELECT status, verified_on_time, -sum(findings) FROM finding_due_created_tally
    WHERE created_day >= ${once(`CASE WHEN ${AFTER_SIDE} THEN ${CUTOFF_DAY} + 1 ELSE ${CUTOFF_DAY} END`)} AND ${WHOLE_DAYS} GROUP BY status, verified_on_time
    UNION ALL -- less those recorded on D after the cutoff, or back those recorded on D by it;
    SELECT t.status, coalesce(t.verified_at <= t.deadline, false), ${MOVED('known')} FROM recent t
    WHERE ${dueInWhole('t.deadline')} GROUP BY 1, 2
    UNION ALL -- the partial days' findings recorded by the cutoff, as they are now (each end apart, index only);
    SELECT f.status, coalesce(f.verified_at <= f.deadline, false), count(*) FROM finding f
    WHERE ${dueInHead('f.deadline')} AND f.created_at <= $3::timestamptz GROUP BY 1, 2
    UNION ALL
    SELECT f.status, coalesce(f.verified_at <= f.deadline, false), count(*) FROM finding f
    WHERE ${dueInTail('f.deadline')} AND f.created_at <= $3::timestamptz GROUP BY 1, 2
    UNION ALL -- and each change after the cutoff: back to its key before, out of its key after.
    ${dueByTime('o', '')}
    UNION ALL
    ${dueByTime('n', '-')}
  )`,
  select: `SELECT coalesce(sum(n) FILTER (WHERE status <> 'WITHDRAWN'), 0)::int AS due,
         coalesce(sum(n) FILTER (WHERE status = 'WITHDRAWN'), 0)::int AS withdrawn,
         coalesce(sum(n) FILTER (WHERE status = 'VERIFIED'), 0)::int AS rectified,
         coalesce(sum(n) FILTER (WHERE status = 'VERIFIED' AND verified_on_time), 0)::int AS "rectifiedOnTime"
  FROM due_g`,
};
const rectificationWholeAreaSql = statement('period AS (SELECT $4::text AS district)', DUE, true);

/**
 * The same figure for the whole area, without visiting every overdue finding. With ok(x) "open
 * and due before the cutoff" of a finding's key x (the pause aside) and p its pause:
 *   overdue at C = Σ over the findings recorded by C of ok(at C) ∧ ¬p(at C)
 *                = Σ ok(now) ∧ ¬p(now)     the deadline tally (finding-tally.ts) less the findings
 *                                          recorded after the cutoff that it counts now (due before
 *                                          the cutoff, so recorded after their deadline:
 *                                          `recorded_after`, a partial index of those)
 *                + Σ ok(at C) − ok(now)    each change after the cutoff, ok of its key before less
 *                                          ok of its key after (`fc_keys`: they telescope)
 *                − Σ ok(at C) ∧ p(at C)    (`paused_at`)
 *                + Σ ok(now) ∧ p(now)      (`paused_now`).
 * The last two cancel for a finding with no change after the cutoff: a dispute that opens or
 * closes moves its finding's status, so its pause is then the same at the cutoff as now. So both
 * read only findings with a change after the cutoff (`fc`) that are open and due before it by one
 * of their keys there: at the cutoff, its key before the first change after it (one probe each),
 * paused by the dispute rule evaluated as of the cutoff; now, the finding as it is, paused by its
 * deadline_paused. What is read grows with the changes after the cutoff (narrow rows, once for
 * the three sections) and the few hundred findings among them open and overdue by either key,
 * not with the findings or the disputes on record; for a report up to now, almost nothing.
 */
const OVERDUE: Part = {
  ctes: `open_due AS (${openDueBeforeSql('$3::timestamptz')}),
  recorded_after AS ( -- recorded after the cutoff and counted now: due before the cutoff, so recorded after their deadline (a partial index)
    SELECT count(*) AS n, count(*) FILTER (WHERE f.severity = 'CRITICAL') AS critical FROM finding f
    WHERE ${utc('f.created_at')} > ${CUTOFF} AND f.deadline < f.created_at AND ${settledSql('f.status', true)} AND f.deadline < $3::timestamptz AND NOT f.deadline_paused
  ), changes_ok AS ( -- Σ ok(before) − ok(after) over the changes after the cutoff
    SELECT coalesce(sum(o_due_before) FILTER (WHERE ${OPEN('o_status')}), 0) - coalesce(sum(n_due_before) FILTER (WHERE ${OPEN('n_status')}), 0) AS n,
           coalesce(sum(o_due_before) FILTER (WHERE ${OPEN('o_status')} AND o_severity = 'CRITICAL'), 0)
             - coalesce(sum(n_due_before) FILTER (WHERE ${OPEN('n_status')} AND n_severity = 'CRITICAL'), 0) AS critical
    FROM fc_keys
  ), paused_at AS ( -- open, due before the cutoff and paused there, by their keys before their first change after it
    -- (the pause probed per candidate, in the select list: in the WHERE the planner would join it to
    -- every dispute. Only a DISPUTED key can be paused: a dispute that pauses is open, and while a
    -- finding's dispute is open its status is DISPUTED, lodging moving it there and closing away,
    -- one open dispute at a time: ~60 candidates of the ~260 open and due, province, ten days back.)
    SELECT count(*) FILTER (WHERE x.paused) AS n, count(*) FILTER (WHERE x.paused AND x.o_severity = 'CRITICAL') AS critical FROM (
      SELECT x.o_severity, ${deadlinePausedSql('x', '$3::timestamptz')} AS paused
      FROM (SELECT DISTINCT unnest(o_disputed_due) AS finding_id FROM fc_keys) k
      CROSS JOIN LATERAL (
        SELECT k.finding_id AS id, c.o_severity, c.o_status, c.o_deadline FROM finding_change c
        WHERE c.finding_id = k.finding_id AND c.changed_at > $3::timestamptz ORDER BY c.changed_at, c.id LIMIT 1) x
      WHERE x.o_status = 'DISPUTED' AND x.o_deadline < $3::timestamptz) x
  ), paused_now AS ( -- and those open, due before the cutoff and paused now
    -- (probed by key, one each: LIMIT 1 keeps the probe apart, where as a join the planner may
    -- read every open finding due before the cutoff to match a few dozen)
    SELECT count(*) AS n, count(*) FILTER (WHERE f.severity = 'CRITICAL') AS critical
    FROM (SELECT DISTINCT unnest(n_open_due) AS finding_id FROM fc_keys) k
    CROSS JOIN LATERAL (SELECT f.severity FROM finding f
      WHERE f.id = k.finding_id AND ${OPEN('f.status')} AND f.deadline < $3::timestamptz AND f.deadline_paused LIMIT 1) f
  )`,
  select: `SELECT (o.n - ra.n + co.n - pa.n + pn.n)::int AS count, (o.critical - ra.critical + co.critical - pa.critical + pn.critical)::int AS escalated
  FROM open_due o, recorded_after ra, changes_ok co, paused_at pa, paused_now pn`,
};
const overdueWholeAreaSql = statement('period AS (SELECT $1::timestamptz AS period_from, $2::timestamptz AS period_to, $4::text AS district)', OVERDUE, false);

/**
 * The whole area's three finding sections (findings raised, rectification, overdue) in ONE
 * statement, which reads `recent` and the changes after the cutoff once for the three. One row:
 * `findings` (the rows of findingsSql, as JSON), the rectification's four columns, and
 * `overdueCount` / `overdueEscalated`. The same figures as the three statements (tests).
 */
export const findingFiguresSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  ${RECENT},
  ${FC_KEYS},
  ${RAISED.ctes},
  ${DUE.ctes},
  ${OVERDUE.ctes}
  SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('severity', x.severity, 'status', x.status, 'count', x.count, 'late', x.late) ORDER BY x.severity, x.status), '[]'::jsonb)
          FROM (${RAISED.select}) x) AS findings,
         r.due, r.withdrawn, r.rectified, r."rectifiedOnTime", o.count AS "overdueCount", o.escalated AS "overdueEscalated"
  FROM (${DUE.select}) r, (${OVERDUE.select}) o`;
