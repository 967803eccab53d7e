import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { fromZod } from '../../common/errors';
import { checkpointSql, ROAD_TYPES, disinfectionDaysSql, disinfectionLateSql, disinfectionSql, findingsSql, inspectionsDaysSql, inspectionsSql, overdueSql, rectificationSql, suppliesSql, verificationSql, operationsSql } from './report.sql';
import { disputeDaysSql, disputeSection, disputeSql, type DisputeSection } from './report-disputes';
import { complianceHours, countMissingDays, ensureReportDays, wholeDays } from './report-days';
import { onReplica } from '../../db/read-your-writes';
import { ReplicaBehind } from '../../db/replicas';

/** Checkpoint shift dates are calendar days in the county's time zone. */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';
const MAX_DAYS = 366;

const SIX = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'] as const;
export type CheckpointTotals = Record<(typeof SIX)[number], number>;

export interface ReportData {
  period: { from: Date; to: Date };
  district: string | null;
  asOf: Date | null;
  cutoff: Date;
  generatedAt: Date;
  inspections: {
    total: number;
    sitesInspected: number;
    joint: number;
    singleAgency: number;
    byKind: { siteKind: string; total: number; pass: number; passWithFindings: number; fail: number; sitesInspected: number; joint: number }[];
  };
  findings: { total: number; bySeverityStatus: { severity: string; status: string; count: number }[] };
  rectification: { due: number; withdrawn: number; rectified: number; rectifiedOnTime: number; rate: number | null };
  overdue: { count: number; escalated: number };
  disputes: Omit<DisputeSection, 'late'>;
  disinfection: { siteKind: string; sites: number; requirements: number; requirementsMet: number; complianceRate: number | null; requirementsInBreachAtEnd: number; sitesInBreachAtEnd: number }[];
  checkpoint: CheckpointTotals & { tallies: number; checkpoints: number; shiftsShortOfLeaders: number; byRoadType: { roadType: string | null; checkpoints: number }[] };
  verification: { received: number; needingVerification: number; routed: number; verified: number; answered: number; overdue: number; appliesDistrictFilter: boolean };
  operations: { deployments: number; officersDeployed: number; pushes: number; messagesPushed: number; peopleReached: number };
  supplies: { itemCode: string; name: string; kind: string; unit: string; unitZh: string; unitEn: string | null; unitEnPlural: string | null; quantity: number; deliveries: number; sites: number }[];
  lateArrivals: {
    total: number;
    inspections: number;
    findings: number;
    disputes: number;
    disinfectionEntries: number;
    checkpointTallies: number;
    checkpointNetChange: CheckpointTotals;
    verificationRecords: number;
    supplyDeliveries: number;
    fieldOperations: number;
  };
}

const args = z
  .object({
    period: z.object({ from: z.coerce.date(), to: z.coerce.date() }),
    district: z.string().trim().min(1).max(200).nullish(),
    asOf: z.coerce.date().nullish(),
  })
  .refine((a) => a.period.from < a.period.to, { path: ['period', 'to'], message: 'to must be after from' })
  .refine((a) => a.period.to.getTime() - a.period.from.getTime() <= MAX_DAYS * 86_400_000, { path: ['period', 'to'], message: `at most ${MAX_DAYS} days at a time` })
  .refine((a) => !a.asOf || a.asOf >= a.period.from, { path: ['asOf'], message: 'asOf cannot be before the period starts' });

export interface ReportArgs {
  period: { from: Date; to: Date };
  district: string | null;
  asOf: Date | null;
  cutoff: Date;
}

/** Validates the arguments and fixes the cutoff: asOf, else the period end; never later than now. */
export function reportArgs(ctx: Ctx, raw: unknown): ReportArgs {
  const r = args.safeParse(raw);
  if (!r.success) throw fromZod(r.error, '');
  const { period, district, asOf } = r.data;
  const now = ctx.now();
  const wanted = asOf ?? period.to;
  return { period, district: district ?? null, asOf: asOf ?? null, cutoff: wanted > now ? now : wanted };
}

export const reportParams = (a: ReportArgs) => [a.period.from, a.period.to, a.cutoff, a.district, REPORT_TIME_ZONE];

/** The parameters a statement uses ($1…$n, n the highest it names). */
const paramsFor = (sql: string, params: unknown[]) => params.slice(0, Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))));

const run = (em: EntityManager, sql: string, params: unknown[]): Promise<any[]> => em.query(sql, paramsFor(sql, params));

/*
 * The whole area's inspections, disputes and compliance go through day sets (report-days.ts),
 * which the report first builds for the closed days of its period that lack them: inspections and
 * disputes over [from, to), compliance over [from, E] (E the period end, or the cutoff if
 * earlier) when the period has begun by E. A district's report reads its own sites' rows instead.
 */
const complianceEnd = (a: ReportArgs) => (a.period.to < a.cutoff ? a.period.to : a.cutoff);
const complianceByDays = (a: ReportArgs) => a.district === null && a.period.from < complianceEnd(a);
const complianceFor = (a: ReportArgs) => (complianceByDays(a) ? disinfectionDaysSql : disinfectionSql(a.district !== null));
const inspectionsFor = (a: ReportArgs) => (a.district === null ? inspectionsDaysSql : inspectionsSql(true));

function daysWanted(ctx: Ctx, a: ReportArgs) {
  const now = ctx.now();
  const closed = wholeDays(a.period.from, a.period.to < now ? a.period.to : now);
  const byDays = complianceByDays(a);
  return {
    days: { inspections: closed, disputes_lodged: closed, disputes_resolved: closed, compliance: byDays ? wholeDays(a.period.from, complianceEnd(a)) : [] },
    hours: byDays ? complianceHours(a.period.from, complianceEnd(a)) : {},
  };
}

