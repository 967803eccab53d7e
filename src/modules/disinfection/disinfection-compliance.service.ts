import { z } from 'zod';
import { uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { authorizeDisinfectionRead, canSeeSite, disinfectionSiteSql } from '../../common/access';
import { fromZod, notFound } from '../../common/errors';
import { assertSiteExists } from './disinfection.read';

/*
 * Compliance against disinfection_rule (per site kind and area, a maximum interval). Times are
 * entry start times; only effective entries count (a corrected entry counts as its correction).
 * Both queries run in SQL, whatever the number of entries.
 */

export interface ComplianceGap {
  area: string;
  from: Date;
  to: Date;
  hours: number;
  maxIntervalHours: number;
}

const complianceArgs = z
  .object({ siteId: uuid, from: z.coerce.date(), to: z.coerce.date() })
  .refine((a) => a.from < a.to, { path: ['to'], message: 'to must be after from' })
  .refine((a) => a.to.getTime() - a.from.getTime() <= 366 * 86_400_000, { path: ['to'], message: 'at most 366 days at a time' });

/**
 * disinfectionCompliance: for each area the site's kind requires, the stretches without an
 * effective entry longer than the area's interval. The area's origin (the later of the site's
 * registration and the rule's start) counts as an entry; entries before it do not. A stretch
 * starts at the last entry (or the origin) at or before `from`, or at the origin when that is
 * later, runs between consecutive entries, and ends at `to` — or now, if `to` is later: the
 * future is not a breach yet. A rule whose origin is at or after the end is left out. The
 * report's compliance follows the same rule (report-sql.disinfection.ts).
 */
export async function disinfectionCompliance(ctx: Ctx, raw: { siteId: string; from: Date; to: Date }): Promise<ComplianceGap[]> {
  await authorizeDisinfectionRead(ctx, raw.siteId);
  const r = complianceArgs.safeParse(raw);
  if (!r.success) throw fromZod(r.error, '');
  const { siteId, from } = r.data;
  await assertSiteExists(ctx, siteId);
  const to = new Date(Math.min(r.data.to.getTime(), Math.max(ctx.now().getTime(), from.getTime())));
  const rows = await ctx.em.query(
    `WITH rule AS (
       SELECT r.area, r.max_interval_hours, greatest(s.created_at, r.starts_at) AS o FROM disinfection_rule r JOIN site s ON s.kind = r.site_kind
       WHERE s.id = $1 AND greatest(s.created_at, r.starts_at) < $3
     ), eff AS (
       SELECT e.area, e.started_at FROM disinfection_entry e
       WHERE e.site_id = $1 AND NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = e.id)
     ), points AS (
       SELECT rule.area, greatest((SELECT max(eff.started_at) FROM eff WHERE eff.area = rule.area AND eff.started_at <= $2), rule.o) AS at FROM rule
       UNION ALL
       SELECT eff.area, eff.started_at FROM eff JOIN rule ON rule.area = eff.area WHERE eff.started_at > greatest($2, rule.o) AND eff.started_at < $3
       UNION ALL
       SELECT rule.area, $3 FROM rule
     ), stretch AS (
       SELECT area, lag(at) OVER (PARTITION BY area ORDER BY at) AS gap_from, at AS gap_to FROM points
     )
     SELECT s.area, s.gap_from AS "from", s.gap_to AS "to",
            round((extract(epoch FROM s.gap_to - s.gap_from) / 3600)::numeric, 2)::float8 AS hours, rule.max_interval_hours AS "maxIntervalHours"
     FROM stretch s JOIN rule ON rule.area = s.area
     WHERE s.gap_from IS NOT NULL AND s.gap_to - s.gap_from > make_interval(hours => rule.max_interval_hours)
     ORDER BY s.area, s.gap_from`,
    [siteId, from, to],
  );
  return rows;
}

export interface DisinfectionRequirement {
  area: string;
  maxIntervalHours: number;
}

/**
 * The areas a site must have disinfected, with their intervals (its kind's rules). Scoped as
 * site(id): a site the caller may not see (another manager's) is NOT_FOUND, as is a missing one.
 */
export async function disinfectionRequirements(ctx: Ctx, siteId: string): Promise<DisinfectionRequirement[]> {
  const actor = authorize(ctx, 'site:read');
  if (!uuid.safeParse(siteId).success || !canSeeSite(actor, siteId)) throw notFound('site', siteId);
  const rows: { kind: string | null; area: string | null; maxIntervalHours: number | null }[] = await ctx.em.query(
    `SELECT s.kind, r.area, r.max_interval_hours AS "maxIntervalHours" FROM site s LEFT JOIN disinfection_rule r ON r.site_kind = s.kind WHERE s.id = $1 ORDER BY r.area`,
    [siteId],
  );
  if (!rows.length) throw notFound('site', siteId);
  return rows.filter((r) => r.area !== null).map((r) => ({ area: r.area!, maxIntervalHours: r.maxIntervalHours! }));
}

export interface AreaBreach {
  area: string;
  maxIntervalHours: number;
  lastDisinfectedAt: Date | null;
  /** Hours since the last entry (null when there never was one). */
  hoursSince: number | null;
}

export interface SiteBreach {
  siteId: string;
  areas: AreaBreach[];
}

/**
 * sitesInBreach: active sites (existing at `at`) with a required area (of a rule in force at
 * `at`) whose last effective entry at or before `at` — or its origin, the later of the site's
 * registration and the rule's start, when that is later — is older than its interval. Facility
 * managers and their staff see their own sites only; an inspector only the sites it inspects, as
 * for disinfectionLog (access.ts, disinfectionSiteSql: filtered in SQL, not an error).
 */
export async function sitesInBreach(ctx: Ctx, raw: { at?: Date | null; siteIds?: string[] | null }): Promise<SiteBreach[]> {
  const actor = authorize(ctx, 'disinfection:monitor');
  const ids = z.array(uuid).max(1000).nullish().safeParse(raw.siteIds);
  if (!ids.success) throw fromZod(ids.error, 'siteIds');
  const at = raw.at ?? ctx.now();
  const readable = disinfectionSiteSql(actor, 's.id', 3);
  const rows: { siteId: string; area: string; maxIntervalHours: number; lastDisinfectedAt: Date | null; hoursSince: number | null }[] = await ctx.em.query(
    `SELECT s.id AS "siteId", r.area, r.max_interval_hours AS "maxIntervalHours", last.at AS "lastDisinfectedAt",
            round((extract(epoch FROM $1::timestamptz - last.at) / 3600)::numeric, 2)::float8 AS "hoursSince"
     FROM site s
     JOIN disinfection_rule r ON r.site_kind = s.kind
     LEFT JOIN LATERAL (
       SELECT max(e.started_at) AS at FROM disinfection_entry e
       WHERE e.site_id = s.id AND e.area = r.area AND e.started_at <= $1
         AND NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = e.id)
     ) last ON true
     WHERE s.status = 'ACTIVE' AND s.created_at <= $1 AND r.starts_at <= $1
       AND ($2::uuid[] IS NULL OR s.id = ANY($2::uuid[]))
       AND ${readable.sql}
       AND greatest(last.at, s.created_at, r.starts_at) < $1::timestamptz - make_interval(hours => r.max_interval_hours)
     ORDER BY s.name, s.id, r.area`,
    [at, ids.data ?? null, ...readable.params],
  );
  const out: SiteBreach[] = [];
  for (const { siteId, ...area } of rows) {
    const last = out[out.length - 1];
    if (last?.siteId === siteId) last.areas.push(area);
    else out.push({ siteId, areas: [area] });
  }
  return out;
}

export interface AreaStatus {
  area: string;
  maxIntervalHours: number;
  lastDisinfectedAt: Date | null;
  nextDueAt: Date | null;
  overdue: boolean;
}

/**
 * disinfectionAreas: the site kind's required areas with the last effective entry of each, as of
 * now; the next is due one interval after it, or after the area's origin (the later of the
 * site's registration and the rule's start) when there is none since.
 */
export async function disinfectionAreas(ctx: Ctx, raw: { siteId: string }): Promise<AreaStatus[]> {
  await authorizeDisinfectionRead(ctx, raw.siteId);
  const id = uuid.safeParse(raw.siteId);
  if (!id.success) throw fromZod(id.error, 'siteId');
  await assertSiteExists(ctx, id.data);
  return ctx.em.query(areaStatusSql('$1', '$2'), [id.data, ctx.now()]);
}

/**
 * disinfectionAreas' statement (for the service and the read compiler, disinfection.compiled.ts):
 * rows of area, "maxIntervalHours", "lastDisinfectedAt", "nextDueAt", overdue, by area, for the
 * site `site` (a uuid SQL expression) as of `now` (a timestamptz one).
 */
export function areaStatusSql(site: string, now: string): string {
  return `SELECT r.area, r.max_interval_hours AS "maxIntervalHours", last.at AS "lastDisinfectedAt",
            greatest(last.at, s.created_at, r.starts_at) + make_interval(hours => r.max_interval_hours) AS "nextDueAt",
            (greatest(last.at, s.created_at, r.starts_at) + make_interval(hours => r.max_interval_hours) < ${now}::timestamptz) AS overdue
     FROM site s
     JOIN disinfection_rule r ON r.site_kind = s.kind
     LEFT JOIN LATERAL (
       SELECT max(e.started_at) AS at FROM disinfection_entry e
       WHERE e.site_id = s.id AND e.area = r.area AND e.started_at <= ${now}
         AND NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = e.id)
     ) last ON true
     WHERE s.id = ${site} AND r.starts_at <= ${now}
     ORDER BY r.area`;
}
