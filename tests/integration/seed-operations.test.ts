import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAccount, makeAgency } from '../fixtures/factory';
import { publishChecklist } from '../fixtures/checklists';

/**
 * Issue 18, through the API: what the seed reports that the hub now records and says —
 * checkpoints by road type, supplies in their own units, joint inspections counted.
 *
 * The period is November 2026 in Asia/Shanghai. Records are filed with the hub's clock set just
 * after it; the reports are read with the clock (and asOf) far later, so every record, whenever
 * the database stamped it, is known by the cutoff.
 */
let hub: TestHub;
let command: string;
let admin: string;
let lead: string;
let police: { id: string };
let market: { id: string };
let leadId: string;
let marketMemberId: string;
let policeMemberId: string;

const FROM = '2026-10-31T16:00:00.000Z'; // 2026-11-01 00:00 Asia/Shanghai
const TO = '2026-11-30T16:00:00.000Z'; // 2026-12-01 00:00 Asia/Shanghai
const FILED = new Date('2026-12-01T02:00:00.000Z');
const LATER = '2099-01-01T00:00:00.000Z';

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = FILED;
  police = await makeAgency(hub.ds, 'POLICE');
  market = await makeAgency(hub.ds, 'MARKET_REGULATION');
  const l = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: police.id });
  leadId = l.id;
  marketMemberId = (await makeAccount(hub.ds, 'INSPECTOR', { agencyId: market.id })).id;
  policeMemberId = (await makeAccount(hub.ds, 'INSPECTOR', { agencyId: police.id })).id;
  lead = await hub.login(l.username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  admin = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
}, 60_000);
afterAll(() => hub.stop());

const CREATE = `mutation($i: CreateSiteInput!) { createSite(input: $i) { id kind version ... on Checkpoint { roadType roadName } } }`;
const UPDATE = `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { id version ... on Checkpoint { roadType roadName } } }`;
const site = (kind: string, over: Record<string, unknown> = {}) => ({ idempotencyKey: randomUUID(), kind, name: `${kind} ${randomUUID().slice(0, 6)}`, address: '凤县 G85', district: '双石铺镇', ...over });

async function createCheckpoint(roadType: string | null, district = '双石铺镇') {
  const r = await hub.gql(CREATE, { i: site('CHECKPOINT', { roadType, roadName: roadType ? 'G85' : null, district }) }, command);
  expect(r.errors).toBeUndefined();
  return r.data.createSite.id as string;
}

function reportAt(period = { from: FROM, to: TO }, district: string | null = null, asOf = LATER) {
  hub.clock.now = new Date(LATER);
  return hub.gql(
    `query($p: ReportPeriodInput!, $d: String, $asOf: DateTime) { report(period: $p, district: $d, asOf: $asOf) {
      checkpoint { checkpoints tallies byRoadType { roadType checkpoints } }
      inspections { total joint singleAgency sitesInspected byKind { siteKind total joint } }
      supplies { itemCode quantity unit unitZh unitEn unitEnPlural }
      summaryZh summaryEn } }`,
    { p: period, d: district, asOf },
    command,
  );
}

