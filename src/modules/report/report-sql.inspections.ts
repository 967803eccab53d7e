import { CUTOFF, DAY_SET_BITS, FROM, TO, district, inDistrict, inPeriod, utc } from './report-sql.shared';

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
 * The visit `i` became known to the server more than two hours after it was submitted: the
 * partial index of migration ReportInspectionKnownLate holds these (offline filings received
 * late), by the instant they became known. Every other visit known after a cutoff was submitted
 * less than two hours before it, so the submitted index finds it in a two-hour window.
 */
export const INSPECTION_KNOWN_LATE = (alias: string) => `${inspectionKnownAt(alias)} - ${alias}.submitted_at > interval '2 hours'`;
/**
 * The visit `i` became known before the instant it says it was submitted (an offline device whose
 * clock ran ahead): the partial index of migration ReportInspectionKnownLate holds these by their
 * submission. Every other visit submitted after a cutoff became known after it.
 */
export const INSPECTION_KNOWN_EARLY = (alias: string) => `${inspectionKnownAt(alias)} < ${alias}.submitted_at`;

/**
 * The whole area's inspections through the day sets (migration InspectionDaySets): the same
 * figures as inspectionsSql(false). The period's whole UTC days that are built are taken four ways
 * by when their visits (and corrections) became known, against the cutoff C:
 *   - `built`, every one known by C (known_until): the day's stored counts and set of sites;
 *   - `unknown`, none known by C (known_from after it, migration ReportDayKnownFrom: as of a past
 *     cutoff, the days after it): each visit is a late arrival and nothing else, so the stored
 *     total is the day's late count;
 *   - `split`, C's own day: read visit by visit up to C (with the rest, below), and after C only
 *     the visits known before they say they were submitted (INSPECTION_KNOWN_EARLY's partial
 *     index); every other visit after C is late, so the day's stored total less the visits read
 *     is its late count;
 *   - `mixed`, the others (a day with a visit received or corrected after C): the stored counts
 *     and set, less what the day's exceptions (`x`: its visits not known by C, and those with a
 *     correction recorded after C) count in them now, plus what they counted at C. The
 *     exceptions are found by key, not by reading the day: a visit known after C was submitted
 *     after C less two hours (the submitted index) or became known more than two hours after its
 *     submission (INSPECTION_KNOWN_LATE's partial index); a late correction from `c`. A site
 *     whose every visit of the day is an exception not known by C leaves the day's set (`gone`),
 *     and the sites inspected lose it unless another day or the rest has it.
 * The whole hours of what is left (the partial end days, C's day up to C) are taken from their
 * hour sets (migration InspectionHourSets) the same way, when all or none of their visits were
 * known by C (`hour_row`). What is left of the period then (partial hours, days and hours not
 * built, hours with visits known on both sides of C) is read visit by visit, as inspectionsSql
 * reads the whole of it; its sites count where none of the sets has them. So a report reads, of
 * the partial days, at most two partial hours and the hours around C: before, it read the partial
 * end days whole (~700 visits at province for the last 30 days), and as of a past cutoff also
 * the whole of C's day, and of the day before when a visit of it arrived after C (~1,700 visits a
 * day at province).
 * tests/integration/report-inspection-days.test.ts holds the two statements together.
 */
