/*
 * The report's SQL, one statement per section, every aggregate computed in PostgreSQL.
 * Parameters, the same in every statement:
 *   $1 period start (inclusive), $2 period end (exclusive), $3 cutoff, $4 district or NULL,
 *   $5 the time zone in which checkpoint shift dates are calendar days. A statement is sent
 *   the parameters up to the highest one it uses (PostgreSQL rejects unused untyped ones).
 *
 * The as-of rule (see the SDL of Report): a record counts in the main figures only when it was
 * recorded at or before the cutoff (its created_at; recorded_at for disinfection entries), and a
 * status counts as it stood at the cutoff. Records about the period recorded after the cutoff
 * are counted separately as late arrivals.
 *
 * Range filters on timestamptz columns are written as `(col AT TIME ZONE 'UTC')` so they match
 * the expression indexes of the ReportIndexes migration.
 *
 * With a district, the statements about sites are built with `byDistrict` true: each also says
 * that the row's site is one of the district's (`inDistrict`, implied by the district filter, so
 * no figure changes), and ranges over the same time through `(site_id::text, time)` indexes
 * (ReportDistrictIndexes): a district's report reads that district's rows, however large the
 * area around it. Without one the statements stay as they are (no `$4 IS NULL OR …` on the
 * site, which would spoil the plans of the whole-area report).
 */

import { deadlinePausedSql } from '../finding/deadline-pause';
import { dayRanges, openDueBeforeSql } from '../finding/finding-tally';

/** Bits per row of a day set (report_day_set.bits). */
export const DAY_SET_BITS = 8192;

export const utc = (col: string) => `(${col} AT TIME ZONE 'UTC')`;
export const FROM = `($1::timestamptz AT TIME ZONE 'UTC')`;
export const TO = `($2::timestamptz AT TIME ZONE 'UTC')`;
const CUTOFF = `($3::timestamptz AT TIME ZONE 'UTC')`;
const inPeriod = (col: string) => `${utc(col)} >= ${FROM} AND ${utc(col)} < ${TO}`;
const district = (alias: string) => `($4::text IS NULL OR ${alias}.district = $4::text)`;

/**
 * With a district: the row's site is one of the district's, in the form of the site-leading
 * indexes (`site_id::text`), followed by the given range on the index's time expression.
 */
export const inDistrict = (byDistrict: boolean, alias: string, ...more: string[]) =>
  byDistrict ? ['', `${alias}.site_id::text = ANY(ARRAY(SELECT ds.id::text FROM site ds WHERE ds.district = $4::text))`, ...more].join(' AND ') : '';

/**
 * The value a column of a row had at the cutoff: unchanged since (updated_at ≤ cutoff) it is
 * the current one; otherwise it is the `before` of the first change of that field the audit
 * trail recorded after the cutoff (every change is audited, with before and after, in the same
 * transaction as the change), or the current value when no such change was recorded.
 */
export const atCutoff = (alias: string, entityType: string, column: string, key: string, type = 'text') => `(CASE WHEN ${alias}.updated_at <= $3::timestamptz THEN ${alias}.${column}::${type} ELSE coalesce(
    (SELECT (a.changes->'${key}'->>'before')::${type} FROM audit_event a
     WHERE a.entity_type = '${entityType}' AND a.entity_id = ${alias}.id::text AND a.occurred_at > $3::timestamptz AND a.changes ? '${key}'
     ORDER BY a.id LIMIT 1),
    ${alias}.${column}::${type}) END)`;

export const statusAtCutoff = (alias: string, entityType: string) => atCutoff(alias, entityType, 'status', 'status');
/** A finding's severity and deadline move when a dispute amends them or a paused deadline is extended. */
const severityAt = (alias: string) => atCutoff(alias, 'Finding', 'severity', 'severity');
const deadlineAt = (alias: string) => atCutoff(alias, 'Finding', 'deadline', 'deadline', 'timestamptz');

/** When an inspection became known to the server: created, and submitted (or received, if filed offline). */
export const inspectionKnownAt = (alias: string) => `greatest(${alias}.created_at, coalesce(${alias}.received_at, ${alias}.submitted_at))`;

/**
 * A joint inspection (联合检查): one whose team had members of two or more agencies when it
 * started, as inspection_member recorded them then (each member with the agency it belonged to
 * at that moment), so a later change of a team or of an account's agency never recounts it.
 */
export const jointAt = (alias: string) => `((SELECT count(DISTINCT im.agency_id) FROM inspection_member im WHERE im.inspection_id = ${alias}.id) >= 2)`;

/**
 * Inspections submitted in the period, per site kind and outcome. A correction restates the
 * same visit: the visit is counted once, with the outcome of its latest correction known at the
 * cutoff; corrections recorded after the cutoff are late arrivals.
 */
export const inspectionsSql = (byDistrict: boolean) => `
  WITH c AS (
    SELECT c.corrects_inspection_id AS id, c.id AS cid, c.outcome, c.submitted_at, ${inspectionKnownAt('c')} <= $3::timestamptz AS known
    FROM inspection c
    WHERE c.corrects_inspection_id IS NOT NULL AND c.status IN ('SUBMITTED','CLOSED')
      AND ${utc('c.submitted_at')} >= ${FROM} -- a correction is submitted after what it corrects: the index bounds the scan
  ), corr AS (
    SELECT DISTINCT ON (id) id, outcome FROM c WHERE known ORDER BY id, submitted_at DESC, cid DESC
  ), late_corr AS (
    SELECT id, count(*) AS n FROM c WHERE NOT known GROUP BY id
  ), i AS (
    SELECT s.kind, i.site_id, coalesce(corr.outcome, i.outcome) AS outcome, ${inspectionKnownAt('i')} <= $3::timestamptz AS known, coalesce(late_corr.n, 0) AS late_corrections, ${jointAt('i')} AS joint
    FROM inspection i
    JOIN site s ON s.id = i.site_id
    LEFT JOIN corr ON corr.id = i.id
    LEFT JOIN late_corr ON late_corr.id = i.id
    WHERE i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND ${inPeriod('i.submitted_at')} AND ${district('s')}${inDistrict(byDistrict, 'i')}
  )
  SELECT kind AS "siteKind",
         count(*) FILTER (WHERE known)::int AS total,
         count(*) FILTER (WHERE known AND outcome = 'PASS')::int AS pass,
         count(*) FILTER (WHERE known AND outcome = 'PASS_WITH_FINDINGS')::int AS "passWithFindings",
         count(*) FILTER (WHERE known AND outcome = 'FAIL')::int AS fail,
         count(DISTINCT site_id) FILTER (WHERE known)::int AS "sitesInspected",
         count(*) FILTER (WHERE known AND joint)::int AS joint,
         (count(*) FILTER (WHERE NOT known) + coalesce(sum(late_corrections) FILTER (WHERE known), 0))::int AS late
  FROM i GROUP BY kind ORDER BY kind`;

