import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeSite } from '../fixtures/factory';
import { loadReportScenario, SEED, DISTRICT_A, DISTRICT_B, type ReportScenario } from '../fixtures/report-scenario';

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
    period { from to } district asOf cutoff
    inspections { total sitesInspected byKind { siteKind total pass passWithFindings fail sitesInspected } }
    findings { total bySeverityStatus { severity status count } }
    rectification { due withdrawn rectified rectifiedOnTime rate }
    overdue { count escalated }
    disputes { lodged resolved byKind { kind lodged resolved } byOutcome { outcome count } medianHoursToResolve }
    disinfection { siteKind sites requirements requirementsMet complianceRate requirementsInBreachAtEnd sitesInBreachAtEnd }
    checkpoint { tallies checkpoints shiftsShortOfLeaders ${SIX} }
    verification { received needingVerification routed verified answered overdue appliesDistrictFilter }
    supplies { itemCode name kind unit quantity deliveries sites }
    lateArrivals { total inspections findings disputes disinfectionEntries checkpointTallies checkpointNetChange { ${SIX} } verificationRecords supplyDeliveries }
    summaryZh summaryEn zh: summary en: summary(language: EN)
  }
}`;

const period = () => ({ from: sc.from.toISOString(), to: sc.to.toISOString() });
const NO_LATE = { total: 0, inspections: 0, findings: 0, disputes: 0, disinfectionEntries: 0, checkpointTallies: 0, checkpointNetChange: { vehiclesChecked: 0, personsScreened: 0, vehiclesTurnedBack: 0, personsTurnedBack: 0, certificatesVerified: 0, samplesTaken: 0 }, verificationRecords: 0, supplyDeliveries: 0 };

describe('report', () => {
  it('gives every figure of a known county scenario, with the seed’s checkpoint totals', async () => {
    const r = await hub.gql(REPORT, { period: period() }, command);
    expect(r.errors).toBeUndefined();
    const rep = r.data.report;
    expect(rep.cutoff).toBe(sc.to.toISOString());
    expect(rep.inspections).toEqual({
      total: 52,
      sitesInspected: 52,
      byKind: [
        { siteKind: 'HOTEL', total: 30, pass: 20, passWithFindings: 6, fail: 4, sitesInspected: 30 },
        { siteKind: 'VENUE', total: 22, pass: 15, passWithFindings: 5, fail: 2, sitesInspected: 22 },
      ],
    });
    // F1..F6 and F8 were raised in the period; F8 was verified only after the cutoff, so it counts as submitted.
    expect(rep.findings).toEqual({
      total: 7,
      bySeverityStatus: [
        { severity: 'CRITICAL', status: 'OPEN', count: 1 },
        { severity: 'MAJOR', status: 'DISPUTED', count: 1 },
        { severity: 'MAJOR', status: 'VERIFIED', count: 2 },
        { severity: 'MINOR', status: 'RECTIFICATION_SUBMITTED', count: 2 },
        { severity: 'MINOR', status: 'WITHDRAWN', count: 1 },
      ],
    });
    // Due in the period: F1 F2 F3 F4 F7 F8 (F5 withdrawn, F6 due later); verified by the cutoff: F2 (on time), F3 (late).
    expect(rep.rectification).toEqual({ due: 6, withdrawn: 1, rectified: 2, rectifiedOnTime: 1, rate: 0.3333 });
    // Overdue at the cutoff: F1, F4, F7 (raised before the period), F8 (not yet verified then); critical: F1, F7.
    expect(rep.overdue).toEqual({ count: 4, escalated: 2 });
    expect(rep.disputes).toEqual({
      lodged: 10,
      resolved: 9,
      byKind: [
        { kind: 'FINDING', lodged: 2, resolved: 1 },
        { kind: 'SITE_CONFLICT', lodged: 8, resolved: 8 },
      ],
      byOutcome: [
        { outcome: 'UPHELD', count: 1 },
        { outcome: null, count: 8 },
      ],
      medianHoursToResolve: 48,
    });
    expect(rep.disinfection).toEqual([
      { siteKind: 'CHECKPOINT', sites: 8, requirements: 16, requirementsMet: 0, complianceRate: 0, requirementsInBreachAtEnd: 16, sitesInBreachAtEnd: 8 },
      // Hotel 0 kept all four areas; hotel 1's lobby had a 30-hour gap but was fresh at the end.
      { siteKind: 'HOTEL', sites: 30, requirements: 120, requirementsMet: 4, complianceRate: 0.0333, requirementsInBreachAtEnd: 115, sitesInBreachAtEnd: 29 },
      { siteKind: 'VENUE', sites: 22, requirements: 66, requirementsMet: 0, complianceRate: 0, requirementsInBreachAtEnd: 66, sitesInBreachAtEnd: 22 },
    ]);
    expect(rep.checkpoint).toEqual({ tallies: 48, checkpoints: 8, shiftsShortOfLeaders: 0, ...SEED });
    expect(rep.verification).toEqual({ received: 8012, needingVerification: 107, routed: 15, verified: 80, answered: 60, overdue: 12, appliesDistrictFilter: false });
    expect(rep.supplies.map((s: any) => [s.itemCode, s.quantity, s.deliveries, s.sites])).toEqual([
      ['DISINFECTANT_ALCOHOL', 600, 1, 1],
      ['FACE_SHIELD', 320, 1, 1],
      ['GLOVES', 300, 1, 1],
      ['INSTANT_NOODLES', 110, 1, 1],
      ['MASK', 5000, 2, 2],
      ['PROTECTIVE_SUIT', 640, 1, 1],
      ['THERMOMETER', 10, 1, 1],
    ]);
    expect(rep.lateArrivals).toEqual(NO_LATE);
    // Set-based: a fixed number of statements, whatever the number of rows (8012 records, 48 tallies…):
    // 17 (16 as before the day sets, and one for the field operations), and the check for the day
    // sets of the period; the first report of a period also builds its missing days and hours, in
    // one transaction (begin, lock, days, a statement per day section, hours, a statement per hour
    // section, commit). The sections may run on up to REPORT_LANES connections sharing one
    // snapshot: the export, and each further lane's opening (one round trip) and commit.
    const lanes = 1 + 2 * (hub.config.reportLanes - 1);
    expect(r.sql).toBeLessThanOrEqual(30 + lanes);
    const again = await hub.gql(REPORT, { period: period() }, command);
    expect(again.data.report.disinfection).toEqual(rep.disinfection);
    expect(again.sql).toBeLessThanOrEqual(18 + lanes);
    // On one lane, the one transaction of before.
    const wanted = hub.config.reportLanes;
    hub.config.reportLanes = 1;
    try {
      const one = await hub.gql(REPORT, { period: period() }, command);
      expect(one.data.report).toEqual(again.data.report);
      expect(one.sql).toBeLessThanOrEqual(18);
    } finally {
      hub.config.reportLanes = wanted;
    }
  });

  it('writes the Chinese summary in the seed’s style with the exact stored numbers', async () => {
    const rep = (await hub.gql(REPORT, { period: period() }, command)).data.report;
    const zh: string = rep.summaryZh;
    expect(zh).toContain('检查车辆32937辆，排查人员53910人，劝返车辆1162辆，劝返人员1887人，查验核酸证明8982份，现场采集核酸596份');
    expect(zh).toContain('检查车辆32937辆');
    expect(zh).toContain('化解处置矛盾纠纷8起');
    expect(zh).toContain('检查宾馆等各类行业场所52家，开展检查52次（单一部门检查52次）'); // the scenario's team is of one agency: no visit is joint
    expect(zh).toContain('接收协查数据8012条，涉及核查反馈数据107条');
    expect(zh).toContain('口罩5000只、防护面罩320个、防护手套300双、防护服640件、测温仪10个、消毒酒精600升、方便面110件');
    expect(zh).toContain('整改率33.3%');
    expect(zh).toContain('逾期未整改4处，其中重大隐患升级督办2处');
    expect(zh).not.toContain('补录');
    expect(rep.zh).toBe(zh);
    expect(rep.en).toBe(rep.summaryEn);
    expect(rep.summaryEn).toContain('32937 vehicles checked, 53910 persons screened, 1162 vehicles and 1887 persons turned back, 8982 test certificates verified, 596 samples taken on site');
    expect(rep.summaryEn).toContain('8 conflicts at sites resolved');
    expect(rep.summaryEn).toContain('5000 masks');
  });

  it('filters through the site’s district', async () => {
    const a = (await hub.gql(REPORT, { period: period(), district: DISTRICT_A }, command)).data.report;
    const b = (await hub.gql(REPORT, { period: period(), district: DISTRICT_B }, command)).data.report;
    expect(a.district).toBe(DISTRICT_A);
    expect(a.inspections.byKind).toEqual([
      { siteKind: 'HOTEL', total: 20, pass: 20, passWithFindings: 0, fail: 0, sitesInspected: 20 },
      { siteKind: 'VENUE', total: 12, pass: 12, passWithFindings: 0, fail: 0, sitesInspected: 12 },
    ]);
    expect(b.inspections.byKind).toEqual([
      { siteKind: 'HOTEL', total: 10, pass: 0, passWithFindings: 6, fail: 4, sitesInspected: 10 },
      { siteKind: 'VENUE', total: 10, pass: 3, passWithFindings: 5, fail: 2, sitesInspected: 10 },
    ]);
    expect(a.findings.total).toBe(7);
    expect(b.findings.total).toBe(0);
    expect(a.overdue).toEqual({ count: 3, escalated: 1 });
    expect(b.overdue).toEqual({ count: 1, escalated: 1 });
    expect(a.rectification).toMatchObject({ due: 5, rectified: 2 });
    expect(b.rectification).toMatchObject({ due: 1, rectified: 0, rate: 0 });
    expect(a.disputes).toMatchObject({ lodged: 7, resolved: 6 });
    expect(b.disputes).toMatchObject({ lodged: 3, resolved: 3, medianHoursToResolve: null });
    const { tallies: ta, ...sixA } = sc.expected.checkpointByDistrict[DISTRICT_A];
    const { tallies: tb, ...sixB } = sc.expected.checkpointByDistrict[DISTRICT_B];
    expect(a.checkpoint).toEqual({ tallies: ta, checkpoints: 6, shiftsShortOfLeaders: 0, ...sixA });
    expect(b.checkpoint).toEqual({ tallies: tb, checkpoints: 2, shiftsShortOfLeaders: 0, ...sixB });
    expect(ta + tb).toBe(48);
    expect(a.disinfection.find((k: any) => k.siteKind === 'HOTEL')).toMatchObject({ sites: 20, requirementsMet: 4 });
    expect(b.disinfection.find((k: any) => k.siteKind === 'HOTEL')).toMatchObject({ sites: 10, requirementsMet: 0 });
    // Deliveries went to checkpoints 0-5 (A) and 6-7 (B): masks split 3000 (A) / 2000 (B).
    expect(a.supplies.find((s: any) => s.itemCode === 'MASK').quantity).toBe(3000);
    expect(b.supplies.find((s: any) => s.itemCode === 'MASK').quantity).toBe(2000);
    // Verification records have no site: county-wide in every district's report, and flagged so.
    expect(a.verification).toMatchObject({ received: 8012, appliesDistrictFilter: false });
    expect(a.summaryZh).toContain(`${DISTRICT_A}（数据截至`);
    expect(a.summaryZh).toContain('（协查数据为全县数）');
  });

  it('lets ADMIN, COMMAND and REVIEWER read it; others are refused; bad periods are named', async () => {
    const reviewer = await hub.login(sc.accounts.reviewer.username);
    expect((await hub.gql(REPORT, { period: period() }, reviewer)).data.report.checkpoint.vehiclesChecked).toBe(SEED.vehiclesChecked);
    expect((await hub.gql(REPORT, { period: period() }, await hub.login(sc.accounts.admin.username))).errors).toBeUndefined();
    expectError(await hub.gql(REPORT, { period: period() }, await hub.login(sc.accounts.manager.username)), 'FORBIDDEN');
    expectError(await hub.gql(REPORT, { period: period() }, await hub.login(sc.accounts.inspector.username)), 'FORBIDDEN');
    expectError(await hub.gql(REPORT, { period: period() }), 'UNAUTHENTICATED');
    const back = await hub.gql(REPORT, { period: { from: sc.to.toISOString(), to: sc.from.toISOString() } }, command);
    expect(expectError(back, 'BAD_USER_INPUT').extensions.field).toBe('period.to');
    const early = await hub.gql(REPORT, { period: period(), asOf: new Date(sc.from.getTime() - 1).toISOString() }, command);
    expect(expectError(early, 'BAD_USER_INPUT').extensions.field).toBe('asOf');
  });
});

describe('as-of snapshots', () => {
  it('gives the same main numbers after late records arrive, and shows them separately', async () => {
    const strip = (rep: any) => {
      const { lateArrivals, summaryZh, summaryEn, zh, en, ...main } = rep;
      return main;
    };
    const yesterday = (await hub.gql(REPORT, { period: period() }, command)).data.report;

    // Late arrivals, recorded now about the period: a tally correction, a finding, a dispute, a delivery, a disinfection entry.
    const at = (h: number) => new Date(sc.from.getTime() + h * 3_600_000);
    const [orig] = await hub.ds.query(`SELECT * FROM checkpoint_tally WHERE checkpoint_id = $1 AND shift_date = $2 AND shift = 'NIGHT' AND superseded_at IS NULL`, [sc.checkpoints[1].id, sc.days[1]]);
    await hub.ds.query(`UPDATE checkpoint_tally SET superseded_at = now() WHERE id = $1`, [orig.id]);
    await hub.ds.query(
      `INSERT INTO checkpoint_tally (checkpoint_id, shift_date, shift, vehicles_checked, persons_screened, vehicles_turned_back, persons_turned_back, certificates_verified, samples_taken, officers_on_duty, leaders_on_duty, filed_by_id, corrects_id, correction_reason)
       SELECT checkpoint_id, shift_date, shift, vehicles_checked + 100, persons_screened + 7, vehicles_turned_back, persons_turned_back, certificates_verified, samples_taken, officers_on_duty, leaders_on_duty, filed_by_id, id, '漏记' FROM checkpoint_tally WHERE id = $1`,
      [orig.id],
    );
    const [insp] = await hub.ds.query(`SELECT id FROM inspection WHERE site_id = $1`, [sc.hotels[2].id]);
    await hub.ds.query(
      `INSERT INTO finding (inspection_id, site_id, team_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version) VALUES ($1, $2, $3, $4, '补录问题', 'CRITICAL', 'OPEN', $5, $6, 1)`,
      [insp.id, sc.hotels[2].id, sc.teamId, sc.accounts.inspector.id, at(30), at(40)],
    );
    await hub.ds.query(`INSERT INTO dispute (kind, site_id, status, category, reason, lodged_by_id, lodged_at, resolved_at, rationale) VALUES ('SITE_CONFLICT', $1, 'RESOLVED', 'OTHER', '补录纠纷', $2, $3, $3, '调解')`, [sc.checkpoints[0].id, sc.accounts.command.id, at(30)]);
    await hub.ds.query(`INSERT INTO supply_delivery (item_code, site_id, quantity, delivered_at, recorded_by_id) VALUES ('MASK', $1, 400, $2, $3)`, [sc.checkpoints[0].id, at(30), sc.accounts.command.id]);
    await hub.ds.query(
      `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at) VALUES ($1, 'LOBBY', 'ALCOHOL', 75, 'PERCENT', 'WIPE', $2, 10, '保洁员', $3, now())`,
      [sc.hotels[2].id, at(30), sc.accounts.manager.id],
    );

    const [orig0] = await hub.ds.query(`SELECT * FROM inspection WHERE site_id = $1 AND submitted_at >= $2`, [sc.hotels[0].id, sc.from]);
    await hub.ds.query(
      `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, outcome, submitted_at, corrects_inspection_id, correction_reason) VALUES ($1, $2, $3, 'SUBMITTED', 'FAIL', now(), $4, '漏检一项')`,
      [orig0.site_id, orig0.team_id, orig0.checklist_version_id, orig0.id],
    );

    // And a change after the cutoff to a finding of the period: a dispute amends F1 (CRITICAL, due at 34 h) to MINOR, due at 100 h.
    await hub.ds.query(`UPDATE finding SET severity = 'MINOR', deadline = $2, updated_at = now() WHERE id = $1`, [sc.findingIds.F1, at(100)]);
    // F1 was disputed after the cutoff, then the dispute amended it: its first change after the cutoff says it was OPEN then.
    await hub.ds.query(
      `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes) VALUES ($1, 'm', 'FACILITY_MANAGER', 'finding.disputed', 'Finding', $2, $3)`,
      [sc.accounts.manager.id, sc.findingIds.F1, JSON.stringify({ status: { before: 'OPEN', after: 'DISPUTED' } })],
    );

    await hub.ds.query(
      `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes) VALUES ($1, 'r', 'REVIEWER', 'finding.open', 'Finding', $2, $3)`,
      [sc.accounts.reviewer.id, sc.findingIds.F1, JSON.stringify({ status: { before: 'DISPUTED', after: 'OPEN' }, severity: { before: 'CRITICAL', after: 'MINOR' }, deadline: { before: at(34).toISOString(), after: at(100).toISOString() } })],
    );
    // Decisions after the cutoff about records known by it (issue 18 item 7): F6's dispute, lodged in the period, is decided now;
    // a verification record being verified in the period is answered now.
    const [[f6dispute]] = await hub.ds.query(`UPDATE dispute SET status = 'RESOLVED', reviewer_id = $2, assigned_at = now(), outcome = 'UPHELD', rationale = '维持', resolved_at = now(), resolved_by_id = $2, updated_at = now() WHERE finding_id = $1 AND status = 'LODGED' RETURNING id`, [sc.findingIds.F6, sc.accounts.reviewer.id]);
    await hub.ds.query(
      `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes) VALUES ($1, 'r', 'REVIEWER', 'dispute.resolve', 'Dispute', $2, $3)`,
      [sc.accounts.reviewer.id, f6dispute.id, JSON.stringify({ status: { before: 'LODGED', after: 'RESOLVED' } })],
    );
    const [[answered]] = await hub.ds.query(`UPDATE verification_record SET status = 'ANSWERED', result = 'CLEARED', answered_at = now(), answered_by_id = $1, updated_at = now() WHERE external_ref = 'X-70' RETURNING id`, [sc.accounts.command.id]);
    await hub.ds.query(
      `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes) VALUES ($1, 'c', 'COMMAND', 'verification.answer', 'VerificationTask', $2, $3)`,
      [sc.accounts.command.id, answered.id, JSON.stringify({ status: { before: 'VERIFYING', after: 'ANSWERED' } })],
    );
    hub.clock.advance(24 * 3_600_000); // tomorrow
    const today = (await hub.gql(REPORT, { period: period() }, command)).data.report;
    expect(strip(today)).toEqual(strip(yesterday));
    expect(today.lateArrivals).toEqual({
      total: 6,
      inspections: 1,
      findings: 1,
      disputes: 1,
      disinfectionEntries: 1,
      checkpointTallies: 1,
      checkpointNetChange: { vehiclesChecked: 100, personsScreened: 7, vehiclesTurnedBack: 0, personsTurnedBack: 0, certificatesVerified: 0, samplesTaken: 0 },
      verificationRecords: 0,
      supplyDeliveries: 1,
    });
    expect(today.summaryZh).toContain('检查车辆32937辆');
    expect(today.summaryZh).toContain('另有截止时间后补录记录6条，未计入以上数字。');
    const LATE = `query($period: ReportPeriodInput!) { report(period: $period) { lateArrivals {
      decisions { total findings disputes verificationRecords inspectionCorrections }
      netChange { inspections inspectionsPass inspectionsPassWithFindings inspectionsFail jointInspections sitesInspected findings findingsBySeverityStatus { severity status count }
                  rectificationDue rectificationWithdrawn rectified rectifiedOnTime disputesLodged disputesResolved verificationReceived verificationNeedingVerification
                  verificationRouted verificationVerified verificationAnswered supplyDeliveries suppliesQuantity deployments officersDeployed pushes messagesPushed peopleReached } }
      summaryZh summaryEn } }`;
    const late = (await hub.gql(LATE, { period: period() }, command)).data.report;
    // F1 amended and F8 verified after the cutoff, F6's dispute decided, X-70 answered, hotel 0's visit corrected.
    expect(late.lateArrivals.decisions).toEqual({ total: 5, findings: 2, disputes: 1, verificationRecords: 1, inspectionCorrections: 1 });
    // What all of it (with the late records) changes: now minus at the cutoff.
    expect(late.lateArrivals.netChange).toEqual({
      inspections: 0, inspectionsPass: -1, inspectionsPassWithFindings: 0, inspectionsFail: 1, jointInspections: 0, sitesInspected: 0,
      findings: 1,
      // F1 CRITICAL→MINOR (CRITICAL OPEN −1, made up by the late CRITICAL finding), F8 RECTIFICATION_SUBMITTED→VERIFIED.
      findingsBySeverityStatus: [
        { severity: 'MINOR', status: 'OPEN', count: 1 },
        { severity: 'MINOR', status: 'RECTIFICATION_SUBMITTED', count: -1 },
        { severity: 'MINOR', status: 'VERIFIED', count: 1 },
      ],
      rectificationDue: 0, rectificationWithdrawn: 0, rectified: 1, rectifiedOnTime: 0,
      disputesLodged: 1, disputesResolved: 1, // the late site conflict (F6's dispute was decided after the period: no figure of it moves)
      verificationReceived: 0, verificationNeedingVerification: 0, verificationRouted: 0, verificationVerified: 0, verificationAnswered: 1,
      supplyDeliveries: 1, suppliesQuantity: 400,
      deployments: 0, officersDeployed: 0, pushes: 0, messagesPushed: 0, peopleReached: 0,
    });

    // Asked as of now, the late records are in the main figures.
    const now = (await hub.gql(REPORT, { period: period(), asOf: (await hub.dbNow()).toISOString() }, command)).data.report;
    expect(now.checkpoint.vehiclesChecked).toBe(SEED.vehiclesChecked + 100);
    // Hotel 0's visit, corrected to FAIL: still one visit.
    expect(now.inspections.byKind[0]).toEqual({ siteKind: 'HOTEL', total: 30, pass: 19, passWithFindings: 6, fail: 5, sitesInspected: 30 });
    expect(now.findings.total).toBe(8);
    expect(now.disputes.byKind.find((k: any) => k.kind === 'SITE_CONFLICT').resolved).toBe(9);
    expect(now.supplies.find((s: any) => s.itemCode === 'MASK').quantity).toBe(5400);
    expect(now.lateArrivals.total).toBe(0);
    const nowLate = (await hub.gql(`query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { lateArrivals { decisions { total } netChange { inspections findings suppliesQuantity } } } }`, { p: period(), asOf: (await hub.dbNow()).toISOString() }, command)).data.report;
    expect(nowLate.lateArrivals).toEqual({ decisions: { total: 0 }, netChange: { inspections: 0, findings: 0, suppliesQuantity: 0 } });
    // F1 as amended, F8 as verified after the period's end.
    expect(now.findings.bySeverityStatus).toContainEqual({ severity: 'MINOR', status: 'OPEN', count: 1 });
    expect(now.findings.bySeverityStatus).toContainEqual({ severity: 'MINOR', status: 'VERIFIED', count: 1 });
    hub.clock.unpin();
  });

  it('a cutoff inside the period counts only what was recorded by then', async () => {
    const at = (h: number) => new Date(sc.from.getTime() + h * 3_600_000);
    const rep = (await hub.gql(REPORT, { period: period(), asOf: at(12).toISOString() }, command)).data.report;
    expect(rep.cutoff).toBe(at(12).toISOString());
    // By 12 h only the day-0 DAY shifts (filed at 11 h) and the first one's correction (12 h) were in.
    expect(rep.checkpoint.tallies).toBe(8);
    expect(rep.inspections.total).toBe(11); // hotels 0..10, submitted at 2..12 h
    // Late: the 41 other visits, and the correction of hotel 0's visit recorded in the test above.
    expect(rep.lateArrivals.inspections).toBe(42);
  });
});

describe('through the real mutations', () => {
  it('counts a tally and a delivery filed through the API today, and shows them as late for an earlier cutoff', async () => {
    hub.clock.advance(5 * 60_000); // the server's clock a little ahead of the database's: the default cutoff follows it
    const cp = await makeSite(hub.ds, { kind: 'CHECKPOINT', district: '测试镇', roadType: 'PROVINCIAL_ROAD', roadName: 'S212' });
    const [{ today, from }] = await hub.ds.query(
      `SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today, date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' AS from`,
    );
    const day = { from: new Date(from).toISOString(), to: new Date(new Date(from).getTime() + 86_400_000).toISOString() };
    const before = await hub.dbNow(); // what the database stamps after this is later
    const filed = await hub.gql(
      `mutation($input: FileCheckpointTallyInput!) { fileCheckpointTally(input: $input) { id } }`,
      {
        input: {
          idempotencyKey: `rep-${cp.id}`, checkpointId: cp.id, shiftDate: today, shift: 'DAY',
          vehiclesChecked: 321, personsScreened: 540, vehiclesTurnedBack: 12, personsTurnedBack: 19, certificatesVerified: 90, samplesTaken: 6,
          officersOnDuty: [{ name: '王', isLeader: true }],
        },
      },
      command,
    );
    expect(filed.errors).toBeUndefined();
    expect((await hub.gql(`mutation($i: ReceiveSuppliesInput!) { receiveSupplies(input: $i) { __typename } }`, { i: { idempotencyKey: `rcv-${cp.id}`, itemCode: 'MASK', quantity: 100, source: '采购' } }, command)).errors).toBeUndefined();
    const delivered = await hub.gql(
      `mutation($i: RecordSupplyDeliveryInput!) { recordSupplyDelivery(input: $i) { __typename } }`,
      { i: { idempotencyKey: `del-${cp.id}`, itemCode: 'MASK', siteId: cp.id, quantity: 40, deliveredAt: (await hub.dbNow()).toISOString() } },
      command,
    );
    expect(delivered.errors).toBeUndefined();

    const rep = (await hub.gql(REPORT, { period: day, district: '测试镇' }, command)).data.report;
    expect(rep.checkpoint).toEqual({ tallies: 1, checkpoints: 1, shiftsShortOfLeaders: 1, vehiclesChecked: 321, personsScreened: 540, vehiclesTurnedBack: 12, personsTurnedBack: 19, certificatesVerified: 90, samplesTaken: 6 });
    expect(rep.supplies).toEqual([{ itemCode: 'MASK', name: '口罩 masks', kind: 'MASK', unit: 'PIECE', quantity: 40, deliveries: 1, sites: 1 }]);
    expect(rep.summaryZh).toContain('检查车辆321辆，排查人员540人，劝返车辆12辆，劝返人员19人，查验核酸证明90份，现场采集核酸6份');

    const earlier = (await hub.gql(REPORT, { period: day, district: '测试镇', asOf: before.toISOString() }, command)).data.report;
    expect(earlier.checkpoint.tallies).toBe(0);
    expect(earlier.supplies).toEqual([]);
    expect(earlier.lateArrivals).toMatchObject({ total: 2, checkpointTallies: 1, supplyDeliveries: 1, checkpointNetChange: { vehiclesChecked: 321, samplesTaken: 6 } });
    hub.clock.unpin();
  });
});
