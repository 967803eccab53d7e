import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput } from '../../common/errors';
import { queryPrepared } from '../../common/prepared';
import { checkpointSql, disinfectionSql, findingsSql, inspectionsSql, overdueSql, rectificationSql, suppliesSql, verificationSql } from './report.sql';
import { disputeSql } from './report-disputes';
import { inSharedSnapshot } from '../../db/snapshot-lanes';
import { onReplica } from '../../db/read-your-writes';
import { REPORT_TIME_ZONE, reportArgs, type ReportArgs } from './report.service';

/**
 * reportSeries(period, bucket, district, asOf): the report's figures per day (or week), for the
 * dashboard's charts. Each bucket is a stretch of the period between local (Asia/Shanghai)
 * midnights — the first and last cut at the period's own bounds — and is computed with the
 * report's own section statements (report.sql.ts), with the report's cutoff. So the buckets
 * partition the period and the additive figures (inspections by outcome, findings raised,
 * findings due and rectified, checkpoint figures, verification records, supplies, disputes) sum
 * to the report's for the same period, district and asOf, to the unit. Two figures are states,
 * not counts: `overdue` is the backlog at the end of the bucket (at the cutoff if earlier), so the
 * last bucket's equals the report's; disinfection compliance is judged over each bucket, as the
 * report judges it over the period.
 *
 * Cost: nine statements per bucket, all in one REPEATABLE READ snapshot, the buckets spread over
 * up to REPORT_LANES connections that share it (src/db/snapshot-lanes.ts), on a read replica when
 * one has replayed the client's token; the day sets the report keeps for whole periods are not
 * used (the district forms read the rows directly).
 */

export const SERIES_MAX_BUCKETS = 92;

const SIX = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'] as const;

export interface SeriesBucket {
  from: Date;
  to: Date;
  inspections: { total: number; pass: number; passWithFindings: number; fail: number };
  findings: { raised: number; due: number; rectified: number; overdue: number; escalated: number };
  disputes: { lodged: number; resolved: number };
  disinfection: { siteKind: string; requirements: number; requirementsMet: number; complianceRate: number | null }[];
  checkpoint: Record<(typeof SIX)[number], number> & { tallies: number };
  verification: { received: number; answered: number };
  supplies: { deliveries: number; quantity: number; items: { itemCode: string; name: string; unitZh: string; quantity: number }[] };
}

export interface ReportSeries {
  period: { from: Date; to: Date };
  bucket: 'DAY' | 'WEEK';
  district: string | null;
  asOf: Date | null;
  cutoff: Date;
  buckets: SeriesBucket[];
}

const bucketArg = z.enum(['DAY', 'WEEK']);

/** Local midnights (Asia/Shanghai has no daylight saving: UTC+8 all year) cutting [from, to). */
export function bucketBounds(from: Date, to: Date, bucket: 'DAY' | 'WEEK'): { from: Date; to: Date }[] {
  const OFFSET = 8 * 3_600_000;
  const DAY = 86_400_000;
  const step = bucket === 'DAY' ? DAY : 7 * DAY;
  // The first boundary after `from`: the next local midnight (DAY) or local Monday midnight (WEEK).
  const localDayStart = Math.floor((from.getTime() + OFFSET) / DAY) * DAY - OFFSET;
  let next = localDayStart + DAY;
  if (bucket === 'WEEK') {
    const weekday = (new Date(localDayStart + OFFSET).getUTCDay() + 6) % 7; // 0 = Monday
    next = localDayStart + (7 - weekday) * DAY;
  }
  const out: { from: Date; to: Date }[] = [];
  let start = from.getTime();
  for (let b = next; start < to.getTime(); b += step) {
    const end = Math.min(b, to.getTime());
    out.push({ from: new Date(start), to: new Date(end) });
    start = end;
  }
  return out;
}

const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10000) / 10000);

