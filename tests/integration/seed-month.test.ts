import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeAgency } from '../fixtures/factory';
import { publishChecklist } from '../fixtures/checklists';
import { parseCsv } from '../helpers/csv';
import { prng } from '../fixtures/samples';

/**
 * Issue 18, "What done looks like": a month of the seed's operations stored through the API, and
 * the report, both summaries and the CSV stating every figure of the seed exactly — also as of a
 * past cutoff, with what was filed later shown apart.
 *
 * November 2026 (Asia/Shanghai): 8 checkpoints (5 highway exits, 2 national and 1 provincial
 * road) with irregular shift tallies (no night shift on some days, uneven figures) and three
 * corrections, adding up to the seed's six figures; police deployed (290 person-times) and
 * warnings pushed (220, reaching 15,000); 52 inspections of 52 sites, 50 of them joint; 8 site
 * conflicts; 8,012 verification records received over the month, 107 needing verification, all
 * answered; the seed's supplies including 5 prefab checkpoint offices. Then, after the cutoff, a
 * late tally, a late correction and a late deployment.
 */
let hub: TestHub;
let command: string;
let admin: string;
let lead: string;

const FROM = '2026-10-31T16:00:00.000Z'; // 2026-11-01 00:00 Asia/Shanghai
const TO = '2026-11-30T16:00:00.000Z';
const FILED = new Date('2026-12-01T02:00:00.000Z');
const LATER = new Date('2099-01-01T00:00:00.000Z');
const SEED = { vehiclesChecked: 32937, personsScreened: 53910, vehiclesTurnedBack: 1162, personsTurnedBack: 1887, certificatesVerified: 8982, samplesTaken: 596 };
type Six = typeof SEED;
const SIX = Object.keys(SEED) as (keyof Six)[];
const SUPPLIES: [string, number][] = [['MASK', 5000], ['FACE_SHIELD', 320], ['GLOVES', 300], ['PROTECTIVE_SUIT', 640], ['THERMOMETER', 10], ['DISINFECTANT_ALCOHOL', 600], ['INSTANT_NOODLES', 110], ['PREFAB_OFFICE', 5]];

const rand = prng(18);

/** `total` in `n` uneven whole parts (each at least 0) that add up to it exactly. */
function unevenSplit(total: number, n: number): number[] {
  const w = Array.from({ length: n }, () => 0.2 + rand() * 1.8);
  const sum = w.reduce((a, b) => a + b, 0);
  const parts = w.map((x) => Math.floor((x / sum) * total));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) parts[i]++;
  return parts;
}

const ok = async <T = any>(p: Promise<{ data?: any; errors?: unknown[] }>, key: string): Promise<T> => {
  const r = await p;
  expect(r.errors).toBeUndefined();
  return r.data[key];
};

