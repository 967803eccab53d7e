import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { loadReportScenario, DISTRICT_A, type ReportScenario } from '../fixtures/report-scenario';

let hub: TestHub;
let sc: ReportScenario;
let command: string;
beforeAll(async () => {
  hub = await startTestHub();
  sc = await loadReportScenario(hub.ds);
  command = await hub.login(sc.accounts.command.username);
});
afterAll(() => hub.stop());

const SIX = 'vehiclesChecked personsScreened vehiclesTurnedBack personsTurnedBack certificatesVerified samplesTaken';
const REPORT = `query($period: ReportPeriodInput!, $district: String, $asOf: DateTime) {
  report(period: $period, district: $district, asOf: $asOf) {
    cutoff
    inspections { total byKind { pass passWithFindings fail } }
    findings { total }
    rectification { due rectified }
    overdue { count escalated }
    disputes { lodged resolved }
    checkpoint { tallies ${SIX} }
    verification { received answered }
    supplies { itemCode quantity deliveries }
  }
}`;
const SERIES = `query($period: ReportPeriodInput!, $bucket: ReportBucket, $district: String, $asOf: DateTime) {
  reportSeries(period: $period, bucket: $bucket, district: $district, asOf: $asOf) {
    cutoff bucket
    buckets {
      from to
      inspections { total pass passWithFindings fail }
      findings { raised due rectified overdue escalated }
      disputes { lodged resolved }
      disinfection { siteKind requirements requirementsMet complianceRate }
      checkpoint { tallies ${SIX} }
      verification { received answered }
      supplies { deliveries quantity items { itemCode quantity } }
    }
  }
}`;

type Bucket = any;
const total = (bs: Bucket[], f: (b: Bucket) => number) => bs.reduce((s, b) => s + f(b), 0);

/** The series' sums beside the report's figures, in one object, so a mismatch names the figure. */
function compare(rep: any, bs: Bucket[]) {
  const kinds = rep.inspections.byKind;
  const six = SIX.split(' ');
  const itemQty = (rows: { itemCode: string; quantity: number }[]) => Object.fromEntries(rows.map((r) => [r.itemCode, r.quantity]));
  const seriesItems: Record<string, number> = {};
  for (const b of bs) for (const i of b.supplies.items) seriesItems[i.itemCode] = (seriesItems[i.itemCode] ?? 0) + i.quantity;
  return {
    fromReport: {
      inspections: rep.inspections.total,
      pass: total(kinds, (k) => k.pass),
      passWithFindings: total(kinds, (k) => k.passWithFindings),
      fail: total(kinds, (k) => k.fail),
      raised: rep.findings.total,
      due: rep.rectification.due,
      rectified: rep.rectification.rectified,
      overdueAtCutoff: rep.overdue.count,
      escalatedAtCutoff: rep.overdue.escalated,
      disputesLodged: rep.disputes.lodged,
      disputesResolved: rep.disputes.resolved,
      ...Object.fromEntries(['tallies', ...six].map((k) => [k, rep.checkpoint[k]])),
      received: rep.verification.received,
      answered: rep.verification.answered,
      deliveries: total(rep.supplies, (s) => s.deliveries),
      items: itemQty(rep.supplies),
    },
    fromSeries: {
      inspections: total(bs, (b) => b.inspections.total),
      pass: total(bs, (b) => b.inspections.pass),
      passWithFindings: total(bs, (b) => b.inspections.passWithFindings),
      fail: total(bs, (b) => b.inspections.fail),
      raised: total(bs, (b) => b.findings.raised),
      due: total(bs, (b) => b.findings.due),
      rectified: total(bs, (b) => b.findings.rectified),
      overdueAtCutoff: bs[bs.length - 1].findings.overdue,
      escalatedAtCutoff: bs[bs.length - 1].findings.escalated,
      disputesLodged: total(bs, (b) => b.disputes.lodged),
      disputesResolved: total(bs, (b) => b.disputes.resolved),
      ...Object.fromEntries(['tallies', ...six].map((k) => [k, total(bs, (b) => b.checkpoint[k])])),
      received: total(bs, (b) => b.verification.received),
      answered: total(bs, (b) => b.verification.answered),
      deliveries: total(bs, (b) => b.supplies.deliveries),
      items: seriesItems,
    },
  };
}

async function both(vars: Record<string, unknown>) {
  const rep = await hub.gql(REPORT, vars, command);
  const ser = await hub.gql(SERIES, vars, command);
  expect(rep.errors).toBeUndefined();
  expect(ser.errors).toBeUndefined();
  return { rep: rep.data.report, ser: ser.data.reportSeries };
}

