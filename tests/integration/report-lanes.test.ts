import { startTestHub, type TestHub } from '../helpers/harness';
import { loadReportScenario, DISTRICT_A, DISTRICT_B, SEED, type ReportScenario } from '../fixtures/report-scenario';
import { inSharedSnapshot, snapshotLaneHooks } from '../../src/db/snapshot-lanes';
import { genericPlansFor } from '../../src/modules/report/report.service';
import { warmReportSets } from '../../src/modules/report/report-days';

/*
 * The report's sections on several connections sharing one exported snapshot
 * (src/db/snapshot-lanes.ts, REPORT_LANES):
 *   - it answers exactly what the one-transaction report answers, for the whole area and a
 *     district, up to the period end and as of a past cutoff (with the late arrivals' decisions
 *     and net change, whose "now" figures also run on lanes);
 *   - a write committed after the snapshot is exported and before the further lanes import it is
 *     in none of the sections: the report equals the one before the write, and the next report
 *     has it.
 */

let hub: TestHub;
let sc: ReportScenario;
let command: string;
const exported: number[] = [];
beforeAll(async () => {
  hub = await startTestHub({ env: { REPORT_LANES: '4' } });
  sc = await loadReportScenario(hub.ds);
  command = await hub.login(sc.accounts.command.username);
  snapshotLaneHooks.afterExport = ({ lanes }) => void exported.push(lanes);
});
afterAll(async () => {
  snapshotLaneHooks.afterExport = undefined;
  await hub.stop();
});

const SIX = 'vehiclesChecked personsScreened vehiclesTurnedBack personsTurnedBack certificatesVerified samplesTaken';
const REPORT = `query($period: ReportPeriodInput!, $district: String, $asOf: DateTime) {
  report(period: $period, district: $district, asOf: $asOf) {
    period { from to } district asOf cutoff
    inspections { total sitesInspected joint singleAgency byKind { siteKind total pass passWithFindings fail sitesInspected joint } }
    findings { total bySeverityStatus { severity status count } }
    rectification { due withdrawn rectified rectifiedOnTime rate }
    overdue { count escalated }
    disputes { lodged resolved byKind { kind lodged resolved } byOutcome { outcome count } medianHoursToResolve }
    disinfection { siteKind sites requirements requirementsMet complianceRate requirementsInBreachAtEnd sitesInBreachAtEnd }
    checkpoint { tallies checkpoints shiftsShortOfLeaders byRoadType { roadType checkpoints } ${SIX} }
    verification { received needingVerification routed verified answered overdue appliesDistrictFilter }
    supplies { itemCode name kind unit quantity deliveries sites }
    operations { deployments officersDeployed pushes messagesPushed peopleReached }
    lateArrivals { total inspections findings disputes disinfectionEntries checkpointTallies checkpointNetChange { ${SIX} } verificationRecords supplyDeliveries fieldOperations
      decisions { total findings disputes verificationRecords inspectionCorrections }
      netChange { inspections inspectionsPass inspectionsPassWithFindings inspectionsFail jointInspections sitesInspected findings findingsBySeverityStatus { severity status count }
                  rectificationDue rectificationWithdrawn rectified rectifiedOnTime disputesLodged disputesResolved verificationReceived verificationNeedingVerification
                  verificationRouted verificationVerified verificationAnswered supplyDeliveries suppliesQuantity deployments officersDeployed pushes messagesPushed peopleReached } }
    summaryZh summaryEn
  }
}`;

/** `query`'s field `field` with REPORT_LANES set to `lanes` for the request. */
async function withLanes(lanes: number, query: string, field: string, vars: Record<string, unknown>) {
  const was = hub.config.reportLanes;
  hub.config.reportLanes = lanes;
  try {
    const r = await hub.gql(query, vars, command);
    expect(r.errors).toBeUndefined();
    return r.data[field];
  } finally {
    hub.config.reportLanes = was;
  }
}
const report = (lanes: number, vars: Record<string, unknown>) => withLanes(lanes, REPORT, 'report', vars);

const period = () => ({ from: sc.from.toISOString(), to: sc.to.toISOString() });

