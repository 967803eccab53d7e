import type { EntityManager } from 'typeorm';
import { CUTOFF, FROM, TO, inDistrict, statusAtCutoff, utc } from './report.sql';

export interface DisputeSection {
  lodged: number;
  resolved: number;
  byKind: { kind: string; lodged: number; resolved: number }[];
  byOutcome: { outcome: string | null; count: number }[];
  medianHoursToResolve: number | null;
  late: number;
}

/**
 * Disputes lodged in the period, and disputes RESOLVED at the cutoff whose resolution falls in
 * the period (and by the cutoff). The median time to resolve is over finding disputes: site
 * conflicts are recorded already resolved, so their lodging and resolution coincide.
 * With a district, the same two ranges in the form of the site-leading indexes; without one,
 * no site is read (every dispute has one, by its foreign key).
 */
/** What the two figures judge a dispute row (alias `a`) on: known by the cutoff, and its status at the cutoff. */
export const disputeAsOfColumns = (a: string) => `${a}.created_at <= $3::timestamptz AS known, ${statusAtCutoff(a, 'Dispute')} AS status`;
/** Over a row with disputeAsOfColumns: counted as lodged in the period (known by the cutoff, lodged in [from, to)). */
export const DISPUTE_LODGED_IN_PERIOD = `(known AND lodged_at >= $1::timestamptz AND lodged_at < $2::timestamptz)`;
/** Over a row with disputeAsOfColumns: counted as resolved in the period (RESOLVED at the cutoff, resolved in [from, to) and by the cutoff). */
export const DISPUTE_RESOLVED_IN_PERIOD = `(known AND status = 'RESOLVED' AND resolved_at >= $1::timestamptz AND resolved_at < $2::timestamptz AND resolved_at <= $3::timestamptz)`;
/** The disputes a period's figures may count: lodged or resolved in [from, to) (alias `d`). */
export const DISPUTE_CANDIDATES = `((d.lodged_at >= $1::timestamptz AND d.lodged_at < $2::timestamptz) OR (${utc('d.resolved_at')} >= ${FROM} AND ${utc('d.resolved_at')} < ${TO}))`;

export const disputeSql = (byDistrict: boolean) => `
  WITH period AS (SELECT $4::text AS district), d AS (
    SELECT d.kind, d.outcome, d.lodged_at, d.resolved_at, ${disputeAsOfColumns('d')}
    FROM dispute d${byDistrict ? ' JOIN site s ON s.id = d.site_id' : ''}
    WHERE ${DISPUTE_CANDIDATES}
      ${byDistrict ? 'AND s.district = $4::text' : ''}${inDistrict(byDistrict, 'd', `(${utc('d.lodged_at')} >= ${FROM} AND ${utc('d.lodged_at')} < ${TO} OR ${utc('d.resolved_at')} >= ${FROM} AND ${utc('d.resolved_at')} < ${TO})`)}
  ), r AS (
    SELECT *, ${DISPUTE_LODGED_IN_PERIOD} AS lodged_in_period, ${DISPUTE_RESOLVED_IN_PERIOD} AS resolved_in_period
    FROM d
  )
  SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'lodged', l, 'resolved', v) ORDER BY kind), '[]'::jsonb) FROM (
            SELECT kind, count(*) FILTER (WHERE lodged_in_period)::int AS l, count(*) FILTER (WHERE resolved_in_period)::int AS v
            FROM r GROUP BY kind HAVING count(*) FILTER (WHERE lodged_in_period OR resolved_in_period) > 0) k) AS "byKind",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('outcome', outcome, 'count', n) ORDER BY outcome NULLS LAST), '[]'::jsonb) FROM (
            SELECT outcome, count(*)::int AS n FROM r WHERE resolved_in_period GROUP BY outcome) o) AS "byOutcome",
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - lodged_at) / 3600)
          FROM r WHERE resolved_in_period AND kind = 'FINDING')::float8 AS "medianHoursToResolve",
         (SELECT count(*)::int FROM r WHERE NOT known) AS late`;

/**
 * The whole days of [from, to) built for a disputes section and known by the cutoff, and what they
 * leave of the period (UTC timestamps). With `unknown` (disputes_lodged), also the built days none
 * of whose disputes was recorded by the cutoff (known_from after it, migration ReportDayKnownFrom):
 * each of their disputes counts as a late arrival and nothing else, so they are left out of the
 * rest too and counted from their stored totals (`${section}_unknown`).
 */
