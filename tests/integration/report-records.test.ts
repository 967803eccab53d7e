import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { loadReportScenario, DISTRICT_A, DISTRICT_B, type ReportScenario } from '../fixtures/report-scenario';

/*
 * The drill-down lists behind the report's figures (reportInspections, reportFindings,
 * reportDisputes, reportCheckpointTallies, reportVerificationRecords, reportSupplyDeliveries): for
 * the same arguments, a list's total is the report's figure — for the whole county, a district,
 * and cutoffs inside the period — and paging through it by cursor (once per list, for the county)
 * yields exactly that many distinct records.
 */

let hub: TestHub;
let sc: ReportScenario;
let command: string;
beforeAll(async () => {
  hub = await startTestHub();
  sc = await loadReportScenario(hub.ds);
  command = await hub.login(sc.accounts.command.username);
});
afterAll(() => hub.stop());

const SIX = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'];
const REPORT = `query($period: ReportPeriodInput!, $district: String, $asOf: DateTime) {
  report(period: $period, district: $district, asOf: $asOf) {
    inspections { total byKind { pass passWithFindings fail } }
    findings { total }
    overdue { count escalated }
    disputes { lodged resolved }
    checkpoint { tallies ${SIX.join(' ')} }
    verification { received answered }
    supplies { itemCode quantity deliveries }
  }
}`;
const ARGS = '$period: ReportPeriodInput!, $district: String, $asOf: DateTime, $first: Int, $after: String';
const PASS = 'period: $period, district: $district, asOf: $asOf, first: $first, after: $after';
const LISTS = {
  inspections: `query(${ARGS}, $outcome: InspectionOutcome) { l: reportInspections(outcome: $outcome, ${PASS}) { totalCount nodes { id outcome submittedAt site { name } } pageInfo { hasNextPage endCursor } } }`,
  findings: `query(${ARGS}, $figure: ReportFindingFigure!) { l: reportFindings(figure: $figure, ${PASS}) { totalCount nodes { id title status inspection { id } } pageInfo { hasNextPage endCursor } } }`,
  disputes: `query(${ARGS}, $figure: ReportDisputeFigure!) { l: reportDisputes(figure: $figure, ${PASS}) { totalCount nodes { id lodgedAt site { name } } pageInfo { hasNextPage endCursor } } }`,
  tallies: `query(${ARGS}) { l: reportCheckpointTallies(${PASS}) { totalCount totals { tallies ${SIX.join(' ')} } nodes { id vehiclesChecked checkpoint { name } } pageInfo { hasNextPage endCursor } } }`,
  verification: `query(${ARGS}, $figure: ReportVerificationFigure!) { l: reportVerificationRecords(figure: $figure, ${PASS}) { totalCount nodes { id status needsVerification receivedAt } pageInfo { hasNextPage endCursor } } }`,
  supplies: `query(${ARGS}, $itemCode: String) { l: reportSupplyDeliveries(itemCode: $itemCode, ${PASS}) { totalCount quantity nodes { id quantity site { name } item { code } } pageInfo { hasNextPage endCursor } } }`,
};

/**
 * A list's total and, with `full`, every page of it (pages of 20, so every list of more than 20
 * takes several; of 500 after the first for the thousands of verification records), checking
 * that no record comes twice; without, one small page: its totalCount and the sums the list
 * carries.
 */
