import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { fromZod } from '../../common/errors';
import { checkpointSql, ROAD_TYPES, disinfectionDaysSql, disinfectionLateSql, disinfectionSql, findingFiguresSql, findingsSql, inspectionsDaysSql, inspectionsSql, lateDecisionsSql, overdueSql, rectificationSql, suppliesSql, verificationSql, operationsSql } from './report.sql';
import { disputeDaysSql, disputeSection, disputeSql, type DisputeSection } from './report-disputes';
import { complianceHours, inspectionHours, countMissingDays, ensureReportDaysWithin, wholeDays } from './report-days';
import { onReplica } from '../../db/read-your-writes';
import { ReplicaBehind } from '../../db/replicas';
import { inSharedSnapshot } from '../../db/snapshot-lanes';
import { queryPrepared } from '../../common/prepared';

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
  lateArrivals: LateArrivalsData;
}

/**
 * The late section as the resolvers receive it: the counts, and what its lazily computed fields
 * (decisions, netChange: statements of their own, run only when asked for) need.
 */
export interface LateArrivalsData {
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
  /** The report's arguments and its figures at the cutoff. */
  report: { args: ReportArgs; atCutoff: NetFigures };
}

export interface LateDecisions {
  total: number;
  findings: number;
  disputes: number;
  verificationRecords: number;
  inspectionCorrections: number;
}

/** Each figure now minus at the cutoff (all 0 when the cutoff is now). */
export interface NetChange {
  inspections: number;
  inspectionsPass: number;
  inspectionsPassWithFindings: number;
  inspectionsFail: number;
  jointInspections: number;
  sitesInspected: number;
  findings: number;
  findingsBySeverityStatus: { severity: string; status: string; count: number }[];
  rectificationDue: number;
  rectificationWithdrawn: number;
  rectified: number;
  rectifiedOnTime: number;
  disputesLodged: number;
  disputesResolved: number;
  verificationReceived: number;
  verificationNeedingVerification: number;
  verificationRouted: number;
  verificationVerified: number;
  verificationAnswered: number;
  supplyDeliveries: number;
  suppliesQuantity: number;
  deployments: number;
  officersDeployed: number;
  pushes: number;
  messagesPushed: number;
  peopleReached: number;
}

export type NetFigures = Omit<NetChange, 'findingsBySeverityStatus'> & { findingsBySeverityStatus: Map<string, number> };

/** The figures netChange compares, from the section statements' rows (at one cutoff). */
function figuresOf(inspections: any[], findings: any[], rect: any, disputes: DisputeSection, ver: any, supplies: any[], ops: any): NetFigures {
  const sum = (rows: any[], k: string) => rows.reduce((s, r) => s + r[k], 0);
  return {
    inspections: sum(inspections, 'total'),
    inspectionsPass: sum(inspections, 'pass'),
    inspectionsPassWithFindings: sum(inspections, 'passWithFindings'),
    inspectionsFail: sum(inspections, 'fail'),
    jointInspections: sum(inspections, 'joint'),
    sitesInspected: sum(inspections, 'sitesInspected'),
    findings: sum(findings, 'count'),
    findingsBySeverityStatus: new Map(findings.map((f) => [`${f.severity}\t${f.status}`, f.count as number])),
    rectificationDue: rect.due,
    rectificationWithdrawn: rect.withdrawn,
    rectified: rect.rectified,
    rectifiedOnTime: rect.rectifiedOnTime,
    disputesLodged: disputes.lodged,
    disputesResolved: disputes.resolved,
    verificationReceived: ver.received,
    verificationNeedingVerification: ver.needingVerification,
    verificationRouted: ver.routed,
    verificationVerified: ver.verified,
    verificationAnswered: ver.answered,
    supplyDeliveries: sum(supplies, 'deliveries'),
    suppliesQuantity: sum(supplies, 'quantity'),
    deployments: ops.deployments,
    officersDeployed: ops.officersDeployed,
    pushes: ops.pushes,
    messagesPushed: ops.messagesPushed,
    peopleReached: ops.peopleReached,
  };
}

