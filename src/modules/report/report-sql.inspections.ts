import { DAY_SET_BITS, FROM, TO, district, inDistrict, inPeriod, utc } from './report-sql.shared';

/** When an inspection became known to the server: created, and submitted (or received, if filed offline). */
export const inspectionKnownAt = (alias: string) => `greatest(${alias}.created_at, coalesce(${alias}.received_at, ${alias}.submitted_at))`;

/**
 * A joint inspection (联合检查): one whose team had members of two or more agencies when it
 * started, as inspection_member recorded them then (each member with the agency it belonged to
 * at that moment), so a later change of a team or of an account's agency never recounts it.
 */
export const jointAt = (alias: string) => `((SELECT count(DISTINCT im.agency_id) FROM inspection_member im WHERE im.inspection_id = ${alias}.id) >= 2)`;

/**
 * The corrections of the period's visits (CTEs c, corr, late_corr): `corr` the outcome of each
 * visit's latest correction known at the cutoff, `late_corr` how many were recorded after it.
 */
export const INSPECTION_CORRECTIONS = `c AS (
    SELECT c.corrects_inspection_id AS id, c.id AS cid, c.outcome, c.submitted_at, ${inspectionKnownAt('c')} <= $3::timestamptz AS known
    FROM inspection c
    WHERE c.corrects_inspection_id IS NOT NULL AND c.status IN ('SUBMITTED','CLOSED')
      AND ${utc('c.submitted_at')} >= ${FROM} -- a correction is submitted after what it corrects: the index bounds the scan
  ), corr AS (
    SELECT DISTINCT ON (id) id, outcome FROM c WHERE known ORDER BY id, submitted_at DESC, cid DESC
  ), late_corr AS (
    SELECT id, count(*) AS n FROM c WHERE NOT known GROUP BY id
  )`;

/** A visit (`i`, not a correction) submitted in the period. */
export const INSPECTION_VISIT_IN_PERIOD = `i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND ${inPeriod('i.submitted_at')}`;
/** The visit `i` was known to the server by the cutoff (else a late arrival). */
export const INSPECTION_KNOWN = `${inspectionKnownAt('i')} <= $3::timestamptz`;
/** The visit's outcome at the cutoff: its latest correction's known by then (joined as `corr`), or its own. */
export const INSPECTION_OUTCOME_AT_CUTOFF = 'coalesce(corr.outcome, i.outcome)';

/**
 * Inspections submitted in the period, per site kind and outcome. A correction restates the
 * same visit: the visit is counted once, with the outcome of its latest correction known at the
 * cutoff; corrections recorded after the cutoff are late arrivals.
 */
