import { district } from './report-sql.shared';

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
/** CTE `d`: the period's first and last-plus-one shift dates (the local dates of [from, to)). */
export const CHECKPOINT_SHIFT_DAYS = `d AS (
    SELECT ((($1::timestamptz AT TIME ZONE $5::text) - interval '1 microsecond')::date + 1) AS d0,
           ((($2::timestamptz AT TIME ZONE $5::text) - interval '1 microsecond')::date + 1) AS d1
  )`;
/** Over tally `t` of site `s`, with CTE `d` joined: a shift of the period, at a checkpoint of the district. */
export const TALLY_IN_PERIOD = `t.shift_date >= d.d0 AND t.shift_date < d.d1 AND ${district('s')}`;
/** Tally `t` is effective at the cutoff: recorded by it, and not replaced by a correction recorded by it. */
export const TALLY_EFFECTIVE_AT_CUTOFF = `(t.created_at <= $3::timestamptz AND NOT EXISTS (SELECT 1 FROM checkpoint_tally c WHERE c.corrects_id = t.id AND c.created_at <= $3::timestamptz))`;

export const checkpointSql = `
  WITH ${CHECKPOINT_SHIFT_DAYS}, t AS (
    SELECT t.*, s.road_type,
           ${TALLY_EFFECTIVE_AT_CUTOFF} AS eff_cut,
           (t.superseded_at IS NULL) AS eff_now
    FROM checkpoint_tally t JOIN site s ON s.id = t.checkpoint_id CROSS JOIN d
    WHERE ${TALLY_IN_PERIOD}
  )
  SELECT count(*) FILTER (WHERE eff_cut)::int AS tallies,
         count(DISTINCT checkpoint_id) FILTER (WHERE eff_cut)::int AS checkpoints,
         count(*) FILTER (WHERE eff_cut AND leaders_on_duty < 2)::int AS "shiftsShortOfLeaders",
         ${ROAD_TYPES.map((r) => `count(DISTINCT checkpoint_id) FILTER (WHERE eff_cut AND road_type ${r === null ? 'IS NULL' : `= '${r}'`})::int AS "road_${r ?? 'NONE'}"`).join(',\n         ')},
         ${SIX.map((c) => `coalesce(sum(${c}) FILTER (WHERE eff_cut), 0)::int AS "${camel(c)}"`).join(',\n         ')},
         count(*) FILTER (WHERE created_at > $3::timestamptz)::int AS "lateRecords",
         ${SIX.map((c) => `(coalesce(sum(${c}) FILTER (WHERE eff_now), 0) - coalesce(sum(${c}) FILTER (WHERE eff_cut), 0))::int AS "late_${camel(c)}"`).join(',\n         ')}
  FROM t`;