/** The same figures at another cutoff (p: the report's parameters with that cutoff), in one snapshot of their own. */
async function netFigures(ctx: Ctx, a: ReportArgs, p: unknown[]): Promise<NetFigures> {
  const byDistrict = a.district !== null;
  const { run, one } = statements(ctx);
  // (no compliance here: the whole area's statements all have good generic plans, genericPlansFor)
  const f = await inSharedSnapshot(ctx.ds, { lanes: ctx.config.reportLanes, genericPlans: !byDistrict }, {
    ...findingWork(ctx, byDistrict, p, false),
    disputes: (em: EntityManager) => disputeSection(em, p, run),
    inspections: (em: EntityManager) => run(em, inspectionsFor(a), p),
    ver: (em: EntityManager) => one(em, verificationSql, p),
    supplies: (em: EntityManager) => run(em, suppliesSql, p),
    ops: (em: EntityManager) => one(em, operationsSql, p),
  });
  const { findings, rect } = findingSections(f);
  return figuresOf(f.inspections, findings, rect, f.disputes, f.ver, f.supplies, f.ops);
}

/** now − atCutoff, figure by figure; the findings' rows where the difference is not 0. */
function netChange(atCutoff: NetFigures, now: NetFigures | null): NetChange {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(atCutoff)) if (typeof v === 'number') out[k] = now ? (now[k as keyof NetFigures] as number) - v : 0;
  const keys = new Set([...atCutoff.findingsBySeverityStatus.keys(), ...(now?.findingsBySeverityStatus.keys() ?? [])]);
  out.findingsBySeverityStatus = now
    ? [...keys]
        .sort()
        .map((k) => {
          const [severity, status] = k.split('\t');
          return { severity, status, count: (now.findingsBySeverityStatus.get(k) ?? 0) - (atCutoff.findingsBySeverityStatus.get(k) ?? 0) };
        })
        .filter((r) => r.count !== 0)
    : [];
  return out as unknown as NetChange;
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

/**
 * How the report sends its statements: named prepared statements (queryPrepared), so that each
 * connection plans each section's text once for good where PostgreSQL finds its generic plan no
 * dearer, and parses it once; `one` for a statement of one row.
 */
const statements = (ctx: Pick<Ctx, 'config'>) => {
  const run = (em: EntityManager, sql: string, params: unknown[]): Promise<any[]> => queryPrepared(em, ctx.config?.preparedStatements !== false, 'epi_report', sql, paramsFor(sql, params));
  const one = async (em: EntityManager, sql: string, params: unknown[]): Promise<any> => (await run(em, sql, params))[0];
  return { run, one };
};

/*
 * The whole area's inspections, disputes and compliance go through day sets (report-days.ts),
 * which the report first builds for the closed days of its period that lack them: inspections and
 * disputes over [from, to), compliance over [from, E] (E the period end, or the cutoff if
 * earlier) when the period has begun by E. A district's report reads its own sites' rows instead.
 */
type Shape = Pick<ReportArgs, 'district' | 'period' | 'cutoff'>;
const complianceEnd = (a: Shape) => (a.period.to < a.cutoff ? a.period.to : a.cutoff);
const complianceByDays = (a: Shape) => a.district === null && a.period.from < complianceEnd(a);
const complianceFor = (a: ReportArgs) => (complianceByDays(a) ? disinfectionDaysSql : disinfectionSql(a.district !== null));
const inspectionsFor = (a: ReportArgs) => (a.district === null ? inspectionsDaysSql : inspectionsSql(true));

const daysWanted = (ctx: Ctx, a: ReportArgs) => setsWanted(a, ctx.now());