const daysAndRest = (section: string, unknown = false) => `${section}_days AS MATERIALIZED (
    SELECT rd.day FROM report_day rd
    WHERE rd.section = '${section}' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (${TO})::date AND rd.known_until <= $3::timestamptz
  ), ${section}_unknown AS MATERIALIZED (
    SELECT rd.day FROM report_day rd
    WHERE ${unknown ? '' : 'false AND '}rd.section = '${section}' AND rd.day >= ((${FROM} - interval '1 microsecond')::date + 1) AND rd.day < (${TO})::date
      AND rd.known_until > $3::timestamptz AND rd.known_from > $3::timestamptz
  ), ${section}_rest AS (
    SELECT lower(c) AS a, upper(c) AS z
    FROM unnest(tsmultirange(tsrange(${FROM}, ${TO})) - coalesce((SELECT range_agg(tsrange(day, day + 1)) FROM (SELECT day FROM ${section}_days UNION ALL SELECT day FROM ${section}_unknown) b), '{}')) c
  )`;

/**
 * A dispute's status at the cutoff, looked up only where a figure reads it: recorded by then
 * (`known`) and resolved by then (resolved_in_period asks both before the status).
 */
const statusIfKnown = (a: string) => `CASE WHEN ${a}.created_at <= $3::timestamptz AND ${a}.resolved_at <= $3::timestamptz THEN ${statusAtCutoff(a, 'Dispute')} END`;

/**
 * The whole area's disputes through the day sets (migration DisputeDaySets): the same figures
 * as disputeSql(false). The days built and known by the cutoff give their counts (and hours);
 * the disputes lodged, or resolved, in what those days leave of the period are read as
 * disputeSql reads them all. As of a past cutoff, the lodging days none of whose disputes was
 * recorded by then (known_from) give only their count of late arrivals, and are not read. tests/integration/report-dispute-days.test.ts holds the two together.
 */