let cutoff: Date;
const late = { vehiclesChecked: 0, personsScreened: 0, vehiclesTurnedBack: 0, personsTurnedBack: 0, certificatesVerified: 0, samplesTaken: 0 };

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = FILED;
  const police = await makeAgency(hub.ds, 'POLICE');
  const market = await makeAgency(hub.ds, 'MARKET_REGULATION');
  const leadAccount = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: police.id });
  const marketMember = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: market.id });
  const policeMember = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: police.id });
  lead = await hub.login(leadAccount.username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  admin = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
  const site = (kind: string, over: Record<string, unknown> = {}) =>
    ok<{ id: string }>(hub.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), kind, name: `${kind} ${randomUUID().slice(0, 6)}`, address: '凤县', district: '双石铺镇', ...over } }, command), 'createSite');

  // Eight checkpoints, and their shifts: every day a day shift, a night shift on most days.
  const roads = ['HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'HIGHWAY_EXIT', 'NATIONAL_ROAD', 'NATIONAL_ROAD', 'PROVINCIAL_ROAD'];
  const checkpoints: string[] = [];
  for (const roadType of roads) checkpoints.push((await site('CHECKPOINT', { roadType, roadName: roadType === 'HIGHWAY_EXIT' ? 'G85' : 'G316' })).id);
  const shifts: { checkpointId: string; shiftDate: string; shift: 'DAY' | 'NIGHT' }[] = [];
  for (const [k, checkpointId] of checkpoints.entries())
    for (let d = 1; d <= 30; d++) {
      const shiftDate = `2026-11-${String(d).padStart(2, '0')}`;
      shifts.push({ checkpointId, shiftDate, shift: 'DAY' });
      if ((d + k) % 4 !== 0) shifts.push({ checkpointId, shiftDate, shift: 'NIGHT' });
    }
  const parts = Object.fromEntries(SIX.map((k) => [k, unevenSplit(SEED[k], shifts.length)])) as Record<keyof Six, number[]>;
  const TALLY = `mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id } }`;
  const figures = (i: number) => Object.fromEntries(SIX.map((k) => [k, parts[k][i]]));
  for (const [i, s] of shifts.entries()) {
    // Three shifts are first filed wrong and corrected the next morning.
    if (i % 97 === 5) {
      const wrong = await ok<{ id: string }>(hub.gql(TALLY, { i: { idempotencyKey: randomUUID(), ...s, ...figures(i), vehiclesChecked: parts.vehiclesChecked[i] + 500 } }, lead), 'fileCheckpointTally');
      await ok(hub.gql(TALLY, { i: { idempotencyKey: randomUUID(), ...s, ...figures(i), correctsId: wrong.id, correctionReason: '多录一位' } }, lead), 'fileCheckpointTally');
    } else await ok(hub.gql(TALLY, { i: { idempotencyKey: randomUUID(), ...s, ...figures(i) } }, lead), 'fileCheckpointTally');
  }

  // Police deployed: 290 person-times in ten deployments; warnings: 220 in four pushes reaching 15,000.
  const OP = `mutation($i: RecordFieldOperationInput!) { recordFieldOperation(input: $i) { id } }`;
  for (const [k, n] of unevenSplit(290, 10).entries())
    await ok(hub.gql(OP, { i: { idempotencyKey: randomUUID(), kind: 'POLICE_DEPLOYMENT', occurredAt: new Date(Date.parse(FROM) + (k * 3 + 1) * 86_400_000).toISOString(), description: '巡逻防控', officersDeployed: n } }, command), 'recordFieldOperation');
  const reached = unevenSplit(15000, 4);
  for (const [k, n] of unevenSplit(220, 4).entries())
    await ok(hub.gql(OP, { i: { idempotencyKey: randomUUID(), kind: 'WARNING_PUSH', occurredAt: new Date(Date.parse(FROM) + (k * 7 + 2) * 86_400_000).toISOString(), description: '防范电诈预警', messagesPushed: n, peopleReached: reached[k] } }, command), 'recordFieldOperation');

  // 52 sites inspected once each: 50 visits by a police + market-regulation team, 2 by police alone.
  const team = (memberIds: string[]) => ok<{ id: string }>(hub.gql(`mutation($i: CreateInspectionTeamInput!) { createInspectionTeam(input: $i) { id } }`, { i: { name: `组 ${randomUUID().slice(0, 6)}`, leaderId: leadAccount.id, memberIds } }, admin), 'createInspectionTeam');
  const joint = (await team([marketMember.id])).id;
  const single = (await team([policeMember.id])).id;
  const { versionId } = await publishChecklist(hub.ds, ['HOTEL', 'VENUE'], [{ code: 'REG' }]);
  for (let k = 0; k < 52; k++) {
    const s = (await site(k % 3 ? 'HOTEL' : 'VENUE')).id;
    const at = new Date(Date.parse(FROM) + (k % 29) * 86_400_000 + 5 * 3_600_000).toISOString();
    await ok(
      hub.gql(`mutation($i: FileInspectionInput!) { fileInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: s, teamId: k < 50 ? joint : single, checklistVersionId: versionId, startedAt: new Date(Date.parse(at) - 3_600_000).toISOString(), submittedAt: at, answers: [{ itemCode: 'REG', yes: true }] } }, lead),
      'fileInspection',
    );
  }

  // Eight conflicts mediated at checkpoints.
  for (let k = 0; k < 8; k++)
    await ok(
      hub.gql(`mutation($i: RecordSiteConflictInput!) { recordSiteConflict(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: checkpoints[k], category: 'CHECKPOINT_QUARREL', description: '劝返引发争执', parties: ['司机'], mediatedBy: '民警', outcome: '劝解离开', resolvedAt: new Date(Date.parse(FROM) + (k * 3 + 1) * 86_400_000).toISOString() } }, lead),
      'recordSiteConflict',
    );

  // 8,012 verification records received over the month (by the source system's clock), in two
  // imports; 107 need verification, routed to the police unit at import, then started and answered.
  const records = Array.from({ length: 8012 }, (_, g) => ({
    externalRef: `SEED-${g}`,
    personName: `人员${g}`,
    phoneMasked: `138****${String(g % 10000).padStart(4, '0')}`,
    reason: '行程涉疫',
    needsVerification: g < 107,
    routedUnit: g < 107 ? police.code : null,
    receivedAt: new Date(Date.parse(FROM) + Math.floor((g / 8012) * 29.9 * 86_400_000)).toISOString(),
  }));
  const IMPORT = `mutation($i: ImportVerificationRecordsInput!) { importVerificationRecords(input: $i) { id received } }`;
  for (const [k, chunk] of [records.slice(0, 5000), records.slice(5000)].entries()) await ok(hub.gql(IMPORT, { i: { idempotencyKey: randomUUID(), batchRef: `推送-${k}`, records: chunk } }, command), 'importVerificationRecords');
  let tasks: { id: string; version: number }[] = [];
  for (let after: string | null = null; ; ) {
    const page: any = await ok(hub.gql(`query($a: String) { verificationTasks(filter: { status: ROUTED }, first: 100, after: $a) { nodes { id version } pageInfo { hasNextPage endCursor } } }`, { a: after }, command), 'verificationTasks');
    tasks = tasks.concat(page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(tasks).toHaveLength(107);
  for (const t of tasks) {
    const started = await ok<{ version: number }>(hub.gql(`mutation($i: StartVerificationTaskInput!) { startVerificationTask(input: $i) { version } }`, { i: { id: t.id, version: t.version } }, lead), 'startVerificationTask');
    await ok(hub.gql(`mutation($i: AnswerVerificationTaskInput!) { answerVerificationTask(input: $i) { id } }`, { i: { id: t.id, version: started.version, result: 'CLEARED' } }, lead), 'answerVerificationTask');
  }

  // The seed's supplies, received and delivered to the checkpoints during the month.
  for (const [k, [itemCode, quantity]] of SUPPLIES.entries()) {
    await ok(hub.gql(`mutation($i: ReceiveSuppliesInput!) { receiveSupplies(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), itemCode, quantity, source: '采购' } }, command), 'receiveSupplies');
    await ok(
      hub.gql(`mutation($i: RecordSupplyDeliveryInput!) { recordSupplyDelivery(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), itemCode, quantity, siteId: checkpoints[k % 8], deliveredAt: new Date(Date.parse(FROM) + (k + 3) * 86_400_000).toISOString() } }, command),
      'recordSupplyDelivery',
    );
  }

  // The cutoff: after all of that, whichever clock stamped it.
  const dbNow = await hub.dbNow();
  cutoff = new Date(Math.max(dbNow.getTime(), FILED.getTime()) + 1000);
  await new Promise((r) => setTimeout(r, 1500)); // the database's clock past the cutoff too
  hub.clock.now = new Date(cutoff.getTime() + 3_600_000);

  // Filed after the cutoff: a night shift that was missing, a correction, and a deployment.
  expect(shifts.length).toBeGreaterThan(400); // irregular: 8 × 30 day shifts and most nights
  const lateShift = { checkpointId: checkpoints[0], shiftDate: '2026-11-04', shift: 'NIGHT' };
  expect(shifts.some((s) => s.checkpointId === lateShift.checkpointId && s.shiftDate === lateShift.shiftDate && s.shift === 'NIGHT')).toBe(false);
  const lateFigures = { vehiclesChecked: 120, personsScreened: 180, vehiclesTurnedBack: 2, personsTurnedBack: 3, certificatesVerified: 40, samplesTaken: 5 };
  await ok(hub.gql(TALLY, { i: { idempotencyKey: randomUUID(), ...lateShift, ...lateFigures } }, lead), 'fileCheckpointTally');
  const [corrected] = await hub.ds.query(`SELECT id FROM checkpoint_tally WHERE checkpoint_id = $1 AND shift_date = '2026-11-10' AND shift = 'DAY' AND superseded_at IS NULL`, [checkpoints[1]]);
  const i10 = shifts.findIndex((s) => s.checkpointId === checkpoints[1] && s.shiftDate === '2026-11-10' && s.shift === 'DAY');
  await ok(hub.gql(TALLY, { i: { idempotencyKey: randomUUID(), ...shifts[i10], ...figures(i10), personsScreened: parts.personsScreened[i10] + 9, correctsId: corrected.id, correctionReason: '漏记' } }, lead), 'fileCheckpointTally');
  for (const k of SIX) late[k] = lateFigures[k] + (k === 'personsScreened' ? 9 : 0);
  await ok(hub.gql(OP, { i: { idempotencyKey: randomUUID(), kind: 'POLICE_DEPLOYMENT', occurredAt: '2026-11-29T02:00:00.000Z', description: '补录', officersDeployed: 12 } }, command), 'recordFieldOperation');
}, 900_000);
afterAll(() => hub.stop());

const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) {
  cutoff
  checkpoint { tallies checkpoints byRoadType { roadType checkpoints } ${SIX.join(' ')} }
  operations { deployments officersDeployed pushes messagesPushed peopleReached }
  inspections { total joint singleAgency sitesInspected }
  disputes { byKind { kind lodged resolved } }
  verification { received needingVerification routed verified answered }
  supplies { itemCode quantity }
  lateArrivals { total checkpointTallies checkpointNetChange { ${SIX.join(' ')} } fieldOperations decisions { total } netChange { officersDeployed deployments } }
  summaryZh summaryEn } }`;

const report = async (asOf: Date) => {
  hub.clock.now = LATER;
  return ok<any>(hub.gql(REPORT, { p: { from: FROM, to: TO }, asOf: asOf.toISOString() }, command), 'report');
};

describe('a month of the seed’s operations', () => {
  it('as of the cutoff: every figure of the seed, exactly, in the report and both summaries; the late filings apart', async () => {
    const r = await report(cutoff);
    expect(r.cutoff).toBe(cutoff.toISOString());
    expect(r.checkpoint).toMatchObject({ checkpoints: 8, byRoadType: [{ roadType: 'HIGHWAY_EXIT', checkpoints: 5 }, { roadType: 'NATIONAL_ROAD', checkpoints: 2 }, { roadType: 'PROVINCIAL_ROAD', checkpoints: 1 }], ...SEED });
    expect(r.operations).toEqual({ deployments: 10, officersDeployed: 290, pushes: 4, messagesPushed: 220, peopleReached: 15000 });
    expect(r.inspections).toEqual({ total: 52, joint: 50, singleAgency: 2, sitesInspected: 52 });
    expect(r.disputes.byKind).toEqual([{ kind: 'SITE_CONFLICT', lodged: 8, resolved: 8 }]);
    expect(r.verification).toEqual({ received: 8012, needingVerification: 107, routed: 0, verified: 107, answered: 107 });
    expect(r.supplies.map((s: { itemCode: string; quantity: number }) => [s.itemCode, s.quantity]).sort()).toEqual([...SUPPLIES].sort());
    expect(r.lateArrivals).toEqual({ total: 3, checkpointTallies: 2, checkpointNetChange: late, fieldOperations: 1, decisions: { total: 0 }, netChange: { officersDeployed: 12, deployments: 1 } });

    const zh: string = r.summaryZh;
    expect(zh).toContain('设置8个防疫卡点，其中高速路口5个、国省道3个');
    expect(zh).toContain('检查车辆32937辆，排查人员53910人，劝返车辆1162辆，劝返人员1887人，查验核酸证明8982份，现场采集核酸596份');
    expect(zh).toContain('出动警力290人次');
    expect(zh).toContain('推送预警提示220条，受宣群众15000人');
    expect(zh).toContain('化解处置矛盾纠纷8起');
    expect(zh).toContain('接收协查数据8012条，涉及核查反馈数据107条');
    expect(zh).toContain('开展检查52次（多部门联合检查50次、单一部门检查2次）');
    expect(zh).toContain('口罩5000只、防护面罩320个、防护手套300双、防护服640件、测温仪10个、消毒酒精600升、方便面110件');
    expect(zh).toMatch(/活动办公板房5间/);
    expect(zh).toContain('另有截止时间后补录记录3条，未计入以上数字。');
    const en: string = r.summaryEn;
    expect(en).toContain('8 checkpoints staffed (5 highway exits, 3 national/provincial roads)');
    expect(en).toContain('32937 vehicles checked, 53910 persons screened, 1162 vehicles and 1887 persons turned back, 8982 test certificates verified, 596 samples taken on site');
    expect(en).toContain('8012 verification records received, 107 needing field verification');
    expect(en).toContain('8 conflicts at sites resolved');
    expect(en).toContain('300 pairs of protective gloves');
    expect(en).toContain('A further 3 records recorded after the cutoff are not counted above.');
  });

  it('the CSV states the same figures', async () => {
    hub.clock.now = LATER;
    const res = await fetch(`${hub.url}/reports/report.csv?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&asOf=${encodeURIComponent(cutoff.toISOString())}`, { headers: { authorization: `Bearer ${command}` } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    const section = (name: string) => {
      const i = rows.findIndex((x) => x.length === 1 && x[0] === name);
      const out: string[][] = [];
      for (let j = i + 1; j < rows.length && !(rows[j].length === 1 && rows[j][0] === ''); j++) out.push(rows[j]);
      return Object.fromEntries(out[0].map((h, k) => [h, out.slice(1).map((r) => r[k])]));
    };
    const cp = section('checkpoint');
    for (const k of SIX) expect([k, cp[k]]).toEqual([k, [String(SEED[k])]]);
    expect(cp.checkpoints).toEqual(['8']);
    expect(section('checkpointRoadTypes')).toEqual({ roadType: ['HIGHWAY_EXIT', 'NATIONAL_ROAD', 'PROVINCIAL_ROAD'], checkpoints: ['5', '2', '1'] });
    expect(section('operations')).toEqual({ deployments: ['10'], officersDeployed: ['290'], pushes: ['4'], messagesPushed: ['220'], peopleReached: ['15000'] });
    const insp = section('inspections');
    expect([insp.siteKind.at(-1), insp.total.at(-1), insp.joint.at(-1), insp.singleAgency.at(-1)]).toEqual(['ALL', '52', '50', '2']);
    expect(section('verification')).toMatchObject({ received: ['8012'], needingVerification: ['107'], answered: ['107'] });
    expect(section('disputesByKind')).toEqual({ kind: ['SITE_CONFLICT'], lodged: ['8'], resolved: ['8'] });
    const sup = section('supplies');
    expect(sup.itemCode.map((c: string, k: number) => [c, Number(sup.quantity[k])]).sort()).toEqual([...SUPPLIES].sort());
    const la = section('lateArrivals');
    expect([la.total, la.checkpointTallies, la.fieldOperations, la['checkpointNetChange.vehiclesChecked']]).toEqual([['3'], ['2'], ['1'], [String(late.vehiclesChecked)]]);
  });

  it('as of now, the late filings are in the figures', async () => {
    const r = await report(LATER);
    for (const k of SIX) expect([k, r.checkpoint[k]]).toEqual([k, SEED[k] + late[k]]);
    expect(r.operations.officersDeployed).toBe(302);
    expect(r.lateArrivals.total).toBe(0);
  });
});