/**
 * The whole area's statements through the day sets run on their generic plans: PostgreSQL's own
 * choice (plan_cache_mode auto) kept planning most of them anew at every run, its estimate of
 * their generic plans being higher than of a custom one, while the generic plans ran as fast or
 * faster (BENCHMARKS.md, "Generic plans for the whole area's report"; the compliance statement
 * alone spent ~7 ms planning each time). A district's statements, and the whole area's when the
 * cutoff is before the period begins (compliance then walks the lapses, not the sets), keep
 * PostgreSQL's choice: their generic plans were slower. report-prepared.test.ts holds every
 * statement's generic plan to the rows of a custom one; report-lanes.test.ts checks the lanes'
 * mode.
 */
export const genericPlansFor = (a: Shape) => a.district === null && complianceByDays(a);

/** The day and hour sets a whole-area report reads (the benchmarks build them first). */
export function setsWanted(a: ReportArgs, now: Date) {
  const end = a.period.to < now ? a.period.to : now;
  const closed = wholeDays(a.period.from, end);
  const byDays = complianceByDays(a);
  return {
    days: { inspections: closed, disputes_lodged: closed, disputes_resolved: closed, compliance: byDays ? wholeDays(a.period.from, complianceEnd(a)) : [] },
    hours: { ...(byDays ? complianceHours(a.period.from, complianceEnd(a), now) : {}), inspections: inspectionHours(a.period.from, end, a.cutoff) },
  };
}

/**
 * How long a report waits for the sets it lacks: a new day's or hour's are built well within it;
 * a fresh or bulk-loaded database's go on in the background while the report reads the rows.
 */
const BUILD_WAIT_MS = 250;

function ensureDays(ctx: Ctx, a: ReportArgs) {
  if (a.district !== null) return Promise.resolve();
  const w = daysWanted(ctx, a);
  return ensureReportDaysWithin(ctx.ds, w.days, w.hours, BUILD_WAIT_MS, ctx.log);
}

/**
 * The finding sections' work: for the whole area ONE statement (findingFiguresSql: a finding
 * changed after the cutoff is reconstructed once for the three), for a district three (each on
 * a lane of its own). findingSections reads either back as the three sections' rows.
 */
function findingWork(ctx: Pick<Ctx, 'config'>, byDistrict: boolean, p: unknown[], withOverdue = true): Record<string, (em: EntityManager) => Promise<any>> {
  const { run, one } = statements(ctx);
  if (!byDistrict) return { findingFigures: (em: EntityManager) => one(em, findingFiguresSql, p) };
  return {
    findings: (em: EntityManager) => run(em, findingsSql(true), p),
    rect: (em: EntityManager) => one(em, rectificationSql(true), p),
    ...(withOverdue ? { overdue: (em: EntityManager) => one(em, overdueSql(true), p) } : {}),
  };
}
function findingSections(done: Record<string, any>): { findings: any[]; rect: any; overdue: { count: number; escalated: number } } {
  const ff = done.findingFigures;
  if (!ff) return { findings: done.findings, rect: done.rect, overdue: done.overdue };
  return {
    findings: ff.findings,
    rect: { due: ff.due, withdrawn: ff.withdrawn, rectified: ff.rectified, rectifiedOnTime: ff.rectifiedOnTime },
    overdue: { count: ff.overdueCount, escalated: ff.overdueEscalated },
  };
}

const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10000) / 10000);

/**
 * report(period, district, asOf): every figure from stored data, one statement per section, all
 * in one REPEATABLE READ snapshot so the sections agree with each other: on up to REPORT_LANES
 * connections at once that share it (src/db/snapshot-lanes.ts), or in one transaction when the
 * pool has none to spare. With read replicas
 * the sections run on one that has replayed the client's token and, for the whole area, the day
 * sets just built on the primary (src/db/replicas.ts); else on the primary.
 */