export const inspectionsSql = (byDistrict: boolean) => `
  WITH ${INSPECTION_CORRECTIONS}, i AS (
    SELECT s.kind, i.site_id, ${INSPECTION_OUTCOME_AT_CUTOFF} AS outcome, ${INSPECTION_KNOWN} AS known, coalesce(late_corr.n, 0) AS late_corrections, ${jointAt('i')} AS joint
    FROM inspection i
    JOIN site s ON s.id = i.site_id
    LEFT JOIN corr ON corr.id = i.id
    LEFT JOIN late_corr ON late_corr.id = i.id
    WHERE ${INSPECTION_VISIT_IN_PERIOD} AND ${district('s')}${inDistrict(byDistrict, 'i')}
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
 * inspectionsSql reads the whole of it, except the built days none of whose visits was known by
 * the cutoff (known_from after it, migration ReportDayKnownFrom: as of a past cutoff, the days
 * after it): each of their visits is a late arrival and nothing else, so their stored totals are
 * their late count, and a report as of a cutoff reads the rows of the days around the cutoff
 * only, not of every day since. Sites inspected: the bits of the days' sets, and the sites
 * of the rest that are in none of them. tests/integration/report-inspection-days.test.ts holds
 * the two statements together.
 */
export const inspectionsDaysSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  built AS MATERIALIZED (
    SELECT rd.day FROM report_day rd
    WHERE rd.section = 'inspections' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (${TO})::date AND rd.known_until <= $3::timestamptz
  ), unknown AS MATERIALIZED ( -- the built whole days every visit of which became known after the cutoff (known_from): all late
    SELECT rd.day FROM report_day rd
    WHERE rd.section = 'inspections' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (${TO})::date
      AND rd.known_until > $3::timestamptz AND rd.known_from > $3::timestamptz
  ), rest AS ( -- what the built days leave of [from, to), as UTC timestamps of the index
    SELECT lower(c) AS a, upper(c) AS z
    FROM unnest(tsmultirange(tsrange(${FROM}, ${TO})) - coalesce((SELECT range_agg(tsrange(day, day + 1)) FROM (SELECT day FROM built UNION ALL SELECT day FROM unknown) b), '{}')) c
  ), ${INSPECTION_CORRECTIONS}, i AS (
    SELECT s.kind, s.slot, i.site_id, ${INSPECTION_OUTCOME_AT_CUTOFF} AS outcome, ${INSPECTION_KNOWN} AS known, coalesce(late_corr.n, 0) AS late_corrections, ${jointAt('i')} AS joint
    FROM rest CROSS JOIN LATERAL ( -- per stretch of the rest, through the covering index (OFFSET 0: whatever the planner guesses of the stretches)
      SELECT i.id, i.site_id, i.outcome, i.created_at, i.received_at, i.submitted_at FROM inspection i WHERE ${utc('i.submitted_at')} >= rest.a AND ${utc('i.submitted_at')} < rest.z
        AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL OFFSET 0) i
    -- each visit's site and slot by key (OFFSET 0: the stretches are an unnest the planner takes
    -- for 100 rows, so it hashed every site and slot for a few hundred visits)
    CROSS JOIN LATERAL (SELECT s.kind, ss.slot FROM site s JOIN site_slot ss ON ss.site_id = s.id WHERE s.id = i.site_id OFFSET 0) s
    LEFT JOIN corr ON corr.id = i.id
    LEFT JOIN late_corr ON late_corr.id = i.id
  ), day_bits AS (
    SELECT ds.kind, ds.chunk, bit_or(ds.bits) AS bits FROM report_day_set ds
    WHERE ds.section = 'inspections' AND ds.day IN (SELECT day FROM built) GROUP BY ds.kind, ds.chunk
  ), k AS (
    SELECT kind, sum(total)::int AS total, sum(pass)::int AS pass, sum(pwf)::int AS pwf, sum(fail)::int AS fail, sum(sites)::int AS sites, sum(joint)::int AS joint, sum(late)::int AS late FROM (
      SELECT kind, sum(total) AS total, sum(pass) AS pass, sum(pass_with_findings) AS pwf, sum(fail) AS fail, 0 AS sites, sum(joint) AS joint, 0 AS late
      FROM report_day_inspections WHERE day IN (SELECT day FROM built) GROUP BY kind
      UNION ALL -- a day known only after the cutoff: its visits are late (and none is known, so none has a late correction counted)
      SELECT kind, 0, 0, 0, 0, 0, 0, sum(total) FROM report_day_inspections WHERE day IN (SELECT day FROM unknown) GROUP BY kind
      UNION ALL
      SELECT kind, 0, 0, 0, 0, sum(bit_count(bits)), 0, 0 FROM day_bits GROUP BY kind
      UNION ALL
      SELECT i.kind, count(*) FILTER (WHERE i.known), count(*) FILTER (WHERE i.known AND i.outcome = 'PASS'),
             count(*) FILTER (WHERE i.known AND i.outcome = 'PASS_WITH_FINDINGS'), count(*) FILTER (WHERE i.known AND i.outcome = 'FAIL'),
             count(DISTINCT i.slot) FILTER (WHERE i.known AND (d.bits IS NULL OR get_bit(d.bits, i.slot % ${DAY_SET_BITS}) = 0)),
             count(*) FILTER (WHERE i.known AND i.joint),
             count(*) FILTER (WHERE NOT i.known) + coalesce(sum(i.late_corrections) FILTER (WHERE i.known), 0)
      FROM i LEFT JOIN day_bits d ON d.kind = i.kind AND d.chunk = i.slot / ${DAY_SET_BITS}
      GROUP BY i.kind
    ) x GROUP BY kind
  )
  SELECT kind AS "siteKind", total, pass, pwf AS "passWithFindings", fail, sites AS "sitesInspected", joint, late
  FROM k WHERE total > 0 OR late > 0 ORDER BY kind`;