export const disputeDaysSql = `
  WITH period AS (SELECT $4::text AS district), -- not needed: only types the parameters
  ${daysAndRest('disputes_lodged', true)}, ${daysAndRest('disputes_resolved')},
  d AS ( -- lodged in the rest, or (and not) resolved in it: each dispute once; per stretch of the rest
    -- through the range index (OFFSET 0: a scan per stretch, whatever the planner guesses of them)
    SELECT d.* FROM disputes_lodged_rest x CROSS JOIN LATERAL (
      SELECT d.kind, d.outcome, d.lodged_at, d.resolved_at, d.created_at <= $3::timestamptz AS known, ${statusIfKnown('d')} AS status,
             true AS lodged_rest, EXISTS (SELECT 1 FROM disputes_resolved_rest y WHERE ${utc('d.resolved_at')} >= y.a AND ${utc('d.resolved_at')} < y.z) AS resolved_rest
      FROM dispute d WHERE d.lodged_at >= (x.a AT TIME ZONE 'UTC') AND d.lodged_at < (x.z AT TIME ZONE 'UTC') OFFSET 0) d
    UNION ALL -- (resolved by the cutoff: one resolved after it counts only as a late arrival, resolved_after_late)
    SELECT d.* FROM disputes_resolved_rest x CROSS JOIN LATERAL (
      SELECT d.kind, d.outcome, d.lodged_at, d.resolved_at, d.created_at <= $3::timestamptz AS known, ${statusIfKnown('d')} AS status, false AS lodged_rest, true AS resolved_rest
      FROM dispute d WHERE ${utc('d.resolved_at')} >= x.a AND ${utc('d.resolved_at')} < x.z AND ${utc('d.resolved_at')} <= ${CUTOFF}
        AND NOT EXISTS (SELECT 1 FROM disputes_lodged_rest y WHERE d.lodged_at >= (y.a AT TIME ZONE 'UTC') AND d.lodged_at < (y.z AT TIME ZONE 'UTC'))
        -- (lodged on a day known only after the cutoff: counted late there)
        AND NOT EXISTS (SELECT 1 FROM disputes_lodged_unknown y WHERE ${utc('d.lodged_at')} >= y.day AND ${utc('d.lodged_at')} < y.day + 1) OFFSET 0) d
  ), resolved_after_late AS ( -- resolved in the rest after the cutoff: only a late arrival counts, one recorded after the
    -- cutoff and not lodged in the period (those are counted where they were lodged); index only (migration ReportDisputeResolvedCover)
    SELECT count(*) AS n FROM disputes_resolved_rest x CROSS JOIN LATERAL (
      SELECT 1 FROM dispute d WHERE ${utc('d.resolved_at')} >= x.a AND ${utc('d.resolved_at')} < x.z AND ${utc('d.resolved_at')} > ${CUTOFF}
        AND d.created_at > $3::timestamptz AND NOT (d.lodged_at >= $1::timestamptz AND d.lodged_at < $2::timestamptz) OFFSET 0) d
  ), r AS (
    SELECT *, (known AND lodged_rest) AS lodged_in_period,
              (known AND status = 'RESOLVED' AND resolved_rest AND resolved_at <= $3::timestamptz) AS resolved_in_period
    FROM d
  ), day_rows AS (
    SELECT x.section, x.kind, x.outcome, x.disputes, x.hours FROM report_day_disputes x
    WHERE (x.section = 'disputes_lodged' AND x.day IN (SELECT day FROM disputes_lodged_days))
       OR (x.section = 'disputes_resolved' AND x.day IN (SELECT day FROM disputes_resolved_days))
  ), k AS (
    SELECT kind, sum(l)::int AS l, sum(v)::int AS v FROM (
      SELECT kind, sum(disputes) FILTER (WHERE section = 'disputes_lodged') AS l, sum(disputes) FILTER (WHERE section = 'disputes_resolved') AS v FROM day_rows GROUP BY kind
      UNION ALL
      SELECT kind, count(*) FILTER (WHERE lodged_in_period), count(*) FILTER (WHERE resolved_in_period) FROM r GROUP BY kind) x
    GROUP BY kind HAVING coalesce(sum(l), 0) + coalesce(sum(v), 0) > 0
  ), o AS (
    SELECT outcome, sum(n)::int AS n FROM (
      SELECT outcome, disputes AS n FROM day_rows WHERE section = 'disputes_resolved'
      UNION ALL
      SELECT outcome, count(*) FROM r WHERE resolved_in_period GROUP BY outcome) x
    GROUP BY outcome HAVING sum(n) > 0
  )
  SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'lodged', coalesce(l, 0), 'resolved', coalesce(v, 0)) ORDER BY kind), '[]'::jsonb) FROM k) AS "byKind",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('outcome', outcome, 'count', n) ORDER BY outcome NULLS LAST), '[]'::jsonb) FROM o) AS "byOutcome",
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h) FROM (
            SELECT unnest(hours) AS h FROM day_rows WHERE section = 'disputes_resolved' AND kind = 'FINDING'
            UNION ALL
            SELECT extract(epoch FROM resolved_at - lodged_at) / 3600 FROM r WHERE resolved_in_period AND kind = 'FINDING') x)::float8 AS "medianHoursToResolve",
         ((SELECT count(*) FROM r WHERE NOT known) + (SELECT n FROM resolved_after_late)
          + (SELECT coalesce(sum(x.disputes), 0) FROM report_day_disputes x WHERE x.section = 'disputes_lodged' AND x.day IN (SELECT day FROM disputes_lodged_unknown)))::int AS late`;

export async function disputeSection(em: EntityManager, params: unknown[], run: (em: EntityManager, sql: string, params: unknown[]) => Promise<any[]>): Promise<DisputeSection> {
  const [row] = await run(em, params[3] != null ? disputeSql(true) : disputeDaysSql, params.slice(0, 4));
  const byKind = row.byKind as { kind: string; lodged: number; resolved: number }[];
  return {
    lodged: byKind.reduce((s, k) => s + k.lodged, 0),
    resolved: byKind.reduce((s, k) => s + k.resolved, 0),
    byKind,
    byOutcome: row.byOutcome,
    medianHoursToResolve: row.medianHoursToResolve == null ? null : Math.round(row.medianHoursToResolve * 100) / 100,
    late: row.late,
  };
}