async function all(q: string, vars: Record<string, unknown>, full: boolean) {
  const ids: string[] = [];
  let first: any;
  let after: string | null = null;
  for (;;) {
    const r: { data?: any; errors?: unknown } = await hub.gql(q, { ...vars, first: !full ? 1 : first?.totalCount > 1000 ? 500 : 20, after }, command);
    expect(r.errors).toBeUndefined();
    first ??= r.data.l;
    ids.push(...r.data.l.nodes.map((n: { id: string }) => n.id));
    if (!full || !r.data.l.pageInfo.hasNextPage) break;
    after = r.data.l.pageInfo.endCursor;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { ...first, ids, n: full ? ids.length : first.totalCount };
}

async function figuresAndLists(vars: Record<string, unknown>, full = false) {
  const rep = await hub.gql(REPORT, vars, command);
  expect(rep.errors).toBeUndefined();
  const r = rep.data.report;
  const list = (q: string, more: Record<string, unknown> = {}) => all(q, { ...vars, ...more }, full);
  const item = r.supplies[0]?.itemCode;
  const [inspections, pass, pwf, fail, raised, overdue, escalated, lodged, resolved, tallies, received, answered, supplies, oneItem] = await Promise.all([
    list(LISTS.inspections),
    list(LISTS.inspections, { outcome: 'PASS' }),
    list(LISTS.inspections, { outcome: 'PASS_WITH_FINDINGS' }),
    list(LISTS.inspections, { outcome: 'FAIL' }),
    list(LISTS.findings, { figure: 'RAISED' }),
    list(LISTS.findings, { figure: 'OVERDUE' }),
    list(LISTS.findings, { figure: 'ESCALATED' }),
    list(LISTS.disputes, { figure: 'LODGED' }),
    list(LISTS.disputes, { figure: 'RESOLVED' }),
    list(LISTS.tallies),
    list(LISTS.verification, { figure: 'RECEIVED' }),
    list(LISTS.verification, { figure: 'ANSWERED' }),
    list(LISTS.supplies),
    item ? list(LISTS.supplies, { itemCode: item }) : null,
  ]);
  const sum = (rows: any[], k: string) => rows.reduce((s, x) => s + x[k], 0);
  const pair = (l: { totalCount: number; n: number }) => [l.totalCount, l.n];
  return {
    report: {
      inspections: r.inspections.total,
      pass: sum(r.inspections.byKind, 'pass'),
      passWithFindings: sum(r.inspections.byKind, 'passWithFindings'),
      fail: sum(r.inspections.byKind, 'fail'),
      raised: r.findings.total,
      overdue: r.overdue.count,
      escalated: r.overdue.escalated,
      lodged: r.disputes.lodged,
      resolved: r.disputes.resolved,
      tallies: r.checkpoint.tallies,
      ...Object.fromEntries(SIX.map((k) => [k, r.checkpoint[k]])),
      received: r.verification.received,
      answered: r.verification.answered,
      deliveries: sum(r.supplies, 'deliveries'),
      quantity: sum(r.supplies, 'quantity'),
      oneItem: item ? r.supplies[0].deliveries : null,
    },
    lists: {
      inspections: pair(inspections),
      pass: pair(pass),
      passWithFindings: pair(pwf),
      fail: pair(fail),
      raised: pair(raised),
      overdue: pair(overdue),
      escalated: pair(escalated),
      lodged: pair(lodged),
      resolved: pair(resolved),
      tallies: pair(tallies),
      ...Object.fromEntries(SIX.map((k) => [k, tallies.totals[k]])),
      received: pair(received),
      answered: pair(answered),
      deliveries: pair(supplies),
      quantity: supplies.quantity,
      oneItem: oneItem ? pair(oneItem) : null,
    },
    ids: { inspections: inspections.ids as string[], overdue: overdue.ids as string[], escalated: escalated.ids as string[] },
  };
}

/** The report's figures beside [totalCount, records paged through] of each list. */
function expectAgree(c: Awaited<ReturnType<typeof figuresAndLists>>) {
  const expected = Object.fromEntries(Object.entries(c.report).map(([k, v]) => [k, Array.isArray((c.lists as any)[k]) ? [v, v] : v]));
  expect(c.lists).toEqual(expected);
}

describe('the records behind the report figures', () => {
  const period = () => ({ from: sc.from.toISOString(), to: sc.to.toISOString() });

  it('for the whole county: every list has exactly the figure’s records', async () => {
    const c = await figuresAndLists({ period: period() }, true);
    expectAgree(c);
    // Not trivial: the scenario has records behind each figure.
    expect(c.report).toMatchObject({ inspections: 52, pass: 35, passWithFindings: 11, fail: 6, lodged: 10, vehiclesChecked: 32937 });
    for (const k of ['raised', 'overdue', 'escalated', 'resolved', 'tallies', 'received', 'answered', 'deliveries'] as const) expect(c.report[k]).toBeGreaterThan(0);
    // Lists span several pages, so the cursor is exercised.
    for (const k of ['inspections', 'pass', 'received'] as const) expect(c.report[k]).toBeGreaterThan(20);
  });

  it('for a district', async () => {
    for (const district of [DISTRICT_A, DISTRICT_B]) expectAgree(await figuresAndLists({ period: period(), district }));
  });

  it('for a cutoff in the past that leaves late records out, and with a district', async () => {
    const asOf = new Date(sc.from.getTime() + 36 * 3_600_000).toISOString();
    const cut = await figuresAndLists({ period: period(), asOf });
    expectAgree(cut);
    // The cutoff changes what is counted (the whole county's figures now are larger), and the lists follow it.
    const now = (await hub.gql(REPORT, { period: period() }, command)).data.report;
    expect([cut.report.lodged, cut.report.tallies, cut.report.received, cut.report.deliveries]).not.toEqual([now.disputes.lodged, now.checkpoint.tallies, now.verification.received, now.supplies.reduce((s: number, x: any) => s + x.deliveries, 0)]);
    expectAgree(await figuresAndLists({ period: period(), district: DISTRICT_A, asOf }));
  });

  it('as of a past cutoff: the status then, from the audit trail — a finding rectified since is overdue, one overdue since is not yet; a visit filed later is left out', async () => {
    const asOf = new Date(sc.from.getTime() + 41 * 3_600_000).toISOString();
    const cut = await figuresAndLists({ period: period(), asOf });
    expectAgree(cut);
    expectAgree(await figuresAndLists({ period: period(), district: DISTRICT_A, asOf }));
    const F = sc.findingIds;
    const list = (vars: Record<string, unknown>) => all(LISTS.findings, { period: period(), ...vars }, true);
    const ids = async (vars: Record<string, unknown>) => (await list(vars)).ids.sort();
    // F8 was RECTIFICATION_SUBMITTED past its deadline (36 h) at the cutoff, and is VERIFIED now (the audit trail says when):
    // it is listed, shown as it is now.
    const overdue = await list({ asOf, figure: 'OVERDUE' });
    expect([...overdue.ids].sort()).toEqual([F.F1, F.F7, F.F8].sort());
    expect(overdue.nodes.find((n: { id: string }) => n.id === F.F8)?.status).toBe('VERIFIED');
    expect(await ids({ asOf, figure: 'ESCALATED' })).toEqual([F.F1, F.F7].sort());
    // At the period's end F4 (due at 64 h) has become overdue; F8, verified only after the period, still is.
    expect(await ids({ figure: 'OVERDUE' })).toEqual([F.F1, F.F4, F.F7, F.F8].sort());
    // The 30 hotel visits and the two venue visits submitted by 41 h; the other 20 venues' visits, filed after, are left out.
    expect(cut.report.inspections).toBe(32);
    const inspections = await all(LISTS.inspections, { period: period(), asOf }, true);
    expect(inspections.ids.length).toBe(32);
    expect(inspections.nodes.every((n: { submittedAt: string }) => n.submittedAt <= asOf)).toBe(true);
  });

  it('is for who may read the report; a stranger cursor is refused', async () => {
    const manager = await hub.login(sc.accounts.manager.username);
    expectError(await hub.gql(LISTS.disputes, { period: period(), figure: 'LODGED' }, manager), 'FORBIDDEN');
    expectError(await hub.gql(LISTS.supplies, { period: period() }, manager), 'FORBIDDEN');
    expectError(await hub.gql(LISTS.findings, { period: period(), figure: 'OVERDUE' }, manager), 'FORBIDDEN');
    expectError(await hub.gql(LISTS.inspections, { period: period() }, manager), 'FORBIDDEN');
    const r = await hub.gql(LISTS.tallies, { period: period(), after: 'nonsense' }, command);
    expectError(r, 'BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('after');
  });

  it('runs the same number of statements for a page of 5 as for a page of 50 (no N+1)', async () => {
    const count = async (q: string, vars: Record<string, unknown>) => {
      const r = await hub.gql(q, { period: period(), ...vars }, command);
      expect(r.errors).toBeUndefined();
      expect(r.data.l.nodes.length).toBeGreaterThan(1);
      return r.sql;
    };
    expect(await count(LISTS.disputes, { figure: 'LODGED', first: 50 })).toBe(await count(LISTS.disputes, { figure: 'LODGED', first: 2 }));
    expect(await count(LISTS.supplies, { first: 50 })).toBe(await count(LISTS.supplies, { first: 2 }));
    expect(await count(LISTS.tallies, { first: 50 })).toBe(await count(LISTS.tallies, { first: 2 }));
    expect(await count(LISTS.inspections, { first: 50 })).toBe(await count(LISTS.inspections, { first: 2 }));
    expect(await count(LISTS.findings, { figure: 'RAISED', first: 50 })).toBe(await count(LISTS.findings, { figure: 'RAISED', first: 2 }));
    expect(await count(LISTS.findings, { figure: 'OVERDUE', first: 50 })).toBe(await count(LISTS.findings, { figure: 'OVERDUE', first: 2 }));
  });
});
