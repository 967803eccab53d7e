import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Ctx } from '../../context';
import { authorizeReportList } from '../../common/access';
import { AppError } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type PageArgs } from '../../common/pagination';
import { reportArgs, REPORT_TIME_ZONE, type ReportArgs } from '../report/report.service';
import { Dispute } from '../dispute/dispute.entity';
import { CheckpointTally } from '../checkpoint/checkpoint-tally.entity';
import type { TallyTotals } from '../checkpoint/checkpoint-query.service';
import { VerificationRecord } from '../verification/verification.entity';
import { SupplyDelivery } from '../supply/supply.entity';
import { deliveriesSql, disputesSql, talliesSql, TALLY_TOTALS, verificationRecordsSql } from './report-records.sql';

/*
 * The records behind a report figure (the console's drill-down): the report's arguments (period,
 * district, asOf; validated and cut off as the report does), the rows its figure counts
 * (report-records.sql.ts), newest first, paginated by keyset cursor (k, id). One statement for
 * the page's ids, one to load them; the count and the sums run only when asked for.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportListArgs extends PageArgs {
  period: unknown;
  district?: string | null;
  asOf?: unknown;
}

function cursorOf(args: PageArgs): [string, string] | null {
  const c = decodeCursor(args.after, 2);
  if (c && (typeof c[0] !== 'string' || Number.isNaN(Date.parse(c[0])) || typeof c[1] !== 'string' || !UUID.test(c[1]))) {
    throw new AppError('BAD_USER_INPUT', 'after is not a cursor this list gave out', { field: 'after' });
  }
  return c as [string, string] | null;
}

/**
 * A page of the CTE `m` (id, k) of `withSql`, whose own parameters are `params`: ids by (k, id)
 * descending after the cursor, loaded as entities in that order; the count and `sums` lazily.
 */
async function listOf<E extends ObjectLiteral & { id: string }>(ctx: Ctx, entity: EntityTarget<E>, withSql: string, params: unknown[], args: PageArgs) {
  const first = pageSize(args);
  const after = cursorOf(args);
  const n = params.length;
  const rows: { id: string; k: Date }[] = await ctx.em.query(
    `${withSql} SELECT id, k FROM m WHERE ($${n + 1}::timestamptz IS NULL OR (k, id) < ($${n + 1}::timestamptz, $${n + 2}::uuid)) ORDER BY k DESC, id DESC LIMIT $${n + 3}`,
    [...params, after?.[0] ?? null, after?.[1] ?? null, first + 1],
  );
  const ids = rows.slice(0, first).map((r) => r.id);
  const loaded = ids.length ? await ctx.em.findBy(entity, { id: In(ids) } as never) : [];
  const byId = new Map(loaded.map((e) => [e.id, e]));
  const keyOf = new Map(rows.map((r) => [r.id, new Date(r.k).toISOString()]));
  // The page in the ids' order; the row after it (first + 1) only tells toConnection that more follow.
  const nodes = [...ids.flatMap((id) => byId.get(id) ?? []), ...rows.slice(first).map((r) => ({ id: r.id }) as E)];
  let sums: Promise<Record<string, number>> | undefined;
  const aggregate = (select: string) => (sums ??= ctx.em.query(`${withSql} SELECT ${select} FROM m`, params).then((r: Record<string, number>[]) => r[0]));
  return { connection: toConnection(nodes, first, (e) => [keyOf.get(e.id), e.id], async () => (await aggregate('count(*)::int AS "totalCount"')).totalCount, !!after), aggregate };
}

const base = (a: ReportArgs) => [a.period.from, a.period.to, a.cutoff, a.district];

/** reportDisputes: the disputes behind disputes.lodged or disputes.resolved. */
export async function reportDisputes(ctx: Ctx, raw: ReportListArgs & { figure: 'LODGED' | 'RESOLVED' }) {
  const { sites } = authorizeReportList(ctx, 'Dispute');
  const a = reportArgs(ctx, raw);
  return (await listOf(ctx, Dispute, disputesSql(raw.figure), [...base(a), sites], raw)).connection;
}

/** reportCheckpointTallies: the tallies behind the six checkpoint figures, with their sums. */
export async function reportCheckpointTallies(ctx: Ctx, raw: ReportListArgs) {
  const { sites } = authorizeReportList(ctx, 'CheckpointTally');
  const a = reportArgs(ctx, raw);
  const { connection, aggregate } = await listOf(ctx, CheckpointTally, talliesSql, [...base(a), REPORT_TIME_ZONE, sites], raw);
  const totals = async () => (await aggregate(`count(*)::int AS "totalCount", ${TALLY_TOTALS}`)) as unknown as TallyTotals;
  return { ...connection, totalCount: async () => (await totals()).tallies, totals };
}

/** reportVerificationRecords: the records behind verification.received or verification.answered. */
export async function reportVerificationRecords(ctx: Ctx, raw: ReportListArgs & { figure: 'RECEIVED' | 'ANSWERED' }) {
  const { units } = authorizeReportList(ctx, 'VerificationTask');
  const a = reportArgs(ctx, raw);
  return (await listOf(ctx, VerificationRecord, verificationRecordsSql(raw.figure), [a.period.from, a.period.to, a.cutoff, units], raw)).connection;
}

/** reportSupplyDeliveries: the deliveries behind the supplies figures (all items, or one). */
export async function reportSupplyDeliveries(ctx: Ctx, raw: ReportListArgs & { itemCode?: string | null }) {
  const { sites } = authorizeReportList(ctx, 'Supply');
  const a = reportArgs(ctx, raw);
  const { connection, aggregate } = await listOf(ctx, SupplyDelivery, deliveriesSql, [...base(a), sites, raw.itemCode ?? null], raw);
  const sums = () => aggregate(`count(*)::int AS "totalCount", coalesce(sum(quantity), 0)::int AS quantity`);
  return { ...connection, totalCount: async () => (await sums()).totalCount, quantity: async () => (await sums()).quantity };
}
