import type { DataSource } from 'typeorm';
import { DAY_SET_BITS } from './report.sql';

/*
 * The day sets of the whole-area compliance (migration ComplianceDaySets): built on demand, by
 * the report, for the closed UTC days of its period that are not built yet. A built day stays
 * until a write changes what it holds (the lapse triggers drop it), so the report after it finds
 * it built; the first report of a new day builds that day, and a report over a long-past period
 * builds its days once.
 */

const DAY = 86_400_000;
const utcDay = (t: number) => Math.floor(t / DAY) * DAY;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The whole UTC days within [from, e], as YYYY-MM-DD (closed ones: E is never after now). */
export function wholeDays(from: Date, e: Date): string[] {
  const last = utcDay(e.getTime());
  const days: string[] = [];
  for (let d = utcDay(from.getTime() + DAY - 1); d + DAY <= last; d += DAY) days.push(iso(d));
  return days;
}

/**
 * Builds the sets of the given days that are missing, in one transaction under the section's
 * exclusive lock: writers that change a day take the shared form before they drop it, so the
 * build's snapshot, taken once it holds the lock, has every write that committed before it and
 * any write after it drops what it built.
 */
export async function ensureComplianceDays(ds: DataSource, days: string[]): Promise<number> {
  if (!days.length) return 0;
  const [{ missing }] = await ds.query(
    `SELECT count(*)::int AS missing FROM unnest($1::date[]) d WHERE NOT EXISTS (SELECT 1 FROM report_day r WHERE r.section = 'compliance' AND r.day = d)`,
    [days],
  );
  if (!missing) return 0;
  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(727012, hashtext('compliance'))`);
    const made: { day: string }[] = await em.query(
      `INSERT INTO report_day (section, day)
       SELECT 'compliance', d FROM unnest($1::date[]) d WHERE NOT EXISTS (SELECT 1 FROM report_day r WHERE r.section = 'compliance' AND r.day = d)
       ON CONFLICT DO NOTHING RETURNING day::text`,
      [days],
    );
    if (!made.length) return 0;
    await em.query(BUILD_SQL, [made.map((m) => m.day)]);
    return made.length;
  });
}

/**
 * Per day ($1, dates), kind and chunk: the bits of the required areas with a lapse touching the
 * day, of the sites created before the day ended, as the lapses are now (what a built day must
 * hold: tests compare the two). The report reads the bits only of sites created by the start of
 * its period.
 */
export const DAY_SETS_SQL = `
  WITH days AS (SELECT unnest($1::date[]) AS day),
  rule AS (
    SELECT site_kind, area, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, (count(*) OVER (PARTITION BY site_kind))::int AS n
    FROM disinfection_rule
  ), one AS (SELECT ('1' || repeat('0', ${DAY_SET_BITS - 1}))::bit(${DAY_SET_BITS}) AS b
  ), hit AS (
    SELECT DISTINCT d.day, ss.kind, ss.slot * r.n + r.idx AS p
    FROM days d
    JOIN disinfection_lapse l
      ON tstzrange(l.lapse_from, l.gap_to, '[]') && tstzrange(d.day::timestamp AT TIME ZONE 'UTC', (d.day + 1)::timestamp AT TIME ZONE 'UTC', '[]')
     AND l.gap_to > (d.day::timestamp AT TIME ZONE 'UTC') AND l.lapse_from < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
    JOIN site s ON s.id = l.site_id AND s.created_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
    JOIN site_slot ss ON ss.site_id = l.site_id
    JOIN rule r ON r.site_kind = ss.kind AND r.area = l.area
  )
  SELECT h.day, h.kind, h.p / ${DAY_SET_BITS} AS chunk, bit_or(one.b >> (h.p % ${DAY_SET_BITS})) AS bits FROM hit h, one
  GROUP BY h.day, h.kind, h.p / ${DAY_SET_BITS}`;

const BUILD_SQL = `INSERT INTO report_day_set (section, day, kind, chunk, bits) SELECT 'compliance', s.day, s.kind, s.chunk, s.bits FROM (${DAY_SETS_SQL}) s`;