describe('report on several lanes sharing one snapshot', () => {
  it('answers what one lane answers: whole area, by district, as of a past cutoff', async () => {
    const midway = new Date(sc.from.getTime() + 36 * 3_600_000).toISOString();
    const shapes: Record<string, unknown>[] = [
      { period: period() },
      { period: period(), asOf: midway },
      { period: period(), district: DISTRICT_A },
      { period: period(), district: DISTRICT_B, asOf: midway },
    ];
    // A record of the period arriving after the midway cutoff, and a decision after it: the
    // as-of reports have late arrivals and a net change (their "now" figures on lanes too).
    await hub.ds.query(`UPDATE checkpoint_tally SET created_at = $1 WHERE id = (SELECT id FROM checkpoint_tally WHERE checkpoint_id = $2 ORDER BY shift_date DESC LIMIT 1)`, [new Date(sc.from.getTime() + 60 * 3_600_000), sc.checkpoints[0].id]);
    await report(1, { period: period() }); // builds the period's day sets once, before either is compared
    for (const vars of shapes) {
      exported.length = 0;
      const many = await report(4, vars);
      // Lanes were used: one export for the sections, one more for the net change's "now" figures when the cutoff is past.
      expect(exported.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...exported)).toBeGreaterThan(1);
      exported.length = 0;
      const one = await report(1, vars);
      expect(exported).toEqual([]);
      expect(many).toEqual(one);
    }
    const asOf = await report(4, { period: period(), asOf: midway });
    expect(asOf.lateArrivals.checkpointTallies).toBeGreaterThan(0);
    expect(Object.values(asOf.lateArrivals.netChange).some((v) => typeof v === 'number' && v !== 0)).toBe(true);
  });

  it('keeps a write committed while it runs out of every section', async () => {
    const before = await report(4, { period: period() });
    expect(before.checkpoint.vehiclesChecked).toBe(SEED.vehiclesChecked);
    // After the first lane has exported its snapshot and before the others import it, commit (on
    // another connection) a write that moves several sections: the checkpoint tallies, the
    // supplies, and a finding raised in the period.
    let written = 0;
    snapshotLaneHooks.afterExport = async ({ lanes }) => {
      exported.push(lanes);
      if (written++) return;
      await hub.ds.transaction(async (em) => {
        await em.query(`UPDATE checkpoint_tally SET vehicles_checked = vehicles_checked + 1`);
        await em.query(`UPDATE supply_delivery SET quantity = quantity + 1`);
        await em.query(`UPDATE finding SET severity = 'CRITICAL' WHERE id = $1`, [sc.findingIds.F2]);
      });
    };
    try {
      exported.length = 0;
      const during = await report(4, { period: period() });
      expect(written).toBeGreaterThanOrEqual(1);
      expect(Math.max(...exported)).toBeGreaterThan(1);
      // The sections' figures are those of before the write. (netChange's "now" figures are read
      // later, in a snapshot of their own, by design: they have it.)
      const sections = (r: any) => ({ ...r, lateArrivals: { ...r.lateArrivals, netChange: undefined } });
      expect(sections(during)).toEqual(sections(before));
      expect(during.lateArrivals.netChange.suppliesQuantity).toBe(before.lateArrivals.netChange.suppliesQuantity + before.supplies.reduce((s: number, x: any) => s + x.deliveries, 0));
    } finally {
      snapshotLaneHooks.afterExport = ({ lanes }) => void exported.push(lanes);
    }
    // The next report has the write in its sections.
    for (const lanes of [4, 1]) {
      const after = await report(lanes, { period: period() });
      expect(after.checkpoint.vehiclesChecked).toBe(SEED.vehiclesChecked + after.checkpoint.tallies);
      expect(after.supplies.reduce((s: number, x: any) => s + x.quantity, 0)).toBe(before.supplies.reduce((s: number, x: any) => s + x.quantity, 0) + before.supplies.reduce((s: number, x: any) => s + x.deliveries, 0));
      expect(after.findings).not.toEqual(before.findings);
    }
  });

  it('answers the same while the pass at start builds the sets, without building or waiting itself', async () => {
    const built = await report(4, { period: period() });
    await hub.ds.query(`DELETE FROM report_day`);
    await hub.ds.query(`DELETE FROM report_hour`);
    const quiet = { info: () => undefined, warn: () => undefined };
    const pass = warmReportSets(hub.ds, quiet);
    const r = await hub.gql(REPORT, { period: period() }, command);
    expect(r.errors).toBeUndefined();
    expect(r.data.report).toEqual(built);
    await pass;
    const [{ days }] = await hub.ds.query(`SELECT count(*)::int AS days FROM report_day`);
    expect(days).toBeGreaterThan(0);
    expect(await report(4, { period: period() })).toEqual(built);
  });
});

