import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { siteScope } from '../../common/access';
import { decodeCursor, pageSize, toConnection } from '../../common/pagination';
import { SEVERITIES } from '../checklist/checklist.entity';
import { parse, uuid } from '../../common/validation';
import { deadlinePausedSql } from './deadline-pause';
import { Finding, FINDING_STATUSES, SETTLED_STATUSES, settledSql } from './finding.entity';
import { countOverdue } from './finding-tally';

/** Past its deadline and not settled; derived from the clock, never stored. */
export const isOverdue = (f: Finding, now: Date) => f.deadline.getTime() < now.getTime() && !SETTLED_STATUSES.includes(f.status);

const dateRange = z.object({ from: z.coerce.date().nullish(), to: z.coerce.date().nullish() });
const filterInput = z
  .object({
    status: z.array(z.enum(FINDING_STATUSES)).nullish(),
    severity: z.array(z.enum(SEVERITIES)).nullish(),
    overdue: z.boolean().nullish(),
    escalated: z.boolean().nullish(),
    siteIds: z.array(uuid).nullish(),
    teamIds: z.array(uuid).nullish(),
    inspectionIds: z.array(uuid).nullish(),
    raisedBetween: dateRange.nullish(),
  })
  .prefault({});

/**
 * The queries behind `findings(filter, first, after)`, for listFindings and the read compiler
 * (finding.compiled.ts): the page (earliest deadline first, then id) and its total, either a
 * count of the rows or, for the command centre's overdue lists, the deadline tally
 * (`tallied`: the severities to count, see overdueTallySeverities).
 */
export function findingListQueries(ctx: Ctx, args: { filter?: unknown; first?: number | null; after?: string | null }) {
  const actor = authorize(ctx, 'finding:read');
  const f = parse(filterInput, args.filter ?? {}, 'filter');
  const first = pageSize(args);
  const after = decodeCursor(args.after, 2) as [string, string] | null;
  const now = ctx.now();
  const qb = ctx.em.createQueryBuilder(Finding, 'f');
  const scope = siteScope(actor);
  if (scope) qb.andWhere('f.site_id = ANY(:scope)', { scope });
  if (f.status?.length) qb.andWhere('f.status IN (:...status)', { status: f.status });
  if (f.severity?.length) qb.andWhere('f.severity IN (:...severity)', { severity: f.severity });
  if (f.siteIds) qb.andWhere('f.site_id = ANY(:siteIds)', { siteIds: f.siteIds });
  if (f.teamIds) qb.andWhere('f.team_id = ANY(:teamIds)', { teamIds: f.teamIds });
  if (f.inspectionIds) qb.andWhere('f.inspection_id = ANY(:inspectionIds)', { inspectionIds: f.inspectionIds });
  if (f.raisedBetween?.from) qb.andWhere('f.raised_at >= :from', { from: f.raisedBetween.from });
  if (f.raisedBetween?.to) qb.andWhere('f.raised_at < :to', { to: f.raisedBetween.to });
  // A deadline paused by an open dispute (dispute module's rule) does not run out.
  const overdueSql = `(f.deadline < :now AND ${settledSql('f.status', true)} AND NOT ${deadlinePausedSql('f')})`;
  if (f.overdue != null) qb.andWhere(f.overdue ? overdueSql : `NOT ${overdueSql}`, { now });
  if (f.escalated != null) qb.andWhere(f.escalated ? `(${overdueSql} AND f.severity = 'CRITICAL')` : `NOT (${overdueSql} AND f.severity = 'CRITICAL')`, { now });
  // count(*), not getCount()'s COUNT(DISTINCT id): one table, no join, so no row repeats, and the
  // distinct sorts every matching id (about 8 times the cost on the overdue findings of a county).
  const count = qb.clone().select('count(*)::int', 'n');
  if (after) qb.andWhere('(f.deadline, f.id) > (:ad::timestamptz, :aid::uuid)', { ad: after[0], aid: after[1] });
  qb.orderBy('f.deadline', 'ASC').addOrderBy('f.id', 'ASC');
  return { page: qb, first, afterGiven: !!after, count, tallied: overdueTallySeverities(scope, f), now };
}

/** Findings as a connection, earliest deadline first; a facility manager's are limited to its sites in SQL. */
export async function listFindings(ctx: Ctx, args: { filter?: unknown; first?: number | null; after?: string | null }) {
  const q = findingListQueries(ctx, args);
  const rows = await q.page.take(q.first + 1).getMany();
  const tallied = q.tallied;
  const exact = async () => Number((await q.count.getRawOne<{ n: number }>())!.n);
  const total = tallied === undefined ? exact : () => countOverdue(ctx.em, q.now, tallied);
  return toConnection(rows, q.first, (r) => [r.deadline.toISOString(), r.id], total, q.afterGiven);
}

/**
 * The command centre's list (every finding, overdue or escalated, perhaps by severity) is counted
 * from the deadline tally: the severities to count (null: all), or undefined when the filter or
 * the actor's scope asks for more than the tally knows, and the rows are counted one by one.
 */
function overdueTallySeverities(scope: string[] | null, f: z.infer<typeof filterInput>): string[] | null | undefined {
  if (scope || f.status || f.siteIds || f.teamIds || f.inspectionIds || f.raisedBetween) return undefined;
  if (f.escalated === true) return f.overdue === false || (f.severity && !f.severity.includes('CRITICAL')) ? undefined : ['CRITICAL'];
  if (f.overdue !== true || f.escalated === false) return undefined;
  return f.severity?.length ? [...f.severity] : null;
}