async function bucketFigures(em: EntityManager, prepared: boolean, a: ReportArgs, b: { from: Date; to: Date }): Promise<SeriesBucket> {
  const byDistrict = a.district !== null;
  const p = [b.from, b.to, a.cutoff, a.district, REPORT_TIME_ZONE];
  // The same nine texts for every bucket, on one connection: prepared once, planned as PostgreSQL sees fit (queryPrepared).
  const q = (sql: string, n: number, params = p): Promise<any[]> => queryPrepared(em, prepared, 'epi_series', sql, params.slice(0, n));
  const maxParam = (sql: string) => Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const run = (sql: string, params = p) => q(sql, maxParam(sql), params);

  const insp = await run(inspectionsSql(byDistrict));
  const findings = await run(findingsSql(byDistrict));
  const [rect] = await run(rectificationSql(byDistrict));
  // The backlog at the bucket's end (or the cutoff): the report's overdue figure at that instant.
  const end = b.to < a.cutoff ? b.to : a.cutoff;
  const [overdue] = await run(overdueSql(byDistrict), [b.from, b.to, end, a.district, REPORT_TIME_ZONE]);
  const [disp] = await q(disputeSql(byDistrict), 4);
  const dis = await run(disinfectionSql(byDistrict));
  const [cp] = await run(checkpointSql);
  const [ver] = await run(verificationSql);
  const supplies = await run(suppliesSql);
  const sum = (rows: any[], k: string) => rows.reduce((s, r) => s + Number(r[k] ?? 0), 0);
  const byKind = disp.byKind as { lodged: number; resolved: number }[];
  const delivered = supplies.filter((r) => r.deliveries > 0);
  return {
    from: b.from,
    to: b.to,
    inspections: { total: sum(insp, 'total'), pass: sum(insp, 'pass'), passWithFindings: sum(insp, 'passWithFindings'), fail: sum(insp, 'fail') },
    findings: { raised: sum(findings, 'count'), due: rect.due, rectified: rect.rectified, overdue: overdue.count, escalated: overdue.escalated },
    disputes: { lodged: sum(byKind, 'lodged'), resolved: sum(byKind, 'resolved') },
    disinfection: dis.map((r) => ({ siteKind: r.siteKind, requirements: r.requirements, requirementsMet: r.requirementsMet, complianceRate: rate(r.requirementsMet, r.requirements) })),
    checkpoint: { tallies: cp.tallies, ...(Object.fromEntries(SIX.map((k) => [k, cp[k]])) as Record<(typeof SIX)[number], number>) },
    verification: { received: ver.received, answered: ver.answered },
    supplies: {
      deliveries: sum(delivered, 'deliveries'),
      quantity: sum(delivered, 'quantity'),
      items: delivered.map((r) => ({ itemCode: r.itemCode, name: r.name, unitZh: r.unitZh, quantity: r.quantity })),
    },
  };
}

export async function buildReportSeries(ctx: Ctx, raw: { period: unknown; bucket?: unknown; district?: unknown; asOf?: unknown }): Promise<ReportSeries> {
  authorize(ctx, 'report:read');
  const a = reportArgs(ctx, { period: raw.period, district: raw.district, asOf: raw.asOf });
  const bucket = bucketArg.safeParse(raw.bucket ?? 'DAY');
  if (!bucket.success) throw badInput('bucket', 'bucket must be DAY or WEEK');
  const bounds = bucketBounds(a.period.from, a.period.to, bucket.data);
  if (bounds.length > SERIES_MAX_BUCKETS) throw badInput('bucket', `at most ${SERIES_MAX_BUCKETS} buckets at a time (${bounds.length} asked for): use WEEK or a shorter period`);
  // One piece of work per bucket, on up to REPORT_LANES connections sharing one snapshot (as the
  // report's sections): the buckets agree with each other and with a report in the same snapshot.
  const prepared = ctx.config?.preparedStatements !== false;
  const work = Object.fromEntries(bounds.map((b, i) => [`b${i}`, (em: EntityManager) => bucketFigures(em, prepared, a, b)]));
  const byBucket = await onReplica(ctx, (ds) => inSharedSnapshot(ds, { lanes: ctx.config?.reportLanes ?? 1 }, work));
  const buckets = bounds.map((_, i) => byBucket[`b${i}`]);
  return { period: a.period, bucket: bucket.data, district: a.district, asOf: a.asOf, cutoff: a.cutoff, buckets };
}