describe('reportSeries', () => {
  const period = () => ({ from: sc.from.toISOString(), to: sc.to.toISOString() });

  it('cuts the period into local days whose figures add up to the report, to the unit', async () => {
    const { rep, ser } = await both({ period: period() });
    expect(ser.bucket).toBe('DAY');
    expect(ser.cutoff).toBe(rep.cutoff);
    expect(ser.buckets.map((b: Bucket) => [b.from, b.to])).toEqual([0, 1, 2].map((d) => [new Date(sc.from.getTime() + d * 86_400_000).toISOString(), new Date(sc.from.getTime() + (d + 1) * 86_400_000).toISOString()]));
    const c = compare(rep, ser.buckets);
    expect(c.fromSeries).toEqual(c.fromReport);
    // The scenario is not trivial: every figure compared is there.
    expect(c.fromReport).toMatchObject({ inspections: 52, raised: 7, due: 6, rectified: 2, overdueAtCutoff: 4, disputesLodged: 10, vehiclesChecked: 32937 });
    expect(ser.buckets.filter((b: Bucket) => b.inspections.total > 0).length).toBeGreaterThan(1);
    expect(ser.buckets[0].disinfection.map((d: { siteKind: string }) => d.siteKind)).toEqual(expect.arrayContaining(['CHECKPOINT', 'HOTEL']));
  });

  it('agrees for a district and for a cutoff inside the period', async () => {
    const asOf = new Date(sc.from.getTime() + 36 * 3_600_000).toISOString();
    for (const vars of [{ period: period(), district: DISTRICT_A }, { period: period(), asOf }, { period: period(), bucket: 'WEEK' }]) {
      const { rep, ser } = await both(vars);
      const c = compare(rep, ser.buckets);
      expect(c.fromSeries).toEqual(c.fromReport);
    }
  });

  it('is for the command centre, and refuses too many buckets', async () => {
    const manager = await hub.login(sc.accounts.manager.username);
    expectError(await hub.gql(SERIES, { period: period() }, manager), 'FORBIDDEN');
    const long = { from: new Date(sc.to.getTime() - 200 * 86_400_000).toISOString(), to: sc.to.toISOString() };
    const r = await hub.gql(SERIES, { period: long, bucket: 'DAY' }, command);
    expectError(r, 'BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('bucket');
    expect((await hub.gql(SERIES, { period: long, bucket: 'WEEK' }, command)).errors).toBeUndefined();
  });
});

describe('GET /reports/daily.xlsx', () => {
  it('states the report’s figures, its Chinese summary and the audit chain’s head at the cutoff', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const period = { from: sc.from.toISOString(), to: sc.to.toISOString() };
    const rep = (await hub.gql(`query($p: ReportPeriodInput!) { report(period: $p) { summaryZh inspections { total } findings { total } overdue { count } checkpoint { vehiclesChecked } auditHead { position hash } } }`, { p: period }, command)).data.report;
    const res = await fetch(`${hub.url}/reports/daily.xlsx?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`, { headers: { authorization: `Bearer ${command}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['摘要', '数据', '本期问题', '逾期问题']);
    const sheet = wb.getWorksheet('摘要')!;
    const cells = new Map<string, unknown>();
    sheet.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(cells.get('工作摘要')).toBe(rep.summaryZh);
    expect(cells.get('检查次数')).toBe(rep.inspections.total);
    expect(cells.get('发现问题')).toBe(rep.findings.total);
    expect(cells.get('逾期未整改')).toBe(rep.overdue.count);
    expect(cells.get('检查车辆（辆）')).toBe(32937);
    expect(cells.get('审计链头哈希')).toBe(rep.auditHead.hash);
    expect(sheet.headerFooter.oddFooter).toContain(rep.auditHead.hash);
    // The lists behind the figures: exactly the figure's rows (one header row each).
    expect(rep.overdue.count).toBeGreaterThan(0);
    expect(wb.getWorksheet('本期问题')!.rowCount - 1).toBe(rep.findings.total);
    expect(wb.getWorksheet('逾期问题')!.rowCount - 1).toBe(rep.overdue.count);
    // As of a past cutoff the overdue sheet is the figure as of then, not the findings overdue now.
    const asOf = new Date(sc.from.getTime() + 36 * 3_600_000).toISOString();
    const past = (await hub.gql(`query($p: ReportPeriodInput!, $a: DateTime) { report(period: $p, asOf: $a) { findings { total } overdue { count } } }`, { p: period, a: asOf }, command)).data.report;
    expect(past.overdue.count).not.toBe(rep.overdue.count);
    const pastRes = await fetch(`${hub.url}/reports/daily.xlsx?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}&asOf=${encodeURIComponent(asOf)}`, { headers: { authorization: `Bearer ${command}` } });
    expect(pastRes.status).toBe(200);
    const pastWb = new ExcelJS.Workbook();
    await pastWb.xlsx.load(Buffer.from(await pastRes.arrayBuffer()) as never);
    expect(pastWb.getWorksheet('本期问题')!.rowCount - 1).toBe(past.findings.total);
    expect(pastWb.getWorksheet('逾期问题')!.rowCount - 1).toBe(past.overdue.count);
    const manager = await hub.login(sc.accounts.manager.username);
    const refused = await fetch(`${hub.url}/reports/daily.xlsx?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`, { headers: { authorization: `Bearer ${manager}` } });
    expect(refused.status).toBe(403);
  });
});
