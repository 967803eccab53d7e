import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { loadReportScenario, DISTRICT_A, DISTRICT_B, type ReportScenario } from '../fixtures/report-scenario';

/*
 * The drill-down lists behind the report's figures (reportDisputes, reportCheckpointTallies,
 * reportVerificationRecords, reportSupplyDeliveries): for the same arguments, a list's total is
 * the report's figure — for the whole county, a district, and a cutoff inside the period — and
 * paging through it by cursor yields exactly that many distinct records.
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
    disputes { lodged resolved }
    checkpoint { tallies ${SIX.join(' ')} }
    verification { received answered }
    supplies { itemCode quantity deliveries }
  }
}`;
const ARGS = '$period: ReportPeriodInput!, $district: String, $asOf: DateTime, $first: Int, $after: String';
const PASS = 'period: $period, district: $district, asOf: $asOf, first: $first, after: $after';
const LISTS = {
  disputes: `query(${ARGS}, $figure: ReportDisputeFigure!) { l: reportDisputes(figure: $figure, ${PASS}) { totalCount nodes { id lodgedAt site { name } } pageInfo { hasNextPage endCursor } } }`,
  tallies: `query(${ARGS}) { l: reportCheckpointTallies(${PASS}) { totalCount totals { tallies ${SIX.join(' ')} } nodes { id vehiclesChecked checkpoint { name } } pageInfo { hasNextPage endCursor } } }`,
  verification: `query(${ARGS}, $figure: ReportVerificationFigure!) { l: reportVerificationRecords(figure: $figure, ${PASS}) { totalCount nodes { id status needsVerification receivedAt } pageInfo { hasNextPage endCursor } } }`,
  supplies: `query(${ARGS}, $itemCode: String) { l: reportSupplyDeliveries(itemCode: $itemCode, ${PASS}) { totalCount quantity nodes { id quantity site { name } item { code } } pageInfo { hasNextPage endCursor } } }`,
};

/** Every page of a list (pages of 40), checking that no record comes twice. */
async function all(q: string, vars: Record<string, unknown>) {
  const ids: string[] = [];
  let first: any;
  let after: string | null = null;
  for (;;) {
    const r: { data?: any; errors?: unknown } = await hub.gql(q, { ...vars, first: 40, after }, command);
    expect(r.errors).toBeUndefined();
    first ??= r.data.l;
    ids.push(...r.data.l.nodes.map((n: { id: string }) => n.id));
    if (!r.data.l.pageInfo.hasNextPage) break;
    after = r.data.l.pageInfo.endCursor;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { ...first, ids };
}

async function figuresAndLists(vars: Record<string, unknown>) {
  const rep = await hub.gql(REPORT, vars, command);
  expect(rep.errors).toBeUndefined();
  const r = rep.data.report;
  const lodged = await all(LISTS.disputes, { ...vars, figure: 'LODGED' });
  const resolved = await all(LISTS.disputes, { ...vars, figure: 'RESOLVED' });
  const tallies = await all(LISTS.tallies, vars);
  const received = await all(LISTS.verification, { ...vars, figure: 'RECEIVED' });
  const answered = await all(LISTS.verification, { ...vars, figure: 'ANSWERED' });
  const supplies = await all(LISTS.supplies, vars);
  const item = r.supplies[0]?.itemCode;
  const oneItem = item ? await all(LISTS.supplies, { ...vars, itemCode: item }) : null;
  const sum = (rows: any[], k: string) => rows.reduce((s, x) => s + x[k], 0);
  return {
    report: {
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
      lodged: [lodged.totalCount, lodged.ids.length],
      resolved: [resolved.totalCount, resolved.ids.length],
      tallies: [tallies.totalCount, tallies.ids.length],
      ...Object.fromEntries(SIX.map((k) => [k, tallies.totals[k]])),
      received: [received.totalCount, received.ids.length],
      answered: [answered.totalCount, answered.ids.length],
      deliveries: [supplies.totalCount, supplies.ids.length],
      quantity: supplies.quantity,
      oneItem: oneItem ? [oneItem.totalCount, oneItem.ids.length] : null,
    },
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
    const c = await figuresAndLists({ period: period() });
    expectAgree(c);
    // Not trivial: the scenario has records behind each figure.
    expect(c.report).toMatchObject({ lodged: 10, vehiclesChecked: 32937 });
    for (const k of ['resolved', 'tallies', 'received', 'answered', 'deliveries'] as const) expect(c.report[k]).toBeGreaterThan(0);
    // Some list spans several pages, so the cursor is exercised.
    expect(Math.max(c.report.tallies, c.report.received, c.report.deliveries)).toBeGreaterThan(40);
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

  it('is for who may read the report; a stranger cursor is refused', async () => {
    const manager = await hub.login(sc.accounts.manager.username);
    expectError(await hub.gql(LISTS.disputes, { period: period(), figure: 'LODGED' }, manager), 'FORBIDDEN');
    expectError(await hub.gql(LISTS.supplies, { period: period() }, manager), 'FORBIDDEN');
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
  });
});