function ensureDays(ctx: Ctx, a: ReportArgs) {
  if (a.district !== null) return Promise.resolve(0);
  const w = daysWanted(ctx, a);
  return ensureReportDays(ctx.ds, w.days, w.hours);
}

const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10000) / 10000);

/**
 * report(period, district, asOf): every figure from stored data, one statement per section, all
 * in one REPEATABLE READ transaction so the sections agree with each other. With read replicas
 * the sections run on one that has replayed the client's token and, for the whole area, the day
 * sets just built on the primary (src/db/replicas.ts); else on the primary.
 */
export async function buildReport(ctx: Ctx, raw: unknown): Promise<ReportData> {
  authorize(ctx, 'report:read');
  const a = reportArgs(ctx, raw);
  const p = reportParams(a);
  await ensureDays(ctx, a);
  return onReplica(ctx, (ds, where) => ds.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    // A replica that has not yet replayed the day sets just built on the primary: answer there.
    if (where === 'replica' && a.district === null) {
      const w = daysWanted(ctx, a);
      if (await countMissingDays(em, w.days, w.hours)) throw new ReplicaBehind('the day sets are not on the replica yet');
    }
    // Many short index lookups: compiling them (JIT, above its cost threshold) costs more than it saves.
    await em.query('SET LOCAL jit = off');
    const byDistrict = a.district !== null;
    const inspections = await run(em, inspectionsFor(a), p);
    const findings = await run(em, findingsSql(byDistrict), p);
    const [rect] = await run(em, rectificationSql(byDistrict), p);
    const [overdue] = await run(em, overdueSql(byDistrict), p);
    const disputes = await disputeSection(em, p);
    const disinfection = await run(em, complianceFor(a), p);
    const [disLate] = await run(em, disinfectionLateSql, p);
    const [cp] = await run(em, checkpointSql, p);
    const [ver] = await run(em, verificationSql, p);
    const supplies = await run(em, suppliesSql, p);
    const [ops] = await run(em, operationsSql, p);

    const sum = (rows: any[], k: string) => rows.reduce((s, r) => s + r[k], 0);
    const late = {
      inspections: sum(inspections, 'late'),
      findings: sum(findings, 'late'),
      disputes: disputes.late,
      disinfectionEntries: disLate.late,
      checkpointTallies: cp.lateRecords,
      checkpointNetChange: Object.fromEntries(SIX.map((k) => [k, cp[`late_${k}`]])) as CheckpointTotals,
      verificationRecords: ver.late,
      supplyDeliveries: sum(supplies, 'late'),
      fieldOperations: ops.late as number,
    };
    const { late: _l, ...disputeFigures } = disputes;
    return {
      period: a.period,
      district: a.district,
      asOf: a.asOf,
      cutoff: a.cutoff,
      generatedAt: ctx.now(),
      inspections: {
        total: sum(inspections, 'total'),
        sitesInspected: sum(inspections, 'sitesInspected'),
        joint: sum(inspections, 'joint'),
        singleAgency: sum(inspections, 'total') - sum(inspections, 'joint'),
        byKind: inspections.filter((r) => r.total > 0).map(({ late: _x, ...r }) => r),
      },
      findings: {
        total: sum(findings, 'count'),
        bySeverityStatus: findings.filter((r) => r.count > 0).map(({ severity, status, count }) => ({ severity, status, count })),
      },
      rectification: { ...rect, rate: rate(rect.rectified, rect.due) },
      overdue,
      disputes: disputeFigures,
      disinfection: disinfection.map((r) => ({ ...r, complianceRate: rate(r.requirementsMet, r.requirements) })),
      checkpoint: {
        tallies: cp.tallies,
        checkpoints: cp.checkpoints,
        shiftsShortOfLeaders: cp.shiftsShortOfLeaders,
        byRoadType: ROAD_TYPES.map((roadType) => ({ roadType, checkpoints: cp[`road_${roadType ?? 'NONE'}`] as number })).filter((r) => r.checkpoints > 0),
        ...(Object.fromEntries(SIX.map((k) => [k, cp[k]])) as CheckpointTotals) },
      verification: { received: ver.received, needingVerification: ver.needingVerification, routed: ver.routed, verified: ver.verified, answered: ver.answered, overdue: ver.overdue, appliesDistrictFilter: false },
      supplies: supplies.filter((r) => r.deliveries > 0).map(({ late: _x, ...r }) => r),
      operations: { deployments: ops.deployments, officersDeployed: ops.officersDeployed, pushes: ops.pushes, messagesPushed: ops.messagesPushed, peopleReached: ops.peopleReached },
      lateArrivals: {
        total: late.inspections + late.findings + late.disputes + late.disinfectionEntries + late.checkpointTallies + late.verificationRecords + late.supplyDeliveries + late.fieldOperations,
        ...late,
      },
    };
  }));
}

/** Exposed for the EXPLAIN script: each section's statement with its parameters. */
export function reportStatements(a: ReportArgs): { name: string; sql: string; params: unknown[] }[] {
  const p = reportParams(a);
  const withParams = (name: string, sql: string) => ({ name, sql, params: paramsFor(sql, p) });
  const byDistrict = a.district !== null;
  return [
    withParams('inspections', inspectionsFor(a)),
    withParams('findings', findingsSql(byDistrict)),
    withParams('rectification', rectificationSql(byDistrict)),
    withParams('overdue', overdueSql(byDistrict)),
    withParams('disputes', byDistrict ? disputeSql(true) : disputeDaysSql),
    withParams('disinfection', complianceFor(a)),
    withParams('disinfectionLate', disinfectionLateSql),
    withParams('checkpoint', checkpointSql),
    withParams('verification', verificationSql),
    withParams('supplies', suppliesSql),
    withParams('operations', operationsSql),
  ];
}
