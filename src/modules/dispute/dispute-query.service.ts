import type { Ctx } from '../../context';
import { authorize, siteScope } from '../../common/authorize';
import { badInput } from '../../common/errors';
import { decodeCursor, pageSize, toConnection } from '../../common/pagination';
import { isUuid, parse } from '../../common/validation';
import { Dispute, type ConflictCategory, type DisputeOutcome } from './dispute.entity';
import { disputeFilter, statisticsFilter } from './dispute.input';

/** Open and past its resolution deadline; derived from the clock, never stored. */
export const isDisputeOverdue = (d: Dispute, now: Date) => (d.status === 'LODGED' || d.status === 'UNDER_REVIEW') && !!d.resolutionDueAt && d.resolutionDueAt.getTime() < now.getTime();

/** One dispute, or null when it does not exist or is another site's (facility managers). */
export async function getDispute(ctx: Ctx, id: string) {
  const actor = authorize(ctx, 'dispute:read');
  if (!isUuid(id)) return null;
  const qb = ctx.em.createQueryBuilder(Dispute, 'd').where('d.id = :id', { id });
  const scope = siteScope(actor);
  if (scope) qb.andWhere('d.site_id = ANY(:scope)', { scope });
  return qb.getOne();
}

/** Disputes, oldest lodged first; scope and every filter applied in SQL. */
export async function listDisputes(ctx: Ctx, args: { filter?: unknown; first?: number | null; after?: string | null }) {
  const actor = authorize(ctx, 'dispute:read');
  const f = parse(disputeFilter, args.filter ?? {}, 'filter');
  const first = pageSize(args);
  const after = decodeCursor(args.after, 2) as [string, string] | null;
  const qb = ctx.em.createQueryBuilder(Dispute, 'd');
  const scope = siteScope(actor);
  if (scope) qb.andWhere('d.site_id = ANY(:scope)', { scope });
  if (f.status?.length) qb.andWhere('d.status IN (:...status)', { status: f.status });
  if (f.outcome?.length) qb.andWhere('d.outcome IN (:...outcome)', { outcome: f.outcome });
  if (f.kind) qb.andWhere('d.kind = :kind', { kind: f.kind });
  if (f.siteIds) qb.andWhere('d.site_id = ANY(:siteIds)', { siteIds: f.siteIds });
  if (f.reviewerId) qb.andWhere('d.reviewer_id = :reviewerId', { reviewerId: f.reviewerId });
  const overdueSql = `(d.status IN ('LODGED','UNDER_REVIEW') AND d.resolution_due_at < :now)`;
  if (f.overdue != null) qb.andWhere(f.overdue ? overdueSql : `NOT ${overdueSql}`, { now: ctx.now() });
  const count = qb.clone();
  if (after) qb.andWhere('(d.lodged_at, d.id) > (:al::timestamptz, :aid::uuid)', { al: after[0], aid: after[1] });
  const rows = await qb.orderBy('d.lodged_at', 'ASC').addOrderBy('d.id', 'ASC').take(first + 1).getMany();
  return toConnection(rows, first, (r) => [r.lodgedAt.toISOString(), r.id], () => count.getCount(), !!after);
}

interface RateRow {
  id: string;
  resolved: number;
  overturned: number;
  median_hours: number | null;
}

const rate = (r: RateRow) => ({ resolved: Number(r.resolved), overturned: Number(r.overturned), overturnRate: Number(r.resolved) ? Number(r.overturned) / Number(r.resolved) : 0, medianHoursToResolve: r.median_hours === null ? null : Number(r.median_hours) });

/**
 * What a supervisor needs, over finding disputes resolved in [from, to): counts by outcome,
 * median time to resolve (percentile_cont in SQL), overturn rate per raising team and per
 * reviewer; plus site conflicts recorded in the range, by category.
 */
export async function disputeStatistics(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'report:read');
  const f = parse(statisticsFilter, raw ?? {}, 'filter');
  if (f.from && f.to && f.from >= f.to) throw badInput('filter.to', 'to must be after from');
  const params = [f.from ?? null, f.to ?? null];
  const resolvedIn = `d.status = 'RESOLVED' AND ($1::timestamptz IS NULL OR d.resolved_at >= $1) AND ($2::timestamptz IS NULL OR d.resolved_at < $2)`;
  const hours = `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.resolved_at - d.lodged_at)) / 3600`;
  // key null: one row over everything (an aggregate without GROUP BY always returns one row).
  const group = (key: string | null, join = '') =>
    ctx.em.query(
      `SELECT ${key ?? 'NULL'} AS id, count(*)::int AS resolved, count(*) FILTER (WHERE d.outcome = 'OVERTURNED')::int AS overturned, ${hours} AS median_hours
         FROM dispute d ${join} WHERE d.kind = 'FINDING' AND ${resolvedIn} ${key ? `GROUP BY ${key} ORDER BY ${key}` : ''}`,
      params,
    ) as Promise<RateRow[]>;
  const [overall] = await group(null);
  const byOutcome: { outcome: DisputeOutcome; count: number }[] = await ctx.em.query(
    `SELECT d.outcome, count(*)::int AS count FROM dispute d WHERE d.kind = 'FINDING' AND ${resolvedIn} GROUP BY d.outcome ORDER BY d.outcome`,
    params,
  );
  const byTeam = await group('f.team_id', 'JOIN finding f ON f.id = d.finding_id');
  const byReviewer = await group('d.reviewer_id');
  const conflicts: { category: ConflictCategory; count: number }[] = await ctx.em.query(
    `SELECT d.category, count(*)::int AS count FROM dispute d WHERE d.kind = 'SITE_CONFLICT' AND ${resolvedIn} GROUP BY d.category ORDER BY d.category`,
    params,
  );
  return {
    from: f.from ?? null,
    to: f.to ?? null,
    ...rate(overall),
    byOutcome: byOutcome.map((r) => ({ outcome: r.outcome, count: Number(r.count) })),
    byTeam: byTeam.map((r) => ({ teamId: r.id, ...rate(r) })),
    byReviewer: byReviewer.map((r) => ({ reviewerId: r.id, ...rate(r) })),
    siteConflictsResolved: conflicts.reduce((n, r) => n + Number(r.count), 0),
    siteConflictsByCategory: conflicts.map((r) => ({ category: r.category, count: Number(r.count) })),
  };
}