describe('the daily series on several lanes sharing one snapshot', () => {
  const SERIES = `query($period: ReportPeriodInput!, $district: String, $asOf: DateTime) {
    reportSeries(period: $period, bucket: DAY, district: $district, asOf: $asOf) {
      cutoff buckets { from to inspections { total pass fail } findings { raised due rectified overdue escalated } disputes { lodged resolved }
        disinfection { siteKind requirements requirementsMet } checkpoint { tallies ${SIX} } verification { received answered } supplies { deliveries quantity } }
    }
  }`;
  const series = (lanes: number, vars: Record<string, unknown>) => withLanes(lanes, SERIES, 'reportSeries', vars);

  it('spreads its buckets over lanes, answers what one lane answers, and keeps a write committed while it runs out of every bucket', async () => {
    const midway = new Date(sc.from.getTime() + 36 * 3_600_000).toISOString();
    for (const vars of [{ period: period() }, { period: period(), district: DISTRICT_A, asOf: midway }]) {
      exported.length = 0;
      const many = await series(4, vars);
      expect(many.buckets.length).toBeGreaterThan(1);
      expect(Math.max(...exported)).toBeGreaterThan(1);
      exported.length = 0;
      const one = await series(1, vars);
      expect(exported).toEqual([]);
      expect(many).toEqual(one);
    }
    const before = await series(4, { period: period() });
    const vehicles = (s: any) => s.buckets.reduce((n: number, b: any) => n + b.checkpoint.vehiclesChecked, 0);
    let written = 0;
    snapshotLaneHooks.afterExport = async ({ lanes }) => {
      exported.push(lanes);
      if (written++) return;
      await hub.ds.query(`UPDATE checkpoint_tally SET vehicles_checked = vehicles_checked + 1`);
    };
    try {
      exported.length = 0;
      const during = await series(4, { period: period() });
      expect(written).toBe(1);
      expect(Math.max(...exported)).toBeGreaterThan(1);
      expect(during).toEqual(before);
    } finally {
      snapshotLaneHooks.afterExport = ({ lanes }) => void exported.push(lanes);
    }
    const after = await series(4, { period: period() });
    expect(vehicles(after)).toBe(vehicles(before) + after.buckets.reduce((n: number, b: any) => n + b.checkpoint.tallies, 0));
  });
});

describe('generic plans', () => {
  it("every lane of a read asking for them runs on generic plans, and only the whole area's report through the day sets asks", async () => {
    const mode = (em: { query: (q: string) => Promise<{ plan_cache_mode: string }[]> }) => em.query('SHOW plan_cache_mode').then((r) => r[0].plan_cache_mode);
    // Pieces slow enough that the further lanes join and take some of them.
    const work = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, async (em: any) => (await em.query('SELECT pg_sleep(0.05)'), { mode: await mode(em), pid: (await em.query('SELECT pg_backend_pid() AS p'))[0].p })]));
    exported.length = 0;
    const generic = await inSharedSnapshot(hub.ds, { lanes: 3, genericPlans: true }, work);
    expect(Math.max(...exported)).toBeGreaterThan(1);
    expect(new Set(Object.values(generic).map((x: any) => x.pid)).size).toBeGreaterThan(1);
    expect(Object.values(generic).map((x: any) => x.mode)).toEqual(Array(6).fill('force_generic_plan'));
    const auto = await inSharedSnapshot(hub.ds, { lanes: 3 }, work);
    expect(Object.values(auto).map((x: any) => x.mode)).toEqual(Array(6).fill('auto'));
    // Outside such a read the pooled connections are as they were.
    expect(await mode(hub.ds as any)).toBe('auto');

    const period = { from: sc.from, to: sc.to };
    expect(genericPlansFor({ district: null, period, cutoff: sc.to })).toBe(true);
    expect(genericPlansFor({ district: null, period, cutoff: new Date(sc.from.getTime() + 36 * 3_600_000) })).toBe(true);
    expect(genericPlansFor({ district: DISTRICT_A, period, cutoff: sc.to })).toBe(false);
    // A cutoff before the period begins: compliance walks the lapses, not the sets.
    expect(genericPlansFor({ district: null, period, cutoff: new Date(sc.from.getTime() - 3_600_000) })).toBe(false);
  });
});
