import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { siteScope } from '../../common/access';
import { decodeCursor, pageSize, toConnection } from '../../common/pagination';
import { SITE_KINDS, RISK_LEVELS } from '../site/site.entity';
import { orDefault, parse, uuid } from '../../common/validation';
import { Inspection, INSPECTION_STATUSES } from './inspection.entity';

const filterInput = z
  .object({
    siteIds: z.array(uuid).nullish(),
    teamIds: z.array(uuid).nullish(),
    status: z.array(z.enum(INSPECTION_STATUSES)).nullish(),
    submittedFrom: z.coerce.date().nullish(),
    submittedTo: z.coerce.date().nullish(),
  })
  .default({});

/** Inspections, newest first; a facility manager's are limited to its sites in SQL. */
export async function listInspections(ctx: Ctx, args: { filter?: unknown; first?: number | null; after?: string | null }) {
  const actor = authorize(ctx, 'inspection:read');
  const f = parse(filterInput, args.filter ?? {}, 'filter');
  const first = pageSize(args);
  const after = decodeCursor(args.after, 2) as [string, string] | null;
  const qb = ctx.em.createQueryBuilder(Inspection, 'i');
  const scope = siteScope(actor);
  if (scope) qb.andWhere('i.site_id = ANY(:scope)', { scope });
  if (f.siteIds) qb.andWhere('i.site_id = ANY(:siteIds)', { siteIds: f.siteIds });
  if (f.teamIds) qb.andWhere('i.team_id = ANY(:teamIds)', { teamIds: f.teamIds });
  if (f.status?.length) qb.andWhere('i.status IN (:...status)', { status: f.status });
  if (f.submittedFrom) qb.andWhere('i.submitted_at >= :sf', { sf: f.submittedFrom });
  if (f.submittedTo) qb.andWhere('i.submitted_at < :st', { st: f.submittedTo });
  const count = qb.clone();
  if (after) qb.andWhere('(i.created_at, i.id) < (:ac::timestamptz, :aid::uuid)', { ac: after[0], aid: after[1] });
  const rows = await qb.orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').take(first + 1).getMany();
  return toConnection(rows, first, (r) => [r.createdAt.toISOString(), r.id], () => count.getCount(), !!after);
}

const dueInput = z
  .object({
    siteKinds: z.array(z.enum(SITE_KINDS)).nullish(),
    riskLevels: z.array(z.enum(RISK_LEVELS)).nullish(),
    districts: z.array(z.string().max(200)).nullish(),
    siteIds: z.array(uuid).nullish(),
    withinDays: orDefault(z.number().int().min(0).max(365), 0),
    limit: orDefault(z.number().int().min(1).max(500), 100),
  })
  .prefault({});

export interface DueRow {
  siteId: string;
  lastInspectedAt: Date | null;
  lastOutcome: string | null;
  dueAt: Date | null;
  reinspectionIntervalDays: number;
  intervalDays: number;
}

/**
 * The interval a site's next inspection follows (s: site, p: its kind's profile, l: its last
 * submitted inspection): the kind's re-inspection interval, times the high-risk factor for a HIGH
 * or CRITICAL risk site and the fail factor when its last inspection (the latest submitted, a
 * correction included) FAILed.
 */
const FACTOR = `(CASE WHEN s.risk_level IN ('HIGH','CRITICAL') THEN p.high_risk_interval_factor ELSE 1 END * CASE WHEN l.last_outcome = 'FAIL' THEN p.fail_interval_factor ELSE 1 END)`;
const INTERVAL = `make_interval(secs => p.reinspection_interval_days * 86400 * ${FACTOR})`;

/**
 * inspectionsDue's one statement (for the service and the read compiler, inspection.compiled.ts):
 * rows of site_id, last_at, last_outcome, due_at, reinspection_interval_days, interval_days and
 * `ord`, their place in the answer.
 */
export function inspectionsDueQuery(ctx: Ctx, raw: unknown): { sql: string; params: unknown[] } {
  const actor = authorize(ctx, 'inspection:read');
  const f = parse(dueInput, raw ?? {}, 'filter');
  const params: unknown[] = [ctx.now(), f.withinDays, f.limit];
  const where: string[] = [`s.status = 'ACTIVE'`, `(l.last_at IS NULL OR l.last_at + ${INTERVAL} <= $1::timestamptz + make_interval(days => $2))`];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  const scope = siteScope(actor);
  if (scope) add('s.id = ANY(?::uuid[])', scope);
  if (f.siteIds) add('s.id = ANY(?::uuid[])', f.siteIds);
  if (f.siteKinds?.length) add('s.kind = ANY(?::text[])', f.siteKinds);
  if (f.riskLevels?.length) add('s.risk_level = ANY(?::text[])', f.riskLevels);
  if (f.districts?.length) add('s.district = ANY(?::text[])', f.districts);
  const order = `CASE s.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END, l.last_at ASC NULLS FIRST, s.name, s.id`;
  return {
    sql: `WITH last AS (
       SELECT DISTINCT ON (site_id) site_id, submitted_at AS last_at, outcome AS last_outcome FROM inspection
       WHERE status IN ('SUBMITTED','CLOSED') ORDER BY site_id, submitted_at DESC, id DESC
     )
     SELECT s.id AS site_id, l.last_at, l.last_outcome, l.last_at + ${INTERVAL} AS due_at, p.reinspection_interval_days,
            p.reinspection_interval_days * ${FACTOR} AS interval_days, row_number() OVER (ORDER BY ${order}) AS ord
       FROM site s JOIN standard_profile p ON p.site_kind = s.kind LEFT JOIN last l ON l.site_id = s.id
      WHERE ${where.join(' AND ')}
      ORDER BY ${order}
      LIMIT $3`,
    params,
  };
}

/**
 * Sites whose next inspection is due (never inspected, or the last submitted one is older than
 * the interval its risk and last outcome give, see INTERVAL), highest risk first, then longest
 * uninspected. One query.
 */
export async function inspectionsDue(ctx: Ctx, raw: unknown): Promise<DueRow[]> {
  const q = inspectionsDueQuery(ctx, raw);
  const rows = await ctx.em.query(q.sql, q.params);
  return rows.map((r: { site_id: string; last_at: Date | null; last_outcome: string | null; due_at: Date | null; reinspection_interval_days: number; interval_days: number }) => ({
    siteId: r.site_id,
    lastInspectedAt: r.last_at,
    lastOutcome: r.last_outcome,
    dueAt: r.due_at,
    reinspectionIntervalDays: r.reinspection_interval_days,
    intervalDays: r.interval_days,
  }));
}