/**
 * The whole area's inspections through the day sets (migration InspectionDaySets): the same
 * figures as inspectionsSql(false). The period's whole UTC days that are built and whose visits
 * were all known by the cutoff (known_until) give their counts and their sets of sites; the rest
 * of the period (its partial end days, days not built or known only after the cutoff) is read as
 * inspectionsSql reads the whole of it. Sites inspected: the bits of the days' sets, and the sites
 * of the rest that are in none of them. tests/integration/report-inspection-days.test.ts holds
 * the two statements together.
 */
export const inspectionsDaysSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  built AS MATERIALIZED (
    SELECT rd.day FROM report_day rd
    WHERE rd.section = 'inspections' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (${TO})::date AND rd.known_until <= $3::timestamptz
  ), rest AS ( -- what the built days leave of [from, to), as UTC timestamps of the index
    SELECT lower(c) AS a, upper(c) AS z
    FROM unnest(tsmultirange(tsrange(${FROM}, ${TO})) - coalesce((SELECT range_agg(tsrange(day, day + 1)) FROM built), '{}')) c
  ), c AS (
    SELECT c.corrects_inspection_id AS id, c.id AS cid, c.outcome, c.submitted_at, ${inspectionKnownAt('c')} <= $3::timestamptz AS known
    FROM inspection c
    WHERE c.corrects_inspection_id IS NOT NULL AND c.status IN ('SUBMITTED','CLOSED') AND ${utc('c.submitted_at')} >= ${FROM}
  ), corr AS (
    SELECT DISTINCT ON (id) id, outcome FROM c WHERE known ORDER BY id, submitted_at DESC, cid DESC
  ), late_corr AS (
    SELECT id, count(*) AS n FROM c WHERE NOT known GROUP BY id
  ), i AS (
    SELECT s.kind, i.site_id, coalesce(corr.outcome, i.outcome) AS outcome, ${inspectionKnownAt('i')} <= $3::timestamptz AS known, coalesce(late_corr.n, 0) AS late_corrections, ${jointAt('i')} AS joint
    FROM rest CROSS JOIN LATERAL ( -- per stretch of the rest, through the covering index (OFFSET 0: whatever the planner guesses of the stretches)
      SELECT i.id, i.site_id, i.outcome, i.created_at, i.received_at, i.submitted_at FROM inspection i WHERE ${utc('i.submitted_at')} >= rest.a AND ${utc('i.submitted_at')} < rest.z
        AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL OFFSET 0) i
    JOIN site s ON s.id = i.site_id
    LEFT JOIN corr ON corr.id = i.id
    LEFT JOIN late_corr ON late_corr.id = i.id
  ), day_bits AS (
    SELECT ds.kind, ds.chunk, bit_or(ds.bits) AS bits FROM report_day_set ds
    WHERE ds.section = 'inspections' AND ds.day IN (SELECT day FROM built) GROUP BY ds.kind, ds.chunk
  ), k AS (
    SELECT kind, sum(total)::int AS total, sum(pass)::int AS pass, sum(pwf)::int AS pwf, sum(fail)::int AS fail, sum(sites)::int AS sites, sum(joint)::int AS joint, sum(late)::int AS late FROM (
      SELECT kind, sum(total) AS total, sum(pass) AS pass, sum(pass_with_findings) AS pwf, sum(fail) AS fail, 0 AS sites, sum(joint) AS joint, 0 AS late
      FROM report_day_inspections WHERE day IN (SELECT day FROM built) GROUP BY kind
      UNION ALL
      SELECT kind, 0, 0, 0, 0, sum(bit_count(bits)), 0, 0 FROM day_bits GROUP BY kind
      UNION ALL
      SELECT i.kind, count(*) FILTER (WHERE i.known), count(*) FILTER (WHERE i.known AND i.outcome = 'PASS'),
             count(*) FILTER (WHERE i.known AND i.outcome = 'PASS_WITH_FINDINGS'), count(*) FILTER (WHERE i.known AND i.outcome = 'FAIL'),
             count(DISTINCT ss.slot) FILTER (WHERE i.known AND (d.bits IS NULL OR get_bit(d.bits, ss.slot % ${DAY_SET_BITS}) = 0)),
             count(*) FILTER (WHERE i.known AND i.joint),
             count(*) FILTER (WHERE NOT i.known) + coalesce(sum(i.late_corrections) FILTER (WHERE i.known), 0)
      FROM i JOIN site_slot ss ON ss.site_id = i.site_id LEFT JOIN day_bits d ON d.kind = i.kind AND d.chunk = ss.slot / ${DAY_SET_BITS}
      GROUP BY i.kind
    ) x GROUP BY kind
  )
  SELECT kind AS "siteKind", total, pass, pwf AS "passWithFindings", fail, sites AS "sitesInspected", joint, late
  FROM k WHERE total > 0 OR late > 0 ORDER BY kind`;

/** Findings raised in the period, by severity and status at the cutoff. */
export const findingsSql = (byDistrict: boolean) => (byDistrict ? findingsOfDistrictSql(true) : findingsWholeAreaSql);

export const findingsOfDistrictSql = (byDistrict: boolean) => `
  WITH f AS (
    SELECT ${severityAt('f')} AS severity, f.created_at <= $3::timestamptz AS known, ${statusAtCutoff('f', 'Finding')} AS status
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ${inPeriod('f.raised_at')} AND ${district('s')}${inDistrict(byDistrict, 'f')}
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
const utcOf = (e: string) => `(${e} AT TIME ZONE 'UTC')`;
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
  ), g AS (
    SELECT severity, status, n AS count, 0 AS late FROM now_counts
    UNION ALL SELECT severity, status, -1, 0 FROM changed
    UNION ALL SELECT severity_at, status_at, CASE WHEN known THEN 1 ELSE 0 END, CASE WHEN known THEN 0 ELSE 1 END FROM changed
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

const overdueOfDistrictSql = `
  WITH period AS (SELECT $1::timestamptz AS period_from, $2::timestamptz AS period_to), -- not needed: only types the parameters
  f AS (
    SELECT f.id, f.severity, f.status, f.deadline
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE f.status NOT IN ('VERIFIED','WITHDRAWN') AND ${utc('f.deadline')} < ${CUTOFF} AND f.updated_at <= $3::timestamptz AND f.created_at <= $3::timestamptz AND ${district('s')}${inDistrict(true, 'f')}
    UNION ALL
    SELECT f.id, ${severityAt('f')}, ${statusAtCutoff('f', 'Finding')}, ${deadlineAt('f')}
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ${utc('f.updated_at')} > ${CUTOFF} AND f.created_at <= $3::timestamptz AND ${district('s')}${inDistrict(true, 'f')}
  )
  SELECT count(*)::int AS count, count(*) FILTER (WHERE severity = 'CRITICAL')::int AS escalated
  FROM f WHERE status NOT IN ('VERIFIED','WITHDRAWN') AND deadline < $3::timestamptz AND NOT ${deadlinePausedSql('f', '$3::timestamptz')}`;

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
    WHERE status NOT IN ('VERIFIED','WITHDRAWN') AND deadline < $3::timestamptz AND NOT deadline_paused
  ), changed_at AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE f.severity_at = 'CRITICAL') AS critical FROM changed f
    WHERE f.created_at <= $3::timestamptz AND f.status_at NOT IN ('VERIFIED','WITHDRAWN') AND f.deadline_at < $3::timestamptz AND NOT ${deadlinePausedSql('f', '$3::timestamptz')}
  )
  SELECT (o.n - cn.n + ca.n)::int AS count, (o.critical - cn.critical + ca.critical)::int AS escalated
  FROM open_due o, changed_now cn, changed_at ca`;

/**
 * An entry counts when recorded by the cutoff and not replaced by a correction recorded by it. A
 * correction belongs to the site of the entry it corrects, so the probe for one runs only for the
 * requirements of sites that have any (`corrected`, one index probe per requirement).
 */
const effective = (alias: string) => `${alias}.recorded_at <= $3::timestamptz
        AND (NOT req.corrected OR NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${alias}.id AND c.recorded_at <= $3::timestamptz))`;

/** A site judged at E (b.e): existing and active then (also with the district). Its judged stretch starts here. */
const SITE_JUDGED = `s.created_at <= b.e AND (s.status = 'ACTIVE' OR s.updated_at > b.e) AND ${district('s')}`;
const SITE_START = `least(greatest($1::timestamptz, s.created_at), b.e)`;
/** The switch between the two ways: false here; disinfectionWalkSql turns it on. */
const WALK_EVERY_SITE = 'false /* walk every site */';

const dayStart = (day: string) => `((${day})::timestamp AT TIME ZONE 'UTC')`;

/**
 * The lapse `l` of a judged site fails it (under way at some instant of [start, E]: one that ended
 * by E began before it, lapse_from < gap_to), or is under way at E; the site's start and E from
 * the judged_site row `js`, or from site s and bounds b.
 */
const LAPSE_FAILS = (l: string, js?: string) => {
  const [start, e] = js ? [`${js}.start`, `${js}.e`] : [SITE_START, 'b.e'];
  return `${l}.gap_to > ${start} AND (${l}.lapse_from < ${e} OR ${l}.lapse_from <= ${start})`;
};
const LAPSE_AT_END = (l: string, js?: string) => {
  const [start, e] = js ? [`${js}.start`, `${js}.e`] : [SITE_START, 'b.e'];
  return `${l}.gap_to > ${e} AND (${l}.lapse_from < ${e} OR ${l}.lapse_from <= ${start})`;
};

/** E, the sites with an entry recorded after the cutoff, and the judged sites (walked or not). */
const judgedSitesCtes = `bounds AS (SELECT least($2::timestamptz, $3::timestamptz) AS e),
  changed AS (SELECT g.site_id FROM disinfection_site_log g WHERE g.last_recorded_at > $3::timestamptz),
  judged_site AS (
    SELECT s.id AS site_id, s.kind, ${SITE_START} AS start, b.e,
           (${WALK_EVERY_SITE} OR s.id IN (SELECT site_id FROM changed)) AS walk
    FROM site s CROSS JOIN bounds b
    WHERE ${SITE_JUDGED} AND s.kind IN (SELECT site_kind FROM disinfection_rule)
  )`;

/**
 * The walked sites judged entry by entry, and the figures per kind: the sites judged from their
 * lapses (counted here, their failures and breaches from lapse_figures) and the walked ones.
 */
const walkAndFiguresCtes = `req AS (
    SELECT js.site_id, js.kind, r.area, make_interval(hours => r.max_interval_hours) AS h, js.start, js.e,
           EXISTS (SELECT 1 FROM disinfection_entry c WHERE ${utc('c.recorded_at')} <= ${CUTOFF} AND c.corrects_id IS NOT NULL AND c.site_id::text = js.site_id::text) AS corrected
    FROM judged_site js JOIN disinfection_rule r ON r.site_kind = js.kind WHERE js.walk
  ), walked AS (
    SELECT req.site_id, req.kind, req.h, req.e, p.at AS before_at, x.first_at, x.last_at, x.max_gap
    FROM req
    LEFT JOIN LATERAL (
      SELECT e.started_at AS at FROM disinfection_entry e
      WHERE e.site_id = req.site_id AND e.area = req.area AND e.started_at > req.start - req.h AND e.started_at <= req.start AND ${effective('e')}
      ORDER BY e.started_at DESC LIMIT 1) p ON true
    CROSS JOIN LATERAL (
      SELECT min(at) AS first_at, max(at) AS last_at, max(gap) AS max_gap FROM (
        SELECT e.started_at AS at, e.started_at - lag(e.started_at) OVER (ORDER BY e.started_at) AS gap FROM disinfection_entry e
        WHERE e.site_id = req.site_id AND e.area = req.area AND e.started_at > req.start AND e.started_at <= req.e AND ${effective('e')}) g) x
  ), walked_judged AS (
    SELECT site_id, kind,
           coalesce(before_at IS NOT NULL AND coalesce(first_at - before_at <= h, true) AND coalesce(max_gap <= h, true) AND e - coalesce(last_at, before_at) <= h, false) AS met,
           coalesce(coalesce(last_at, before_at) < e - h, true) AS breach_at_end
    FROM walked
  ), rc AS (SELECT site_kind, count(*)::int AS n FROM disinfection_rule GROUP BY site_kind
  ), per_kind AS ( -- the sites judged from their lapses (lapse_sites), their failures, and the walked sites
    SELECT ls.kind, ls.n::int AS sites, (ls.n * rc.n)::int AS requirements, 0 AS failed, 0 AS breach, 0 AS sites_in_breach
    FROM lapse_sites ls JOIN rc ON rc.site_kind = ls.kind
    UNION ALL
    SELECT kind, 0, 0, failed, breach, sites_in_breach FROM lapse_figures
    UNION ALL
    SELECT kind, count(*)::int, sum(requirements)::int, sum(requirements - met)::int, sum(breach)::int, (count(*) FILTER (WHERE breach > 0))::int
    FROM (SELECT site_id, kind, count(*)::int AS requirements, (count(*) FILTER (WHERE met))::int AS met, (count(*) FILTER (WHERE breach_at_end))::int AS breach
          FROM walked_judged GROUP BY site_id, kind) w
    GROUP BY kind
  )
  SELECT kind AS "siteKind",
         sum(sites)::int AS sites,
         sum(requirements)::int AS requirements,
         (sum(requirements) - sum(failed))::int AS "requirementsMet",
         sum(breach)::int AS "requirementsInBreachAtEnd",
         sum(sites_in_breach)::int AS "sitesInBreachAtEnd"
  FROM per_kind GROUP BY kind ORDER BY kind`;

/**
 * Disinfection compliance per site kind. Requirements are (site, required area) pairs of the
 * sites that existed and were active at the end E = least(to, cutoff). An area met its
 * requirement over the period when, from the later of the period start and the site's creation
 * until E, no stretch without an effective entry was longer than its interval; it is in breach
 * at E when its last effective entry is older than the interval (or there is none).
 *
 * Two ways to the same judgement, chosen per site:
 *  - A site whose log is as it was at the cutoff (no entry of it recorded after the cutoff, so
 *    the entries effective then are those effective now) is judged from its lapses
 *    (DisinfectionLapses migration): the stretches in which cover had run out, kept as entries
 *    are written. Its area failed the period when a lapse is under way at some instant of it
 *    (the bounds as the entry-by-entry rule has them: an entry exactly one interval after the
 *    last keeps cover, one before the start counts only within one interval), and is in breach
 *    at E when one is under way at E. That reads the lapses that touch the period (few where
 *    sites keep their logs), not every entry of it.
 *  - A site with entries recorded after the cutoff (a late entry, a correction) is judged entry
 *    by entry as its log stood at the cutoff (`walked`): the last effective entry at or before the
 *    start (within one interval), then the effective entries up to E reduced to their first,
 *    last and longest gap, through the (site_id, area, started_at) index. For a report up to now
 *    there are none.
 * tests/integration/report-disinfection-lapse.test.ts holds the two to the same answers.
 */
export const disinfectionSql = (byDistrict: boolean) => `
  WITH ${judgedSitesCtes},
  touching AS MATERIALIZED ( -- the lapses that touch the period, through the range index, whatever the planner guesses of judged_site
    SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l
    -- [start, E] of every site lies in [least(from, E), E] (E is before the period starts when the cutoff is).
    WHERE tstzrange(l.lapse_from, l.gap_to, '[]') && tstzrange(least($1::timestamptz, $2::timestamptz, $3::timestamptz), least($2::timestamptz, $3::timestamptz), '[]')${
      // A district's: those of its sites only, through the (site_id, area, gap_to) index, not the area's.
      byDistrict ? `
      AND l.site_id = ANY(ARRAY(SELECT ds.id FROM site ds WHERE ds.district = $4::text))` : ''}
  ), lapsed_area AS ( -- per (site, area) with a lapse touching the period: joined to site itself, whose statistics the planner knows
    SELECT l.site_id, l.area, s.kind,
           -- A lapse under way at some instant of [start, E] (one that ended by E began before it: lapse_from < gap_to).
           bool_or(${LAPSE_FAILS('l')}) AS failed,
           -- One still under way at E.
           bool_or(${LAPSE_AT_END('l')}) AS breach_at_end
    FROM touching l JOIN site s ON s.id = l.site_id CROSS JOIN bounds b
    WHERE ${SITE_JUDGED} AND NOT ${WALK_EVERY_SITE} AND NOT EXISTS (SELECT 1 FROM changed WHERE changed.site_id = l.site_id)
    GROUP BY l.site_id, l.area, s.kind
  ), lapse_sites AS (SELECT kind, count(*) AS n FROM judged_site WHERE NOT walk GROUP BY kind
  ), lapse_figures AS (
    SELECT kind, sum(failed)::int AS failed, sum(breach)::int AS breach, (count(*) FILTER (WHERE breach > 0))::int AS sites_in_breach FROM (
      SELECT la.site_id, la.kind, (count(*) FILTER (WHERE la.failed))::int AS failed, (count(*) FILTER (WHERE la.breach_at_end))::int AS breach
      FROM lapsed_area la JOIN disinfection_rule r ON r.site_kind = la.kind AND r.area = la.area
      GROUP BY la.site_id, la.kind) per_site
    GROUP BY kind
  ), ${walkAndFiguresCtes}`;

/**
 * The whole area's compliance through the day sets (migration ComplianceDaySets): the same
 * figures as disinfectionSql(false), for a period with from < E. A site judged from its lapses
 * that existed when the period began (`old`: its judged stretch is [from, E]) failed an area
 * when the area is in the set of one of the period's built whole days or whole hours of its
 * partial days, or a lapse of it touches what they leave of [from, E] (the partial hours at both
 * ends, and anything not built). It is in breach at E when it is in the open sets (its open-ended
 * lapse began before E's hour; all of E's day built) or a lapse of it read here is under way at E.
 * The sets hold every site's areas; the sites that are not judged that way here (not judged at
 * E, created after from, or walked) are masked out of them (`excepted`) and judged as in
 * disinfectionSql: created after from, from their own lapses; with a late entry, entry by entry.
 * What is read: one bitmap per built day or hour, kind and 8192 areas (or sites), the lapses of
 * the partial hours and those ended after E, the lapses of sites created during the period, the
 * sites counted index-only. tests/integration/report-disinfection-days.test.ts holds it to the
 * entry-by-entry walk.
 */
export const disinfectionDaysSql = `
  WITH bounds AS (SELECT least($2::timestamptz, $3::timestamptz) AS e),
  changed AS (SELECT g.site_id FROM disinfection_site_log g WHERE g.last_recorded_at > $3::timestamptz),
  kinds AS (SELECT DISTINCT site_kind AS kind FROM disinfection_rule),
  rule AS (
    SELECT site_kind, area, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, (count(*) OVER (PARTITION BY site_kind))::int AS n
    FROM disinfection_rule
  ), one AS (SELECT ('1' || repeat('0', ${DAY_SET_BITS - 1}))::bit(${DAY_SET_BITS}) AS b
  ), judged_site AS MATERIALIZED ( -- the judged sites that are walked or were created after from: few, through the indexes
    SELECT s.id AS site_id, s.kind, ${SITE_START} AS start, b.e, s.id IN (SELECT site_id FROM changed) AS walk
    FROM site s CROSS JOIN bounds b
    WHERE s.id IN (SELECT site_id FROM changed UNION SELECT x.id FROM site x WHERE x.created_at > $1::timestamptz)
      AND ${SITE_JUDGED} AND s.kind IN (SELECT kind FROM kinds)
  ), lapse_sites AS ( -- the sites judged from their lapses, per kind: active now (index-only), corrected to E, less the walked
    SELECT kind, sum(n) AS n FROM (
      SELECT s.kind, count(*) AS n FROM site s WHERE s.kind IN (SELECT kind FROM kinds) AND s.status = 'ACTIVE' GROUP BY s.kind
      UNION ALL -- created after E
      SELECT s.kind, -count(*) FROM site s, bounds b WHERE s.created_at > b.e AND s.status = 'ACTIVE' AND s.kind IN (SELECT kind FROM kinds) GROUP BY s.kind
      UNION ALL -- no longer active, but changed after E: taken as active then (as SITE_JUDGED has it)
      SELECT s.kind, count(*) FROM site s, bounds b WHERE s.updated_at > b.e AND s.status <> 'ACTIVE' AND s.created_at <= b.e AND s.kind IN (SELECT kind FROM kinds) GROUP BY s.kind
      UNION ALL
      SELECT kind, -count(*) FROM judged_site WHERE walk GROUP BY kind
    ) x GROUP BY kind HAVING sum(n) > 0
  ), excepted_site AS MATERIALIZED ( -- the sites not judged here from the day sets: not judged at E, created after from, or walked
    SELECT s.id FROM site s, bounds b WHERE s.status <> 'ACTIVE' AND s.updated_at <= b.e AND s.kind IN (SELECT kind FROM kinds)
    UNION SELECT s.id FROM site s WHERE s.created_at > $1::timestamptz
    UNION SELECT site_id FROM changed
  ), excepted_bits AS MATERIALIZED ( -- every area of them
    SELECT ss.kind, (ss.slot * r.n + r.idx) / ${DAY_SET_BITS} AS chunk, bit_or(one.b >> ((ss.slot * r.n + r.idx) % ${DAY_SET_BITS})) AS bits
    FROM excepted_site x JOIN site_slot ss ON ss.site_id = x.id JOIN rule r ON r.site_kind = ss.kind CROSS JOIN one GROUP BY 1, 2
  ), excepted_site_bits AS MATERIALIZED ( -- and them
    SELECT ss.kind, ss.slot / ${DAY_SET_BITS} AS chunk, bit_or(one.b >> (ss.slot % ${DAY_SET_BITS})) AS bits
    FROM excepted_site x JOIN site_slot ss ON ss.site_id = x.id CROSS JOIN one GROUP BY 1, 2
  ), built AS MATERIALIZED ( -- the period's whole UTC days whose sets are built
    SELECT rd.day FROM report_day rd, bounds b
    WHERE rd.section = 'compliance' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (b.e AT TIME ZONE 'UTC')::date
  ), built_hours AS MATERIALIZED ( -- and the whole hours of the partial days whose touch sets are built
    SELECT rh.hour FROM report_hour rh, bounds b
    WHERE rh.section = 'touch' AND rh.hour >= $1::timestamptz AND rh.hour + interval '1 hour' <= b.e
  ), rest AS MATERIALIZED ( -- what they leave of [from, E]: the partial hours at both ends, and any day or hour not built
    SELECT lower(c) AS a, upper(c) AS z FROM bounds b,
      unnest(tstzmultirange(tstzrange($1::timestamptz, b.e))
             - coalesce((SELECT range_agg(tstzrange(${dayStart('day')}, ${dayStart('day + 1')})) FROM built), '{}')
             - coalesce((SELECT range_agg(tstzrange(hour, hour + interval '1 hour')) FROM built_hours), '{}')) c
  ), open_hours AS MATERIALIZED ( -- the open sets for "in breach at E": E's day before E's hour, if all are built
    SELECT rh.section, rh.hour FROM report_hour rh, bounds b
    WHERE (rh.section = 'open_before' AND rh.hour = ${utcOf("date_trunc('day', b.e AT TIME ZONE 'UTC')")})
       OR (rh.section = 'open' AND rh.hour >= ${utcOf("date_trunc('day', b.e AT TIME ZONE 'UTC')")} AND rh.hour < ${utcOf("date_trunc('hour', b.e AT TIME ZONE 'UTC')")})
  ), open_ok AS (
    SELECT count(*) FILTER (WHERE section = 'open_before') = 1
           AND count(*) FILTER (WHERE section = 'open') = extract(epoch FROM date_trunc('hour', b.e AT TIME ZONE 'UTC') - date_trunc('day', b.e AT TIME ZONE 'UTC'))::int / 3600 AS ok
    FROM bounds b LEFT JOIN open_hours ON true GROUP BY b.e
  ), open_bits AS MATERIALIZED ( -- the areas ('a') and sites ('s') whose open-ended lapse began before E's hour
    SELECT x.kind, x.what, x.chunk, bit_or(x.bits) AS bits FROM report_hour_set x
    WHERE (SELECT ok FROM open_ok) AND (x.section, x.hour) IN (SELECT section, hour FROM open_hours)
    GROUP BY x.kind, x.what, x.chunk
  ), touching AS MATERIALIZED (
    -- The lapses that touch the rest and are in no built day's set: each begins in a stretch of
    -- the rest, or ends in one (having begun before it), or covers the rest's last stretch and
    -- so is under way at E (one that covers any other stretch touches the built day after it).
    -- With them, every lapse under way at E, once: those that began in the rest are in the first,
    -- the others began before it and are open-ended or end after E.
    -- (Per stretch, index-only on lapse_from, ended and open-ended apart, and on gap_to; OFFSET 0:
    -- whatever the planner guesses of the stretches.)
    SELECT l.*, true AS in_rest FROM rest CROSS JOIN LATERAL (
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to <> 'infinity' AND l.lapse_from >= rest.a AND l.lapse_from < rest.z
      UNION ALL
      SELECT l.site_id, l.area, 'infinity'::timestamptz, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to = 'infinity' AND l.lapse_from >= rest.a AND l.lapse_from < rest.z OFFSET 0) l
    UNION ALL
    SELECT l.*, true FROM rest CROSS JOIN LATERAL (
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to > rest.a AND l.gap_to <= rest.z AND l.lapse_from < rest.a OFFSET 0) l
    UNION ALL -- (those that began in the rest's last stretch, if it ends at E, are in the first; the
    -- open-ended ones that began before it are in the open sets, if built, and then, unless the
    -- rest is the whole period, also in the set of the built hour or day before that stretch)
    SELECT l.*, EXISTS (SELECT 1 FROM rest WHERE l.gap_to > rest.a AND l.lapse_from < rest.z)
    FROM (SELECT b.e, x.lim, (SELECT ok FROM open_ok) AND x.lim > $1::timestamptz AS by_sets
          FROM bounds b CROSS JOIN LATERAL (SELECT coalesce((SELECT max(rest.a) FROM rest WHERE rest.z = b.e), b.e) AS lim) x) b CROSS JOIN LATERAL (
      SELECT l.site_id, l.area, 'infinity'::timestamptz AS gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to = 'infinity' AND l.lapse_from < b.lim AND NOT b.by_sets
      UNION ALL
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to > b.e AND l.gap_to < 'infinity' AND l.lapse_from < b.lim
      UNION ALL -- and one that began at the very instant E (under way at E only for a site created at E)
      SELECT l.site_id, l.area, 'infinity'::timestamptz, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to = 'infinity' AND l.lapse_from = b.e
      UNION ALL
      SELECT l.site_id, l.area, l.gap_to, l.lapse_from FROM disinfection_lapse l WHERE l.gap_to <> 'infinity' AND l.lapse_from = b.e AND l.gap_to > b.e) l
    WHERE NOT EXISTS (SELECT 1 FROM rest WHERE l.lapse_from >= rest.a AND l.lapse_from < rest.z)
  ), day_bits AS MATERIALIZED ( -- the areas in a built day's or hour's set
    SELECT x.kind, x.chunk, bit_or(x.bits) AS bits FROM (
      SELECT ds.kind, ds.chunk, ds.bits FROM report_day_set ds WHERE ds.section = 'compliance' AND ds.day IN (SELECT day FROM built)
      UNION ALL
      SELECT hs.kind, hs.chunk, hs.bits FROM report_hour_set hs WHERE hs.section = 'touch' AND hs.hour IN (SELECT hour FROM built_hours)) x
    GROUP BY x.kind, x.chunk
  ), t AS MATERIALIZED ( -- those of the sites judged here from the day sets (not excepted), with their area's bit:
    -- each lapse to its site's kind and slot first (a hash of site_slot), then to the rule (OFFSET 0 keeps that order)
    SELECT a.site_id, a.kind, a.slot, a.p, a.in_rest, a.at_end FROM (
      SELECT l.site_id, l.kind, l.slot, l.slot * r.n + r.idx AS p, l.in_rest, l.at_end FROM (
        SELECT l.site_id, l.area, ss.kind, ss.slot, l.in_rest, l.gap_to > b.e AND l.lapse_from < b.e AS at_end
        FROM touching l JOIN site_slot ss ON ss.site_id = l.site_id CROSS JOIN bounds b OFFSET 0) l
      JOIN rule r ON r.site_kind = l.kind AND r.area = l.area) a
    LEFT JOIN excepted_bits x ON x.kind = a.kind AND x.chunk = a.p / ${DAY_SET_BITS}
    WHERE x.bits IS NULL OR get_bit(x.bits, a.p % ${DAY_SET_BITS}) = 0
  ), young_area AS ( -- the sites created in the period (their stretch starts later): every lapse touching it, through the site's index
    SELECT js.site_id, js.kind, l.area, bool_or(${LAPSE_FAILS('l', 'js')}) AS failed, bool_or(${LAPSE_AT_END('l', 'js')}) AS at_end
    FROM judged_site js JOIN disinfection_lapse l ON l.site_id = js.site_id AND l.gap_to >= $1::timestamptz
    WHERE NOT js.walk AND js.start > $1::timestamptz
    GROUP BY js.site_id, js.kind, l.area
  ), lapse_figures AS (
    SELECT kind, sum(failed)::int AS failed, sum(breach)::int AS breach, sum(sites_in_breach)::int AS sites_in_breach FROM (
      -- The sites there since from: the areas in a built day's set,
      SELECT d.kind, sum(bit_count(d.bits & ~coalesce(x.bits, one.b & ~one.b)))::int AS failed, 0 AS breach, 0 AS sites_in_breach
      FROM day_bits d LEFT JOIN excepted_bits x ON x.kind = d.kind AND x.chunk = d.chunk CROSS JOIN one GROUP BY d.kind
      UNION ALL -- those failed in the rest and in no such set,
      SELECT f.kind, (count(*) FILTER (WHERE d.bits IS NULL OR get_bit(d.bits, f.p % ${DAY_SET_BITS}) = 0))::int, 0, 0
      FROM (SELECT DISTINCT kind, p FROM t WHERE in_rest) f LEFT JOIN day_bits d ON d.kind = f.kind AND d.chunk = f.p / ${DAY_SET_BITS}
      GROUP BY f.kind
      UNION ALL -- and their areas (and sites) in breach at E: in the open sets,
      SELECT o.kind, 0, CASE WHEN o.what = 'a' THEN sum(bit_count(o.bits & ~coalesce(x.bits, one.b & ~one.b))) ELSE 0 END::int,
             CASE WHEN o.what = 's' THEN sum(bit_count(o.bits & ~coalesce(x.bits, one.b & ~one.b))) ELSE 0 END::int
      FROM open_bits o CROSS JOIN one
      LEFT JOIN LATERAL (SELECT e.bits FROM excepted_bits e WHERE o.what = 'a' AND e.kind = o.kind AND e.chunk = o.chunk
                         UNION ALL SELECT e.bits FROM excepted_site_bits e WHERE o.what = 's' AND e.kind = o.kind AND e.chunk = o.chunk) x ON true
      GROUP BY o.kind, o.what
      UNION ALL -- or under way at E and in none of them (one lapse each at most: an area's lapses do not overlap).
      SELECT b.kind, 0, count(*) FILTER (WHERE oa.bits IS NULL OR get_bit(oa.bits, b.p % ${DAY_SET_BITS}) = 0)::int,
             count(DISTINCT b.site_id) FILTER (WHERE os.bits IS NULL OR get_bit(os.bits, b.slot % ${DAY_SET_BITS}) = 0)::int
      FROM (SELECT * FROM t WHERE at_end) b
      LEFT JOIN open_bits oa ON oa.what = 'a' AND oa.kind = b.kind AND oa.chunk = b.p / ${DAY_SET_BITS}
      LEFT JOIN open_bits os ON os.what = 's' AND os.kind = b.kind AND os.chunk = b.slot / ${DAY_SET_BITS}
      GROUP BY b.kind
      UNION ALL -- the sites created in the period.
      SELECT kind, sum(failed)::int, sum(breach)::int, (count(*) FILTER (WHERE breach > 0))::int FROM (
        SELECT ya.site_id, ya.kind, count(*) FILTER (WHERE ya.failed) AS failed, count(*) FILTER (WHERE ya.at_end) AS breach
        FROM young_area ya JOIN rule r ON r.site_kind = ya.kind AND r.area = ya.area GROUP BY ya.site_id, ya.kind) y
      GROUP BY kind
    ) f GROUP BY kind
  ), ${walkAndFiguresCtes}`;

/** The same figures judged entry by entry for every site: what disinfectionSql must agree with (tests). */
export const disinfectionWalkSql = disinfectionSql(false).replaceAll(WALK_EVERY_SITE, 'true /* walk every site */');
if (disinfectionWalkSql === disinfectionSql(false)) throw new Error('disinfectionWalkSql: the walk switch is missing');

/** Disinfection entries started in the period and recorded after the cutoff: the index holds both times. */
export const disinfectionLateSql = `
  SELECT count(*)::int AS late FROM disinfection_entry le JOIN site ls ON ls.id = le.site_id
  WHERE ${inPeriod('le.started_at')} AND ${utc('le.recorded_at')} > ${CUTOFF} AND ${district('ls')}`;

/** A checkpoint's road type (site.road_type); null where none was recorded. */
export const ROAD_TYPES = ['HIGHWAY_EXIT', 'NATIONAL_ROAD', 'PROVINCIAL_ROAD', null] as const;

const SIX = ['vehicles_checked', 'persons_screened', 'vehicles_turned_back', 'persons_turned_back', 'certificates_verified', 'samples_taken'];
const camel = (c: string) => c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());

/**
 * Checkpoint tallies of the shifts in the period: a shift belongs to it when the local midnight
 * (time zone $5) starting its shift date falls in [from, to). The checkpoints staffed (with an
 * effective tally) are also counted per road type, as the site records it now. The main figures sum the tallies
 * effective at the cutoff (recorded by it, not replaced by a correction recorded by it); the
 * late figures are the net change made by tallies recorded after the cutoff (effective now minus effective at the cutoff).
 */
export const checkpointSql = `
  WITH d AS (
    SELECT ((($1::timestamptz AT TIME ZONE $5::text) - interval '1 microsecond')::date + 1) AS d0,
           ((($2::timestamptz AT TIME ZONE $5::text) - interval '1 microsecond')::date + 1) AS d1
  ), t AS (
    SELECT t.*, s.road_type,
           (t.created_at <= $3::timestamptz AND NOT EXISTS (SELECT 1 FROM checkpoint_tally c WHERE c.corrects_id = t.id AND c.created_at <= $3::timestamptz)) AS eff_cut,
           (t.superseded_at IS NULL) AS eff_now
    FROM checkpoint_tally t JOIN site s ON s.id = t.checkpoint_id CROSS JOIN d
    WHERE t.shift_date >= d.d0 AND t.shift_date < d.d1 AND ${district('s')}
  )
  SELECT count(*) FILTER (WHERE eff_cut)::int AS tallies,
         count(DISTINCT checkpoint_id) FILTER (WHERE eff_cut)::int AS checkpoints,
         count(*) FILTER (WHERE eff_cut AND leaders_on_duty < 2)::int AS "shiftsShortOfLeaders",
         ${ROAD_TYPES.map((r) => `count(DISTINCT checkpoint_id) FILTER (WHERE eff_cut AND road_type ${r === null ? 'IS NULL' : `= '${r}'`})::int AS "road_${r ?? 'NONE'}"`).join(',\n         ')},
         ${SIX.map((c) => `coalesce(sum(${c}) FILTER (WHERE eff_cut), 0)::int AS "${camel(c)}"`).join(',\n         ')},
         count(*) FILTER (WHERE created_at > $3::timestamptz)::int AS "lateRecords",
         ${SIX.map((c) => `(coalesce(sum(${c}) FILTER (WHERE eff_now), 0) - coalesce(sum(${c}) FILTER (WHERE eff_cut), 0))::int AS "late_${camel(c)}"`).join(',\n         ')}
  FROM t`;

/**
 * Verification records received in the period (区域协查) by the source system's receipt time
 * (received_at), their tasks' state at the cutoff. A record counts when it was imported by the
 * cutoff (created_at); one received in the period but imported after the cutoff is a late
 * arrival. Records have no site: the district filter does not apply to them.
 */
export const verificationSql = `
  WITH v AS (
    SELECT v.needs_verification, v.deadline, v.created_at <= $3::timestamptz AS known, ${statusAtCutoff('v', 'VerificationTask')} AS status
    FROM verification_record v
    WHERE v.received_at >= $1::timestamptz AND v.received_at < $2::timestamptz
  )
  SELECT count(*) FILTER (WHERE known)::int AS received,
         count(*) FILTER (WHERE known AND needs_verification)::int AS "needingVerification",
         count(*) FILTER (WHERE known AND needs_verification AND status = 'ROUTED')::int AS routed,
         count(*) FILTER (WHERE known AND needs_verification AND status IN ('VERIFYING','ANSWERED'))::int AS verified,
         count(*) FILTER (WHERE known AND needs_verification AND status = 'ANSWERED')::int AS answered,
         count(*) FILTER (WHERE known AND needs_verification AND status <> 'ANSWERED' AND deadline < $3::timestamptz)::int AS overdue,
         count(*) FILTER (WHERE NOT known)::int AS late
  FROM v`;

/** Supplies delivered to sites in the period, per item. */
export const suppliesSql = `
  SELECT d.item_code AS "itemCode", i.name, i.kind, i.unit, i.unit_zh AS "unitZh", i.unit_en AS "unitEn", i.unit_en_plural AS "unitEnPlural",
         coalesce(sum(d.quantity) FILTER (WHERE d.created_at <= $3::timestamptz), 0)::int AS quantity,
         count(*) FILTER (WHERE d.created_at <= $3::timestamptz)::int AS deliveries,
         count(DISTINCT d.site_id) FILTER (WHERE d.created_at <= $3::timestamptz)::int AS sites,
         count(*) FILTER (WHERE d.created_at > $3::timestamptz)::int AS late
  FROM supply_delivery d JOIN supply_item i ON i.code = d.item_code JOIN site s ON s.id = d.site_id
  WHERE ${inPeriod('d.delivered_at')} AND ${district('s')}
  GROUP BY d.item_code, i.name, i.kind, i.unit, i.unit_zh, i.unit_en, i.unit_en_plural ORDER BY d.item_code`;

/**
 * Field operations that took place in the period (出动警力, 推送预警提示), known by the cutoff;
 * those recorded after it are late arrivals. With a district, only that district's records
 * (county-wide ones, district NULL, are left out).
 */
export const operationsSql = `
  WITH o AS (
    SELECT o.kind, o.officers_deployed, o.messages_pushed, o.people_reached, o.created_at <= $3::timestamptz AS known
    FROM field_operation o
    WHERE o.occurred_at >= $1::timestamptz AND o.occurred_at < $2::timestamptz AND ($4::text IS NULL OR o.district = $4::text)
  )
  SELECT count(*) FILTER (WHERE known AND kind = 'POLICE_DEPLOYMENT')::int AS deployments,
         coalesce(sum(officers_deployed) FILTER (WHERE known), 0)::int AS "officersDeployed",
         count(*) FILTER (WHERE known AND kind = 'WARNING_PUSH')::int AS pushes,
         coalesce(sum(messages_pushed) FILTER (WHERE known), 0)::int AS "messagesPushed",
         coalesce(sum(people_reached) FILTER (WHERE known), 0)::int AS "peopleReached",
         count(*) FILTER (WHERE NOT known)::int AS late
  FROM o`;
