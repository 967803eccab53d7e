import type { EntityManager } from 'typeorm';
import { FROM, TO, inDistrict, statusAtCutoff, utc } from './report.sql';

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
export const disputeSql = (byDistrict: boolean) => `
  WITH period AS (SELECT $4::text AS district), d AS (
    SELECT d.kind, d.outcome, d.lodged_at, d.resolved_at, d.created_at <= $3::timestamptz AS known, ${statusAtCutoff('d', 'Dispute')} AS status
    FROM dispute d${byDistrict ? ' JOIN site s ON s.id = d.site_id' : ''}
    WHERE ((d.lodged_at >= $1::timestamptz AND d.lodged_at < $2::timestamptz) OR (${utc('d.resolved_at')} >= ${FROM} AND ${utc('d.resolved_at')} < ${TO}))
      ${byDistrict ? 'AND s.district = $4::text' : ''}${inDistrict(byDistrict, 'd', `(${utc('d.lodged_at')} >= ${FROM} AND ${utc('d.lodged_at')} < ${TO} OR ${utc('d.resolved_at')} >= ${FROM} AND ${utc('d.resolved_at')} < ${TO})`)}
  ), r AS (
    SELECT *, (known AND lodged_at >= $1::timestamptz AND lodged_at < $2::timestamptz) AS lodged_in_period,
              (known AND status = 'RESOLVED' AND resolved_at >= $1::timestamptz AND resolved_at < $2::timestamptz AND resolved_at <= $3::timestamptz) AS resolved_in_period
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

export async function disputeSection(em: EntityManager, params: unknown[]): Promise<DisputeSection> {
  const [row] = await em.query(disputeSql(params[3] != null), params.slice(0, 4));
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