describe('checkpoints: road type and road name through createSite and updateSite', () => {
  it('creates a checkpoint with its road and changes it under the version check', async () => {
    const r = await hub.gql(CREATE, { i: site('CHECKPOINT', { roadType: 'HIGHWAY_EXIT', roadName: 'G85 银昆高速' }) }, command);
    expect(r.errors).toBeUndefined();
    const cp = r.data.createSite;
    expect(cp).toMatchObject({ kind: 'CHECKPOINT', roadType: 'HIGHWAY_EXIT', roadName: 'G85 银昆高速', version: 1 });

    const u = await hub.gql(UPDATE, { i: { id: cp.id, version: 1, roadType: 'NATIONAL_ROAD', roadName: 'G316' } }, command);
    expect(u.errors).toBeUndefined();
    expect(u.data.updateSite).toMatchObject({ roadType: 'NATIONAL_ROAD', roadName: 'G316', version: 2 });
    const stale = expectError(await hub.gql(UPDATE, { i: { id: cp.id, version: 1, roadType: 'PROVINCIAL_ROAD' } }, command), 'CONFLICT');
    expect(stale.extensions.field).toBe('input.version');
    const cleared = await hub.gql(UPDATE, { i: { id: cp.id, version: 2, roadType: null } }, command);
    expect(cleared.data.updateSite).toMatchObject({ roadType: null, roadName: 'G316', version: 3 });
    const [audit] = await hub.ds.query(`SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'site.update' ORDER BY id LIMIT 1`, [cp.id]);
    expect(audit.changes.roadType).toEqual({ before: 'HIGHWAY_EXIT', after: 'NATIONAL_ROAD' });
  });

  it('refuses a road type on any other kind of site, naming the field', async () => {
    const e = expectError(await hub.gql(CREATE, { i: site('HOTEL', { roadType: 'HIGHWAY_EXIT' }) }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.roadType');
    const hotel = (await hub.gql(CREATE, { i: site('HOTEL') }, command)).data.createSite;
    const u = expectError(await hub.gql(UPDATE, { i: { id: hotel.id, version: hotel.version, roadName: 'G316' } }, command), 'BAD_USER_INPUT');
    expect(u.extensions.field).toBe('input.roadName');
  });

  it('refuses a road type outside the enum', async () => {
    const r = await hub.gql(CREATE, { i: site('CHECKPOINT', { roadType: 'COUNTY_ROAD' }) }, command);
    expect(r.data?.createSite).toBeUndefined();
    expect(r.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].message).toMatch(/RoadType/);
  });
});

describe('the report: checkpoints staffed by road type, supplies in their units, joint inspections counted', () => {
  const district = '凤州镇-18';
  let hotels: string[] = [];
  beforeAll(async () => {
    hub.clock.now = FILED;
    // Eight checkpoints staffed in the period (5 highway exits, 2 national and 1 provincial road:
    // 3 国省道), one more without any tally (not staffed), one staffed in October only.
    const types = ['HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'NATIONAL_ROAD', 'NATIONAL_ROAD', 'PROVINCIAL_ROAD'];
    const staffed: string[] = [];
    for (const [k, t] of types.entries()) staffed.push(await createCheckpoint(t, k < 6 ? '双石铺镇' : district));
    await createCheckpoint('HIGHWAY_EXIT');
    const october = await createCheckpoint('NATIONAL_ROAD');
    const tally = (checkpointId: string, shiftDate: string, shift = 'DAY') =>
      hub.gql(
        `mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id } }`,
        { i: { idempotencyKey: randomUUID(), checkpointId, shiftDate, shift, vehiclesChecked: 100, personsScreened: 150, vehiclesTurnedBack: 3, personsTurnedBack: 4, certificatesVerified: 20, samplesTaken: 1 } },
        lead,
      );
    for (const [k, id] of staffed.entries()) {
      expect((await tally(id, `2026-11-${String(3 + k).padStart(2, '0')}`)).errors).toBeUndefined();
      if (k % 3 === 0) expect((await tally(id, `2026-11-${String(3 + k).padStart(2, '0')}`, 'NIGHT')).errors).toBeUndefined();
    }
    expect((await tally(october, '2026-10-30')).errors).toBeUndefined();

    // Supplies: the seed's gloves, noodles (件), prefab offices, and one litre of alcohol.
    const target = staffed[0];
    for (const [itemCode, quantity] of [['GLOVES', 300], ['INSTANT_NOODLES', 110], ['PREFAB_OFFICE', 5], ['DISINFECTANT_ALCOHOL', 1]] as const) {
      const rec = await hub.gql(`mutation($i: ReceiveSuppliesInput!) { receiveSupplies(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), itemCode, quantity, source: '采购' } }, command);
      expect(rec.errors).toBeUndefined();
      const d = await hub.gql(
        `mutation($i: RecordSupplyDeliveryInput!) { recordSupplyDelivery(input: $i) { id } }`,
        { i: { idempotencyKey: randomUUID(), itemCode, quantity, siteId: target, deliveredAt: '2026-11-10T03:00:00.000Z' } },
        command,
      );
      expect(d.errors).toBeUndefined();
    }

    // Inspections: team A (police + market regulation) files three visits, team B (police only)
    // two; afterwards A loses its market member and B gains one, which must not recount them.
    const teamOf = async (memberIds: string[]) => {
      const r = await hub.gql(`mutation($i: CreateInspectionTeamInput!) { createInspectionTeam(input: $i) { id } }`, { i: { name: `组 ${randomUUID().slice(0, 6)}`, leaderId: leadId, memberIds } }, admin);
      expect(r.errors).toBeUndefined();
      return r.data.createInspectionTeam.id as string;
    };
    const teamA = await teamOf([marketMemberId]);
    const teamB = await teamOf([policeMemberId]);
    const { versionId } = await publishChecklist(hub.ds, ['HOTEL'], [{ code: 'REG' }]);
    hotels = [];
    for (let k = 0; k < 4; k++) hotels.push((await hub.gql(CREATE, { i: site('HOTEL', { district: k < 2 ? '双石铺镇' : district }) }, command)).data.createSite.id);
    const file = async (teamId: string, siteId: string, at: string) => {
      const r = await hub.gql(
        `mutation($i: FileInspectionInput!) { fileInspection(input: $i) { id outcome members { agency { id } } } }`,
        { i: { idempotencyKey: randomUUID(), siteId, teamId, checklistVersionId: versionId, startedAt: new Date(Date.parse(at) - 3_600_000).toISOString(), submittedAt: at, answers: [{ itemCode: 'REG', yes: true }] } },
        lead,
      );
      expect(r.errors).toBeUndefined();
      return r.data.fileInspection;
    };
    const joint = await file(teamA, hotels[0], '2026-11-05T02:00:00.000Z');
    expect(new Set(joint.members.map((m: { agency: { id: string } }) => m.agency.id))).toEqual(new Set([police.id, market.id]));
    await file(teamA, hotels[1], '2026-11-06T02:00:00.000Z');
    await file(teamA, hotels[2], '2026-11-20T02:00:00.000Z');
    await file(teamB, hotels[0], '2026-11-07T02:00:00.000Z');
    await file(teamB, hotels[3], '2026-11-21T02:00:00.000Z');
    const move = (m: string, teamId: string, accountId: string) => hub.gql(`mutation($i: TeamMemberInput!) { ${m}(input: $i) { id } }`, { i: { teamId, accountId } }, admin);
    expect((await move('removeTeamMember', teamA, marketMemberId)).errors).toBeUndefined();
    expect((await move('addTeamMember', teamB, marketMemberId)).errors).toBeUndefined();
  }, 120_000);

  it('counts the checkpoints staffed per road type and says so in both summaries', async () => {
    const r = await reportAt();
    expect(r.errors).toBeUndefined();
    const rep = r.data.report;
    expect(rep.checkpoint.checkpoints).toBe(8);
    expect(rep.checkpoint.byRoadType).toEqual([
      { roadType: 'HIGHWAY_EXIT', checkpoints: 5 },
      { roadType: 'NATIONAL_ROAD', checkpoints: 2 },
      { roadType: 'PROVINCIAL_ROAD', checkpoints: 1 },
    ]);
    expect(rep.summaryZh).toContain('（数据截至2099年1月1日08:00）：设置8个防疫卡点，其中高速路口5个、国省道3个；检查车辆');
    expect(rep.summaryEn).toContain(': 8 checkpoints staffed (5 highway exits, 3 national/provincial roads); ');
    const b = (await reportAt(undefined, district)).data.report;
    expect(b.checkpoint.byRoadType).toEqual([{ roadType: 'NATIONAL_ROAD', checkpoints: 1 }, { roadType: 'PROVINCIAL_ROAD', checkpoints: 1 }]);
    expect(b.summaryZh).toContain('设置2个防疫卡点，其中国省道2个；');
    expect(b.summaryEn).toContain('2 checkpoints staffed (2 national/provincial roads); ');
  });

  it('writes each supply in its own unit, in both languages', async () => {
    const rep = (await reportAt()).data.report;
    expect(rep.supplies).toEqual([
      { itemCode: 'DISINFECTANT_ALCOHOL', quantity: 1, unit: 'LITRE', unitZh: '升', unitEn: 'litre', unitEnPlural: 'litres' },
      { itemCode: 'GLOVES', quantity: 300, unit: 'PAIR', unitZh: '双', unitEn: 'pair', unitEnPlural: 'pairs' },
      { itemCode: 'INSTANT_NOODLES', quantity: 110, unit: 'CASE', unitZh: '件', unitEn: 'case', unitEnPlural: 'cases' },
      { itemCode: 'PREFAB_OFFICE', quantity: 5, unit: 'PIECE', unitZh: '间', unitEn: null, unitEnPlural: null },
    ]);
    expect(rep.summaryZh).toContain('送至一线防护手套300双、消毒酒精1升、方便面110件、活动办公板房5间');
    expect(rep.summaryEn).toContain('delivered to the front line: 300 pairs of protective gloves, 1 litre of disinfectant alcohol, 110 cases of instant noodles, 5 prefab checkpoint offices');
    const items = (await hub.gql(`{ supplies { code kind unitZh unitEn unitEnPlural } }`, {}, command)).data.supplies;
    expect(items.find((i: { code: string }) => i.code === 'MASK')).toEqual({ code: 'MASK', kind: 'MASK', unitZh: '只', unitEn: null, unitEnPlural: null });
    expect(items.find((i: { code: string }) => i.code === 'PREFAB_OFFICE')).toEqual({ code: 'PREFAB_OFFICE', kind: 'PREFAB_OFFICE', unitZh: '间', unitEn: null, unitEnPlural: null });
  });

  it('counts joint inspections by the agencies on the team when each started, apart from single-agency ones', async () => {
    const rep = (await reportAt()).data.report;
    expect(rep.inspections).toMatchObject({ total: 5, joint: 3, singleAgency: 2, sitesInspected: 4, byKind: [{ siteKind: 'HOTEL', total: 5, joint: 3 }] });
    expect(rep.summaryZh).toContain('检查宾馆等各类行业场所4家，开展检查5次（多部门联合检查3次、单一部门检查2次）');
    expect(rep.summaryZh).not.toContain('联合检查宾馆');
    expect(rep.summaryEn).toContain('4 sites inspected in 5 inspections (3 joint, by two or more agencies and 2 by a single agency)');
    // The district's report reads the rows (no day sets): the same rule.
    const b = (await reportAt(undefined, district)).data.report;
    expect(b.inspections).toMatchObject({ total: 2, joint: 1, singleAgency: 1 });
    // A period starting and ending mid-day: the partial days' visits read row by row, the rest from the day sets.
    const mid = (await reportAt({ from: '2026-11-05T01:00:00.000Z', to: '2026-11-20T03:00:00.000Z' })).data.report;
    expect(mid.inspections).toMatchObject({ total: 4, joint: 3, singleAgency: 1 });
    const [{ days }] = await hub.ds.query(`SELECT count(*)::int AS days FROM report_day WHERE section = 'inspections' AND day BETWEEN '2026-11-01' AND '2026-11-29'`);
    expect(days).toBeGreaterThan(20);
  });

  it('keeps the day sets true when an inspection’s recorded members change', async () => {
    await reportAt();
    const [v] = await hub.ds.query(`SELECT i.id FROM inspection i WHERE i.site_id = $1 AND i.submitted_at = '2026-11-21T02:00:00Z'`, [hotels[3]]);
    const built = async () => (await hub.ds.query(`SELECT day::text FROM report_day WHERE section = 'inspections' AND day = '2026-11-21'`)).length;
    expect(await built()).toBe(1);
    await hub.ds.query(`INSERT INTO inspection_member (inspection_id, account_id, agency_id, is_leader) VALUES ($1, $2, $3, false)`, [v.id, marketMemberId, market.id]);
    expect(await built()).toBe(0);
    expect((await reportAt()).data.report.inspections).toMatchObject({ total: 5, joint: 4, singleAgency: 1 });
    await hub.ds.query(`DELETE FROM inspection_member WHERE inspection_id = $1 AND account_id = $2`, [v.id, marketMemberId]);
    expect(await built()).toBe(0);
    expect((await reportAt()).data.report.inspections).toMatchObject({ total: 5, joint: 3, singleAgency: 2 });
  });
});

describe('verification records dated by the source system’s receipt time', () => {
  const IMPORT = `mutation($i: ImportVerificationRecordsInput!) { importVerificationRecords(input: $i) { id received } }`;
  const rec = (ref: string, receivedAt?: string, needsVerification = false) => ({ externalRef: ref, personName: '张三', phoneMasked: '138****1234', reason: '行程涉疫', needsVerification, ...(receivedAt ? { receivedAt } : {}) });
  const VER = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { verification { received needingVerification } lateArrivals { verificationRecords } summaryZh } }`;
  const tag = randomUUID().slice(0, 6);

  it('takes receivedAt (not in the future), shows it on the task, and counts records by it; import time decides as-of', async () => {
    hub.clock.now = FILED;
    // A backlog pushed on 1 December of records the source received in November (and one in October).
    const backlog = [...Array.from({ length: 12 }, (_, k) => rec(`R-${tag}-${k}`, `2026-11-${String(2 + k).padStart(2, '0')}T03:00:00.000Z`, k < 3)), rec(`R-${tag}-oct`, '2026-10-20T03:00:00.000Z')];
    const a = await hub.gql(IMPORT, { i: { idempotencyKey: randomUUID(), batchRef: `B-${tag}-1`, records: backlog } }, command);
    expect(a.errors).toBeUndefined();
    expect(a.data.importVerificationRecords.received).toBe(13);
    const tasks = await hub.gql(`{ verificationTasks(first: 50) { nodes { externalRef receivedAt createdAt } } }`, {}, command);
    const first = tasks.data.verificationTasks.nodes.find((t: { externalRef: string }) => t.externalRef === `R-${tag}-0`);
    expect(first.receivedAt).toBe('2026-11-02T03:00:00.000Z');
    expect(first.createdAt).not.toBe(first.receivedAt);

    const [{ cutoff }] = await hub.ds.query(`SELECT max(created_at) AS cutoff FROM verification_record WHERE external_ref LIKE $1`, [`R-${tag}-%`]);
    // A second push, imported after that cutoff: five more November records, and one without a receipt time (received = imported).
    const more = [...Array.from({ length: 5 }, (_, k) => rec(`S-${tag}-${k}`, `2026-11-2${k}T03:00:00.000Z`)), rec(`S-${tag}-now`)];
    expect((await hub.gql(IMPORT, { i: { idempotencyKey: randomUUID(), batchRef: `B-${tag}-2`, records: more } }, command)).errors).toBeUndefined();
    const [now] = await hub.ds.query(`SELECT received_at FROM verification_record WHERE external_ref = $1`, [`S-${tag}-now`]);
    expect(now.received_at.toISOString()).toBe(FILED.toISOString());

    hub.clock.now = new Date(LATER);
    const all = (await hub.gql(VER, { p: { from: FROM, to: TO }, asOf: LATER }, command)).data.report;
    expect(all.verification).toEqual({ received: 17, needingVerification: 3 });
    expect(all.lateArrivals.verificationRecords).toBe(0);
    expect(all.summaryZh).toContain('接收协查数据17条，涉及核查反馈数据3条');
    // As of the first push: its twelve November records; the second push's five are late arrivals, shown apart.
    const asOf = new Date(new Date(cutoff).getTime() + 1).toISOString();
    const then = (await hub.gql(VER, { p: { from: FROM, to: TO }, asOf }, command)).data.report;
    expect(then.verification).toEqual({ received: 12, needingVerification: 3 });
    expect(then.lateArrivals.verificationRecords).toBe(5);
    // October's period has the October record; December's the one received on import.
    expect((await hub.gql(VER, { p: { from: '2026-09-30T16:00:00.000Z', to: FROM }, asOf: LATER }, command)).data.report.verification.received).toBe(1);
    expect((await hub.gql(VER, { p: { from: TO, to: '2026-12-31T16:00:00.000Z' }, asOf: LATER }, command)).data.report.verification.received).toBe(1);
  });

  it('refuses a receipt time in the future, by row; nothing is imported', async () => {
    hub.clock.now = FILED;
    const records = [rec(`F-${tag}-0`, '2026-11-30T00:00:00.000Z'), rec(`F-${tag}-1`, '2026-12-01T03:00:00.000Z'), rec(`F-${tag}-2`, '2026-12-01T02:04:00.000Z'), rec(`F-${tag}-3`, '2026-12-02T00:00:00.000Z')];
    const e = expectError(await hub.gql(IMPORT, { i: { idempotencyKey: randomUUID(), batchRef: `B-${tag}-f`, records } }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.records.1.receivedAt');
    expect((e.extensions.badRows as { field: string }[]).map((b) => b.field)).toEqual(['input.records.1.receivedAt', 'input.records.3.receivedAt']); // 4 minutes ahead is clock drift
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM verification_record WHERE external_ref LIKE $1`, [`F-${tag}-%`]);
    expect(n).toBe(0);
  });
});

describe('police deployed, warnings pushed, commando teams', () => {
  const RECORD = `mutation($i: RecordFieldOperationInput!) { recordFieldOperation(input: $i) { id kind occurredAt district officersDeployed messagesPushed peopleReached recordedBy { id } } }`;
  const OPS = `query($p: ReportPeriodInput!, $d: String, $asOf: DateTime) { report(period: $p, district: $d, asOf: $asOf) { operations { deployments officersDeployed pushes messagesPushed peopleReached } lateArrivals { fieldOperations total } summaryZh summaryEn } }`;
  const op = (over: Record<string, unknown>) => ({ idempotencyKey: randomUUID(), occurredAt: '2026-11-12T02:00:00.000Z', description: '社会面巡逻防控', ...over });

  it('records them, refuses figures of the other kind by field, and reports them in the figures and both summaries', async () => {
    hub.clock.now = FILED;
    const d = await hub.gql(RECORD, { i: op({ kind: 'POLICE_DEPLOYMENT', officersDeployed: 200, district: '双石铺镇' }) }, command);
    expect(d.errors).toBeUndefined();
    expect(d.data.recordFieldOperation).toMatchObject({ kind: 'POLICE_DEPLOYMENT', officersDeployed: 200, messagesPushed: null, district: '双石铺镇' });
    expect((await hub.gql(RECORD, { i: op({ kind: 'POLICE_DEPLOYMENT', officersDeployed: 90, occurredAt: '2026-11-20T02:00:00.000Z' }) }, command)).errors).toBeUndefined();
    expect((await hub.gql(RECORD, { i: op({ kind: 'WARNING_PUSH', description: '防范电诈预警', messagesPushed: 150, peopleReached: 9000 }) }, command)).errors).toBeUndefined();
    expect((await hub.gql(RECORD, { i: op({ kind: 'WARNING_PUSH', description: '交通路况', messagesPushed: 70, peopleReached: 6000, occurredAt: '2026-10-30T02:00:00.000Z' }) }, command)).errors).toBeUndefined();

    expect(expectError(await hub.gql(RECORD, { i: op({ kind: 'POLICE_DEPLOYMENT' }) }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.officersDeployed');
    expect(expectError(await hub.gql(RECORD, { i: op({ kind: 'WARNING_PUSH', messagesPushed: 5, peopleReached: 10, officersDeployed: 3 }) }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.officersDeployed');
    expect(expectError(await hub.gql(RECORD, { i: op({ kind: 'WARNING_PUSH', messagesPushed: 5 }) }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.peopleReached');
    expect(expectError(await hub.gql(RECORD, { i: op({ kind: 'POLICE_DEPLOYMENT', officersDeployed: 5, occurredAt: '2026-12-02T00:00:00.000Z' }) }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.occurredAt');
    expectError(await hub.gql(RECORD, { i: op({ kind: 'POLICE_DEPLOYMENT', officersDeployed: 5 }) }, lead), 'FORBIDDEN');

    const rep = (await reportAt()).data.report;
    const r = (await hub.gql(OPS, { p: { from: FROM, to: TO }, asOf: LATER }, command)).data.report;
    expect(r.operations).toEqual({ deployments: 2, officersDeployed: 290, pushes: 1, messagesPushed: 150, peopleReached: 9000 });
    expect(r.summaryZh).toContain('；出动警力290人次；推送预警提示150条，受宣群众9000人；');
    expect(r.summaryEn).toContain('; police deployed 290 person-times; 150 warnings pushed to the public, reaching 9000 people; ');
    expect(rep.summaryZh).toContain('出动警力290人次');
    // A district: its own records only.
    expect((await hub.gql(OPS, { p: { from: FROM, to: TO }, d: '双石铺镇', asOf: LATER }, command)).data.report.operations).toMatchObject({ officersDeployed: 200, pushes: 0 });
    // As of before the records were made: none counted, all four of the period's shown as late.
    const [{ first }] = await hub.ds.query(`SELECT min(created_at) AS first FROM field_operation`);
    const early = (await hub.gql(OPS, { p: { from: FROM, to: TO }, asOf: new Date(new Date(first).getTime() - 1).toISOString() }, command)).data.report;
    expect(early.operations).toEqual({ deployments: 0, officersDeployed: 0, pushes: 0, messagesPushed: 0, peopleReached: 0 });
    expect(early.lateArrivals.fieldOperations).toBe(3);
    expect(early.summaryZh).not.toContain('出动警力');
    const list = await hub.gql(`query($f: DateTime!, $t: DateTime!) { fieldOperations(from: $f, to: $t, kind: WARNING_PUSH) { description messagesPushed } }`, { f: FROM, t: TO }, command);
    expect(list.data.fieldOperations).toEqual([{ description: '防范电诈预警', messagesPushed: 150 }]);
  });

  it('forms a commando team (党员突击队) as a kind of team; teams are inspection teams by default', async () => {
    const CREATE_TEAM = `mutation($i: CreateInspectionTeamInput!) { createInspectionTeam(input: $i) { id kind name } }`;
    const c = await hub.gql(CREATE_TEAM, { i: { name: `凤县高速出口党员防疫突击队 ${randomUUID().slice(0, 4)}`, kind: 'COMMANDO', leaderId: leadId, memberIds: [policeMemberId] } }, admin);
    expect(c.errors).toBeUndefined();
    expect(c.data.createInspectionTeam.kind).toBe('COMMANDO');
    const i = await hub.gql(CREATE_TEAM, { i: { name: `联合检查组 ${randomUUID().slice(0, 4)}`, leaderId: leadId } }, admin);
    expect(i.data.createInspectionTeam.kind).toBe('INSPECTION');
    const teams = (await hub.gql(`{ inspectionTeams { id kind } }`, {}, admin)).data.inspectionTeams;
    expect(teams.find((t: { id: string }) => t.id === c.data.createInspectionTeam.id).kind).toBe('COMMANDO');
    const [audit] = await hub.ds.query(`SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'team.create'`, [c.data.createInspectionTeam.id]);
    expect(audit.changes.kind.after).toBe('COMMANDO');
  });
});