export async function buildReport(ctx: Ctx, raw: unknown): Promise<ReportData> {
  authorize(ctx, 'report:read');
  const a = reportArgs(ctx, raw);
  const p = reportParams(a);
  await ensureDays(ctx, a);
  const byDistrict = a.district !== null;
  const { run, one } = statements(ctx);
  // The longest sections first: with several lanes they start at once.
  const work = {
    ...findingWork(ctx, byDistrict, p),
    disinfection: (em: EntityManager) => run(em, complianceFor(a), p),
    disputes: (em: EntityManager) => disputeSection(em, p, run),
    inspections: (em: EntityManager) => run(em, inspectionsFor(a), p),
    disLate: (em: EntityManager) => one(em, disinfectionLateSql(byDistrict), p),
    cp: (em: EntityManager) => one(em, checkpointSql, p),
    ver: (em: EntityManager) => one(em, verificationSql, p),
    supplies: (em: EntityManager) => run(em, suppliesSql, p),
    ops: (em: EntityManager) => one(em, operationsSql, p),
  };
  // A replica that has not yet replayed the day sets just built on the primary: answer there.
  const first = (where: 'primary' | 'replica') =>
    where === 'replica' && a.district === null
      ? async (em: EntityManager) => {
          const w = daysWanted(ctx, a);
          if (await countMissingDays(em, w.days, w.hours)) throw new ReplicaBehind('the day sets are not on the replica yet');
        }
      : undefined;
  return onReplica(ctx, async (ds, where) => {
    const done = await inSharedSnapshot(ds, { lanes: ctx.config.reportLanes, first: first(where), genericPlans: genericPlansFor(a) }, work);
    const { inspections, disputes, disinfection, disLate, cp, ver, supplies, ops } = done;
    const { findings, rect, overdue } = findingSections(done);
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
      report: { args: a, atCutoff: figuresOf(inspections, findings, rect, disputes, ver, supplies, ops) },
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
  });
}

/**
 * lateArrivals.decisions: records of the period known by the cutoff and changed after it
 * (report-sql.late.ts). One statement, only when the cutoff is before now.
 */
export async function lateDecisions(ctx: Ctx, l: LateArrivalsData): Promise<LateDecisions> {
  const a = l.report.args;
  if (a.cutoff >= ctx.now()) return { total: 0, findings: 0, disputes: 0, verificationRecords: 0, inspectionCorrections: 0 };
  const [d] = await statements(ctx).run(ctx.em, lateDecisionsSql, reportParams(a));
  return { total: d.findings + d.disputes + d.verificationRecords + d.inspectionCorrections, ...d };
}

/**
 * lateArrivals.netChange: the period's figures as they stand now (the section statements run
 * again with the cutoff now, in a read-only snapshot of their own) minus at the cutoff.
 */
export async function lateNetChange(ctx: Ctx, l: LateArrivalsData): Promise<NetChange> {
  const a = l.report.args;
  const now = ctx.now();
  if (a.cutoff >= now) return netChange(l.report.atCutoff, null);
  const later = { ...a, cutoff: now };
  await ensureDays(ctx, later);
  const figures = await netFigures(ctx, later, reportParams(later));
  return netChange(l.report.atCutoff, figures);
}

/** Exposed for the EXPLAIN script: each section's statement with its parameters. */
export function reportStatements(a: ReportArgs): { name: string; sql: string; params: unknown[] }[] {
  const p = reportParams(a);
  const withParams = (name: string, sql: string) => ({ name, sql, params: paramsFor(sql, p) });
  const byDistrict = a.district !== null;
  return [
    withParams('inspections', inspectionsFor(a)),
    ...(byDistrict
      ? [withParams('findings', findingsSql(true)), withParams('rectification', rectificationSql(true)), withParams('overdue', overdueSql(true))]
      : [withParams('findingFigures', findingFiguresSql)]),
    withParams('disputes', byDistrict ? disputeSql(true) : disputeDaysSql),
    withParams('disinfection', complianceFor(a)),
    withParams('disinfectionLate', disinfectionLateSql(byDistrict)),
    withParams('checkpoint', checkpointSql),
    withParams('verification', verificationSql),
    withParams('supplies', suppliesSql),
    withParams('operations', operationsSql),
  ];
}