export const inspectionsDaysSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  day_row AS MATERIALIZED (
    SELECT rd.day, CASE WHEN rd.known_until <= $3::timestamptz THEN 'built' WHEN rd.known_from > $3::timestamptz THEN 'unknown'
                        WHEN rd.day = (${CUTOFF})::date THEN 'split'
                        WHEN rd.known_from <= $3::timestamptz THEN 'mixed' END AS way
    FROM report_day rd
    WHERE rd.section = 'inspections' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (${TO})::date
  ), built AS (SELECT day FROM day_row WHERE way = 'built'
  ), unknown AS (SELECT day FROM day_row WHERE way = 'unknown'
  ), mixed AS (SELECT day FROM day_row WHERE way = 'mixed'
  ), split AS (SELECT day, ${CUTOFF} AS cutoff FROM day_row WHERE way = 'split'
  ), hour_row AS MATERIALIZED ( -- the built whole hours (migration InspectionHourSets) of the days not taken and of the split day before the cutoff,
    -- each all known by the cutoff ('built': its counts and set) or none ('unknown': its total late); the others are read visit by visit
    SELECT hour, h, way, day_way FROM (
      SELECT rh.hour, ${utc('rh.hour')} AS h,
             CASE WHEN rh.known_until <= $3::timestamptz THEN 'built' WHEN rh.known_from > $3::timestamptz THEN 'unknown' END AS way,
             (SELECT d.way FROM day_row d WHERE d.day = (${utc('rh.hour')})::date) AS day_way
      FROM report_hour rh
      WHERE rh.section = 'inspections' AND rh.hour >= $1::timestamptz AND rh.hour + interval '1 hour' <= $2::timestamptz) x
    WHERE way IS NOT NULL AND (day_way IS NULL OR (day_way = 'split' AND h + interval '1 hour' <= ${CUTOFF}))
  ), rest AS ( -- what the days and hours taken leave of [from, to), as UTC timestamps of the index (of the cutoff's day, up to the cutoff)
    SELECT lower(c) AS a, upper(c) AS z
    FROM unnest(tsmultirange(tsrange(${FROM}, ${TO})) - coalesce((
      SELECT range_agg(r) FROM (
        SELECT CASE WHEN way = 'split' THEN tsrange(${CUTOFF} + interval '1 microsecond', day + 1) ELSE tsrange(day, day + 1) END AS r FROM day_row WHERE way IS NOT NULL
        UNION ALL SELECT tsrange(h, h + interval '1 hour') FROM hour_row) t), '{}')) c
  ), ${INSPECTION_CORRECTIONS}, i AS MATERIALIZED (
    SELECT s.kind, s.slot, i.site_id, (${utc('i.submitted_at')})::date AS day, ${INSPECTION_OUTCOME_AT_CUTOFF} AS outcome, ${INSPECTION_KNOWN} AS known,
           coalesce(late_corr.n, 0) AS late_corrections, ${jointAt('i')} AS joint
    FROM (
      SELECT i.* FROM rest CROSS JOIN LATERAL ( -- per stretch of the rest, through the covering index (OFFSET 0: whatever the planner guesses of the stretches)
        SELECT i.id, i.site_id, i.outcome, i.created_at, i.received_at, i.submitted_at FROM inspection i WHERE ${utc('i.submitted_at')} >= rest.a AND ${utc('i.submitted_at')} < rest.z
          AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL OFFSET 0) i
      UNION ALL -- the cutoff's day after the cutoff: the visits known before they were submitted (INSPECTION_KNOWN_EARLY's partial index)
      SELECT i.id, i.site_id, i.outcome, i.created_at, i.received_at, i.submitted_at FROM split d JOIN inspection i
        -- (the cutoff from split, not from $3: estimated alike whether the plan knows $3 or not, so
        -- that PostgreSQL keeps the generic plan and does not plan the statement at every run)
        ON ${utc('i.submitted_at')} > d.cutoff AND ${utc('i.submitted_at')} < d.day + 1 AND ${INSPECTION_KNOWN_EARLY('i')} AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL
    ) i
    -- each visit's site and slot by key (OFFSET 0: the stretches are an unnest the planner takes
    -- for 100 rows, so it hashed every site and slot for a few hundred visits)
    CROSS JOIN LATERAL (SELECT s.kind, ss.slot FROM site s JOIN site_slot ss ON ss.site_id = s.id WHERE s.id = i.site_id OFFSET 0) s
    LEFT JOIN corr ON corr.id = i.id
    LEFT JOIN late_corr ON late_corr.id = i.id
  ), x_id AS ( -- the mixed days' exceptions, by key
    SELECT v.id FROM mixed m CROSS JOIN LATERAL ( -- submitted from two hours before the cutoff, known after it
      SELECT i.id FROM inspection i
      WHERE ${utc('i.submitted_at')} >= greatest(m.day::timestamp, ${CUTOFF} - interval '2 hours') AND ${utc('i.submitted_at')} < m.day + 1
        AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND ${inspectionKnownAt('i')} > $3::timestamptz OFFSET 0) v
    WHERE m.day + 1 > ${CUTOFF} - interval '2 hours'
    UNION -- submitted before that, known more than two hours later (the partial index)
    SELECT i.id FROM inspection i
    WHERE ${utc(inspectionKnownAt('i'))} > ${CUTOFF} AND ${INSPECTION_KNOWN_LATE('i')} AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL
      -- (the bare column, which no index of the whole area's visits has: the partial index, also in a generic plan)
      AND i.submitted_at < $3::timestamptz - interval '2 hours' AND (${utc('i.submitted_at')})::date IN (SELECT day FROM mixed)
    UNION -- with a correction recorded after the cutoff
    SELECT id FROM late_corr
  ), corr_now AS ( -- each visit's latest correction, known at the cutoff or not (as the stored counts have it)
    SELECT DISTINCT ON (id) id, outcome FROM c ORDER BY id, submitted_at DESC, cid DESC
  ), x AS MATERIALIZED (
    SELECT s.kind, s.slot, i.site_id, (${utc('i.submitted_at')})::date AS day, ${INSPECTION_KNOWN} AS known, ${INSPECTION_OUTCOME_AT_CUTOFF} AS outcome,
           corr_now.outcome AS corrected_now,
           i.outcome AS own, coalesce(late_corr.n, 0) AS late_corrections, ${jointAt('i')} AS joint
    FROM x_id JOIN inspection i ON i.id = x_id.id
    CROSS JOIN LATERAL (SELECT s.kind, ss.slot FROM site s JOIN site_slot ss ON ss.site_id = s.id WHERE s.id = i.site_id OFFSET 0) s
    LEFT JOIN corr ON corr.id = i.id
    LEFT JOIN corr_now ON corr_now.id = i.id
    LEFT JOIN late_corr ON late_corr.id = i.id
    WHERE i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND (${utc('i.submitted_at')})::date IN (SELECT day FROM mixed)
  ), gone AS ( -- a mixed day's sites none of whose visits that day was known by the cutoff (in the day's set now)
    SELECT DISTINCT x.kind, x.slot, x.day FROM x
    WHERE NOT x.known AND NOT EXISTS (
      SELECT 1 FROM inspection o WHERE o.site_id = x.site_id AND o.submitted_at >= (x.day::timestamp AT TIME ZONE 'UTC') AND o.submitted_at < ((x.day + 1)::timestamp AT TIME ZONE 'UTC')
        AND o.status IN ('SUBMITTED','CLOSED') AND o.corrects_inspection_id IS NULL AND ${inspectionKnownAt('o')} <= $3::timestamptz)
  ), mixed_bits AS (
    SELECT ds.day, ds.kind, ds.chunk, ds.bits FROM report_day_set ds WHERE ds.section = 'inspections' AND ds.day IN (SELECT day FROM mixed)
  ), built_bits AS ( -- the built days' and hours' sets
    SELECT kind, chunk, bit_or(bits) AS bits FROM (
      SELECT ds.kind, ds.chunk, ds.bits FROM report_day_set ds WHERE ds.section = 'inspections' AND ds.day IN (SELECT day FROM built)
      UNION ALL
      SELECT hs.kind, hs.chunk, hs.bits FROM report_hour_set hs WHERE hs.section = 'inspections' AND hs.what = 's' AND hs.hour IN (SELECT hour FROM hour_row WHERE way = 'built')) b
    GROUP BY kind, chunk
  ), day_bits AS (
    SELECT kind, chunk, bit_or(bits) AS bits FROM (SELECT kind, chunk, bits FROM built_bits UNION ALL SELECT kind, chunk, bits FROM mixed_bits) b GROUP BY kind, chunk
  ), gone_site AS ( -- those of them that no built day, no mixed day where they are not gone, and no visit of the rest known by the cutoff has
    SELECT DISTINCT g.kind, g.slot FROM gone g
    WHERE NOT EXISTS (SELECT 1 FROM built_bits b WHERE b.kind = g.kind AND b.chunk = g.slot / ${DAY_SET_BITS} AND get_bit(b.bits, g.slot % ${DAY_SET_BITS}) = 1)
      AND NOT EXISTS (SELECT 1 FROM mixed_bits m WHERE m.kind = g.kind AND m.chunk = g.slot / ${DAY_SET_BITS} AND get_bit(m.bits, g.slot % ${DAY_SET_BITS}) = 1
                        AND NOT EXISTS (SELECT 1 FROM gone o WHERE o.kind = g.kind AND o.slot = g.slot AND o.day = m.day))
      AND (g.kind, g.slot) NOT IN (SELECT kind, slot FROM i WHERE known)
  ), k AS (
    SELECT kind, sum(total)::int AS total, sum(pass)::int AS pass, sum(pwf)::int AS pwf, sum(fail)::int AS fail, sum(sites)::int AS sites, sum(joint)::int AS joint, sum(late)::int AS late FROM (
      SELECT kind, sum(total) AS total, sum(pass) AS pass, sum(pass_with_findings) AS pwf, sum(fail) AS fail, 0 AS sites, sum(joint) AS joint, 0 AS late
      FROM report_day_inspections WHERE day IN (SELECT day FROM built UNION ALL SELECT day FROM mixed) GROUP BY kind
      UNION ALL -- the cutoff's day after the cutoff, not read: every visit there not known before it was submitted is late
      SELECT kind, 0, 0, 0, 0, 0, 0, sum(total) FROM report_day_inspections WHERE day IN (SELECT day FROM split) GROUP BY kind
      UNION ALL
      SELECT kind, 0, 0, 0, 0, 0, 0, -count(*) FROM i WHERE day IN (SELECT day FROM split) GROUP BY kind
      UNION ALL -- (less its hours taken from their counts, below)
      SELECT kind, 0, 0, 0, 0, 0, 0, -sum(total) FROM report_hour_inspections WHERE hour IN (SELECT hour FROM hour_row WHERE day_way = 'split') GROUP BY kind
      UNION ALL -- the built hours, as the built days; the hours none of whose visits was known by the cutoff, as late
      SELECT kind, sum(total), sum(pass), sum(pass_with_findings), sum(fail), 0, sum(joint), 0
      FROM report_hour_inspections WHERE hour IN (SELECT hour FROM hour_row WHERE way = 'built') GROUP BY kind
      UNION ALL
      SELECT kind, 0, 0, 0, 0, 0, 0, sum(total) FROM report_hour_inspections WHERE hour IN (SELECT hour FROM hour_row WHERE way = 'unknown') GROUP BY kind
      UNION ALL -- a day known only after the cutoff: its visits are late (and none is known, so none has a late correction counted)
      SELECT kind, 0, 0, 0, 0, 0, 0, sum(total) FROM report_day_inspections WHERE day IN (SELECT day FROM unknown) GROUP BY kind
      UNION ALL -- the mixed days' exceptions: out as the stored counts have them (their latest correction), in as they stood at the cutoff
      SELECT x.kind, count(*) FILTER (WHERE x.known) - count(*),
             count(*) FILTER (WHERE x.known AND x.outcome = 'PASS') - count(*) FILTER (WHERE coalesce(x.corrected_now, x.own) = 'PASS'),
             count(*) FILTER (WHERE x.known AND x.outcome = 'PASS_WITH_FINDINGS') - count(*) FILTER (WHERE coalesce(x.corrected_now, x.own) = 'PASS_WITH_FINDINGS'),
             count(*) FILTER (WHERE x.known AND x.outcome = 'FAIL') - count(*) FILTER (WHERE coalesce(x.corrected_now, x.own) = 'FAIL'),
             0, count(*) FILTER (WHERE x.known AND x.joint) - count(*) FILTER (WHERE x.joint),
             count(*) FILTER (WHERE NOT x.known) + coalesce(sum(x.late_corrections) FILTER (WHERE x.known), 0)
      FROM x GROUP BY x.kind
      UNION ALL
      SELECT kind, 0, 0, 0, 0, sum(bit_count(bits)), 0, 0 FROM day_bits GROUP BY kind
      UNION ALL
      SELECT kind, 0, 0, 0, 0, -count(*), 0, 0 FROM gone_site GROUP BY kind
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
