import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAttachment, makeField, seededVersion } from '../fixtures/checklists';

let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let hotelVersion: string;
let detentionVersion: string;
const T0 = new Date('2026-11-20T08:00:00.000Z');
const hours = (h: number, from = T0) => new Date(from.getTime() + h * 3_600_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = T0;
  w = await makeField(hub);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
  detentionVersion = await seededVersion(hub.ds, 'DETENTION-EPI');
});
afterAll(() => hub.stop());

const INSPECTION = `id status score pointsEarned pointsPossible outcome passMark startedAt submittedAt
  members { isLeader account { username } agency { id } }
  answers { itemCode passed yes number choice evidenceIds item { severity } }
  findings { id itemCode severity status deadline overdue raisedAt issuingAgency { id } rectifications { status rejectionReason description } }`;
const SCHEDULE = `mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id status dueAt site { id } team { id } checklistVersion { id } } }`;
const START = `mutation($id: ID!) { startInspection(input: { inspectionId: $id }) { ${INSPECTION} } }`;
const SAVE = `mutation($i: SaveInspectionAnswersInput!) { saveInspectionAnswers(input: $i) { ${INSPECTION} } }`;
const SUBMIT = `mutation($id: ID!) { submitInspection(input: { inspectionId: $id }) { ${INSPECTION} } }`;
const RECTIFY = `mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id status finding { id status } } }`;
const VERIFY = `mutation($i: VerifyRectificationInput!) { verifyRectification(input: $i) { id status version verifiedAt rectifications { status } inspection { status closedAt } } }`;
const REJECT = `mutation($i: RejectRectificationInput!) { rejectRectification(input: $i) { id status rectifications { status rejectionReason } } }`;

async function schedule(siteId: string, versionId: string) {
  const r = await hub.gql(SCHEDULE, { i: { idempotencyKey: randomUUID(), siteId, teamId: w.team.id, checklistVersionId: versionId, dueAt: hours(24) } }, w.tokens.command);
  expect(r.errors).toBeUndefined();
  return r.data.scheduleInspection.id as string;
}

// HOTEL-EPI: 10 scored items, 62 points. Two fail here: TEMP.STAFF_MAX (MAJOR, 6) and VENT.ROOMS (MINOR, 4).
const hotelAnswersA = [
  { itemCode: 'REG.GUEST', yes: true },
  { itemCode: 'REG.HEALTHCODE', yes: true },
  { itemCode: 'TEMP.ENTRANCE', yes: true },
  { itemCode: 'TEMP.STAFF_MAX', number: 37.8, note: '前台员工体温偏高' },
  { itemCode: 'MASK.STAFF', choice: 'ALL' },
];
const hotelAnswersB = (evidence: string[]) => [
  { itemCode: 'VENT.ROOMS', yes: false },
  { itemCode: 'DISINF.RECORD', yes: true, evidenceIds: evidence },
  { itemCode: 'GATHER.EVENTS', yes: true },
  { itemCode: 'OBS.ROOM', yes: true },
  { itemCode: 'SUPPLIES.DAYS', number: 10 },
  { itemCode: 'NOTES', text: '整体情况良好' },
];

describe('the field story', () => {
  let hotelInspection: string;
  let majorFinding: { id: string };
  let minorFinding: { id: string };

  it('COMMAND schedules; only the team inspects; answers are saved in parts, scored and judged on submission', async () => {
    hotelInspection = await schedule(w.hotel.id, hotelVersion);
    const other = await hub.gql(START, { id: hotelInspection }, w.tokens.outsider);
    expectError(other, 'FORBIDDEN'); // acting for another team
    expectError(await hub.gql(START, { id: hotelInspection }, w.tokens.hotelManager), 'FORBIDDEN');
    expectError(await hub.gql(SCHEDULE, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, dueAt: hours(1) } }, w.tokens.lead), 'FORBIDDEN');

    hub.clock.now = new Date(hours(1));
    const started = await hub.gql(START, { id: hotelInspection }, w.tokens.lead);
    expect(started.errors).toBeUndefined();
    expect(started.data.startInspection.status).toBe('IN_PROGRESS');
    // Joint inspection: both members, from two agencies.
    const members = started.data.startInspection.members;
    expect(members).toHaveLength(2);
    expect(new Set(members.map((m: any) => m.agency.id))).toEqual(new Set([w.police.id, w.market.id]));
    expect(members.find((m: any) => m.isLeader).account.username).toBe(w.lead.username);

    const a = await hub.gql(SAVE, { i: { inspectionId: hotelInspection, answers: hotelAnswersA } }, w.tokens.lead);
    expect(a.errors).toBeUndefined();
    expect(a.data.saveInspectionAnswers.answers.find((x: any) => x.itemCode === 'TEMP.STAFF_MAX').passed).toBe(false);
    expect(a.data.saveInspectionAnswers.score).toBeNull(); // only set at submission
    // The other member answers the rest, without the required evidence at first.
    const b = await hub.gql(SAVE, { i: { inspectionId: hotelInspection, answers: hotelAnswersB([]) } }, w.tokens.member);
    expect(b.data.saveInspectionAnswers.answers).toHaveLength(11);
    const missing = await hub.gql(SUBMIT, { id: hotelInspection }, w.tokens.lead);
    expect(expectError(missing, 'BAD_USER_INPUT').extensions.field).toBe('answers.DISINF.RECORD.evidenceIds');

    const photo = await makeAttachment(hub.ds, w.member.id);
    await hub.gql(SAVE, { i: { inspectionId: hotelInspection, answers: [hotelAnswersB([photo])[1]] } }, w.tokens.member);
    hub.clock.now = new Date(hours(2));
    const submitted = await hub.gql(SUBMIT, { id: hotelInspection }, w.tokens.lead);
    expect(submitted.errors).toBeUndefined();
    const s = submitted.data.submitInspection;
    expect(s).toMatchObject({ status: 'SUBMITTED', pointsEarned: 52, pointsPossible: 62, score: 83.9, passMark: 80, outcome: 'PASS_WITH_FINDINGS', submittedAt: hours(2) });
    // One finding per failed item; the deadline comes from the HOTEL profile (MAJOR 72 h, MINOR 168 h).
    expect(s.findings.map((f: any) => [f.itemCode, f.severity, f.status, f.deadline])).toEqual([
      ['TEMP.STAFF_MAX', 'MAJOR', 'OPEN', hours(2 + 72)],
      ['VENT.ROOMS', 'MINOR', 'OPEN', hours(2 + 168)],
    ]);
    expect(s.findings[0].issuingAgency.id).toBe(w.police.id);
    [majorFinding, minorFinding] = s.findings;
  });

  it('a submitted inspection cannot be submitted again or changed', async () => {
    expectError(await hub.gql(SUBMIT, { id: hotelInspection }, w.tokens.lead), 'INVALID_TRANSITION');
    expectError(await hub.gql(SAVE, { i: { inspectionId: hotelInspection, answers: [{ itemCode: 'VENT.ROOMS', yes: true }] } }, w.tokens.lead), 'INVALID_TRANSITION');
    await expect(hub.ds.query(`UPDATE inspection_answer SET bool_value = true WHERE inspection_id = $1 AND item_code = 'VENT.ROOMS'`, [hotelInspection])).rejects.toThrow(/submitted inspection/);
  });

  it('holds a detention facility to a stricter standard: shorter deadlines, evidence for every failure', async () => {
    const id = await schedule(w.detention.id, detentionVersion);
    await hub.gql(START, { id }, w.tokens.member);
    const photo = await makeAttachment(hub.ds, w.member.id);
    const answers = [
      { itemCode: 'VISIT.SUSPENDED', yes: true },
      { itemCode: 'VISIT.CONTROL', yes: true, evidenceIds: [photo] },
      { itemCode: 'INTAKE.QUARANTINE', yes: true },
      { itemCode: 'INTAKE.TEST', yes: true, evidenceIds: [photo] },
      { itemCode: 'TEMP.DETAINEES', yes: true },
      { itemCode: 'TEMP.STAFF_MAX', number: 36.5 },
      { itemCode: 'STAFF.CLOSED_DUTY', choice: 'CLOSED_ROTATION' },
      { itemCode: 'VENT.CELLS', yes: false },
      { itemCode: 'DISINF.RECORD', yes: true, evidenceIds: [photo] },
      { itemCode: 'SUPPLIES.DAYS', number: 45 },
      { itemCode: 'NOTES', text: '无' },
    ];
    await hub.gql(SAVE, { i: { inspectionId: id, answers } }, w.tokens.member);
    hub.clock.now = new Date(hours(5));
    // Evidence is mandatory for failed items at detention facilities (not at hotels).
    expect(expectError(await hub.gql(SUBMIT, { id }, w.tokens.member), 'BAD_USER_INPUT').extensions.field).toBe('answers.VENT.CELLS.evidenceIds');
    await hub.gql(SAVE, { i: { inspectionId: id, answers: [{ itemCode: 'VENT.CELLS', yes: false, evidenceIds: [photo] }] } }, w.tokens.member);
    const r = await hub.gql(SUBMIT, { id }, w.tokens.member);
    expect(r.errors).toBeUndefined();
    // 72 of 78 points = 92.3 >= the detention pass mark of 90.
    expect(r.data.submitInspection).toMatchObject({ score: 92.3, passMark: 90, outcome: 'PASS_WITH_FINDINGS' });
    const [f] = r.data.submitInspection.findings;
    // Rectifications there need evidence too.
    const bare = await hub.gql(RECTIFY, { i: { idempotencyKey: randomUUID(), findingId: f.id, description: '已通风', evidenceIds: null } }, w.tokens.detentionManager);
    expect(expectError(bare, 'BAD_USER_INPUT').extensions.field).toBe('input.evidenceIds');
    const fe = await hub.gql(`query($s: [ID!]) { findings(filter: { siteIds: $s }) { nodes { evidenceIds evidence { id } } } }`, { s: [w.detention.id] }, w.tokens.detentionManager);
    expect(fe.data.findings.nodes).toEqual([{ evidenceIds: [photo], evidence: [{ id: photo }] }]); // the failed answer's evidence, readable by the site's manager
    expect(f).toMatchObject({ itemCode: 'VENT.CELLS', severity: 'MAJOR', deadline: hours(5 + 24) }); // a hotel's MAJOR gets 72 h
    const hotelMajor = new Date(hours(74)).getTime() - new Date(hours(2)).getTime();
    expect(new Date(f.deadline).getTime() - new Date(hours(5)).getTime()).toBeLessThan(hotelMajor);
  });

  it('only the site\'s own manager rectifies; another site\'s manager sees nothing', async () => {
    const key = randomUUID();
    const foreign = await hub.gql(RECTIFY, { i: { idempotencyKey: key, findingId: majorFinding.id, description: '已处理' } }, w.tokens.otherManager);
    expectError(foreign, 'NOT_FOUND');
    expect((await hub.gql(`query($id: ID!) { inspection(id: $id) { id } }`, { id: hotelInspection }, w.tokens.otherManager)).data.inspection).toBeNull();
    const list = await hub.gql(`{ findings { totalCount nodes { id } } inspections { totalCount } }`, {}, w.tokens.otherManager);
    expect(list.data).toEqual({ findings: { totalCount: 0, nodes: [] }, inspections: { totalCount: 0 } });
    const own = await hub.gql(`{ findings { nodes { id site { id } } } }`, {}, w.tokens.hotelManager);
    expect(own.data.findings.nodes.map((f: any) => f.id).sort()).toEqual([majorFinding.id, minorFinding.id].sort());
    expect(own.data.findings.nodes.every((f: any) => f.site.id === w.hotel.id)).toBe(true);
    expectError(await hub.gql(RECTIFY, { i: { idempotencyKey: randomUUID(), findingId: majorFinding.id, description: '已处理' } }, w.tokens.lead), 'FORBIDDEN');
  });

  it('rectify, reject with a reason, rectify again, verify; the inspection closes when its last finding is verified', async () => {
    hub.clock.now = new Date(hours(10));
    const r1 = await hub.gql(RECTIFY, { i: { idempotencyKey: randomUUID(), findingId: majorFinding.id, description: '已安排发热员工就医' } }, w.tokens.hotelManager);
    expect(r1.errors).toBeUndefined();
    expect(r1.data.submitRectification).toMatchObject({ status: 'SUBMITTED', finding: { status: 'RECTIFICATION_SUBMITTED' } });
    // Only an inspector of the issuing team decides; a rejection needs a reason.
    expectError(await hub.gql(VERIFY, { i: { findingId: majorFinding.id } }, w.tokens.outsider), 'FORBIDDEN');
    expectError(await hub.gql(VERIFY, { i: { findingId: majorFinding.id } }, w.tokens.hotelManager), 'FORBIDDEN');
    expect(expectError(await hub.gql(REJECT, { i: { findingId: majorFinding.id, reason: '  ' } }, w.tokens.lead), 'BAD_USER_INPUT').extensions.field).toBe('input.reason');
    const rej = await hub.gql(REJECT, { i: { findingId: majorFinding.id, reason: '未提供员工健康监测台账' } }, w.tokens.lead);
    expect(rej.data.rejectRectification).toEqual({ id: majorFinding.id, status: 'OPEN', rectifications: [{ status: 'REJECTED', rejectionReason: '未提供员工健康监测台账' }] });

    const photo = await makeAttachment(hub.ds, w.hotelManager.id);
    const r2 = await hub.gql(RECTIFY, { i: { idempotencyKey: randomUUID(), findingId: majorFinding.id, description: '补充健康监测台账', evidenceIds: [photo] } }, w.tokens.hotelManager);
    expect(r2.data.submitRectification.status).toBe('SUBMITTED');
    const v = await hub.gql(VERIFY, { i: { findingId: majorFinding.id } }, w.tokens.member);
    expect(v.errors).toBeUndefined();
    expect(v.data.verifyRectification).toMatchObject({ status: 'VERIFIED', rectifications: [{ status: 'REJECTED' }, { status: 'ACCEPTED' }], inspection: { status: 'SUBMITTED', closedAt: null } });
    expectError(await hub.gql(VERIFY, { i: { findingId: majorFinding.id } }, w.tokens.member), 'INVALID_TRANSITION');

    await hub.gql(RECTIFY, { i: { idempotencyKey: randomUUID(), findingId: minorFinding.id, description: '已制定通风制度' } }, w.tokens.hotelManager);
    const last = await hub.gql(VERIFY, { i: { findingId: minorFinding.id } }, w.tokens.lead);
    expect(last.data.verifyRectification.inspection).toEqual({ status: 'CLOSED', closedAt: hours(10) });
    // The rectification's evidence is readable by the site's manager and the inspectors.
    const att = await hub.gql(`query($id: ID!) { attachment(id: $id) { id } }`, { id: photo }, w.tokens.lead);
    expect(att.data.attachment).toEqual({ id: photo });
    expect((await hub.gql(`query($id: ID!) { attachment(id: $id) { id } }`, { id: photo }, w.tokens.otherManager)).data.attachment).toBeNull();
    const ev = await hub.gql(`query($id: ID!) { inspection(id: $id) { answers { itemCode evidence { id } } findings { rectifications { evidence { id } } } } }`, { id: hotelInspection }, w.tokens.hotelManager);
    expect(ev.data.inspection.findings[0].rectifications.map((r: any) => r.evidence.map((e: any) => e.id))).toEqual([[], [photo]]);
    expect(ev.data.inspection.answers.find((a: any) => a.itemCode === 'DISINF.RECORD').evidence).toHaveLength(1);
  });

  it('a profile change applies to findings raised afterwards, not to existing ones', async () => {
    const ps = await hub.gql(`{ standardProfiles { siteKind version majorDeadlineHours } }`, {}, w.tokens.admin);
    const hotel = ps.data.standardProfiles.find((p: any) => p.siteKind === 'HOTEL');
    const upd = await hub.gql(`mutation($i: UpdateStandardProfileInput!) { updateStandardProfile(input: $i) { version majorDeadlineHours } }`, { i: { siteKind: 'HOTEL', version: hotel.version, majorDeadlineHours: 48 } }, w.tokens.admin);
    expect(upd.data.updateStandardProfile.majorDeadlineHours).toBe(48);
    const old = await hub.gql(`query($id: ID!) { inspection(id: $id) { findings { itemCode deadline profileVersion } } }`, { id: hotelInspection }, w.tokens.command);
    expect(old.data.inspection.findings[0]).toMatchObject({ itemCode: 'TEMP.STAFF_MAX', deadline: hours(74), profileVersion: hotel.version });

    const id = await schedule(w.hotel.id, hotelVersion);
    await hub.gql(START, { id }, w.tokens.lead);
    await hub.gql(SAVE, { i: { inspectionId: id, answers: [...hotelAnswersA, ...hotelAnswersB([await makeAttachment(hub.ds, w.lead.id)])] } }, w.tokens.lead);
    hub.clock.now = new Date(hours(30));
    const r = await hub.gql(SUBMIT, { id }, w.tokens.lead);
    expect(r.data.submitInspection.findings[0]).toMatchObject({ itemCode: 'TEMP.STAFF_MAX', deadline: hours(30 + 48) });
  });
});

describe('bad inputs, each with its code', () => {
  let id: string;
  beforeAll(async () => {
    id = await schedule(w.otherHotel.id, hotelVersion);
    await hub.gql(START, { id }, w.tokens.lead);
  });
  const save = (answers: unknown[], token = w.tokens.lead) => hub.gql(SAVE, { i: { inspectionId: id, answers } }, token);
  const field = async (answers: unknown[]) => expectError(await save(answers), 'BAD_USER_INPUT').extensions.field;

  it('unknown item codes', async () => {
    expect(await field([{ itemCode: 'REG.GUEST', yes: true }, { itemCode: 'NO.SUCH', yes: true }])).toBe('input.answers.1.itemCode');
    expect(await field([{ itemCode: 'VISIT.SUSPENDED', yes: true }])).toBe('input.answers.0.itemCode'); // a detention item
  });

  it('answers of the wrong type', async () => {
    expect(await field([{ itemCode: 'REG.GUEST', number: 1 }])).toBe('input.answers.0.number');
    expect(await field([{ itemCode: 'TEMP.STAFF_MAX', yes: true }])).toBe('input.answers.0.yes');
    expect(await field([{ itemCode: 'MASK.STAFF', choice: 'PERFECT' }])).toBe('input.answers.0.choice');
    expect(await field([{ itemCode: 'TEMP.STAFF_MAX' }])).toBe('input.answers.0.number');
    expect(await field([{ itemCode: 'REG.GUEST', notApplicable: true }])).toBe('input.answers.0.notApplicable'); // CRITICAL
    expect(await field([{ itemCode: 'VENT.ROOMS', yes: true }, { itemCode: 'VENT.ROOMS', yes: false }])).toBe('input.answers.1.itemCode');
    const bad = await hub.gql(SAVE, { i: { inspectionId: id, answers: [{ itemCode: 'TEMP.STAFF_MAX', number: 'hot' }] } }, w.tokens.lead);
    expectError(bad, 'BAD_USER_INPUT');
  });

  it('evidence that does not exist or is not the inspector\'s', async () => {
    const foreign = await makeAttachment(hub.ds, w.otherManager.id);
    expect(await field([{ itemCode: 'DISINF.RECORD', yes: true, evidenceIds: [foreign] }])).toBe('input.answers.0.evidenceIds');
  });

  it('submitting with items unanswered', async () => {
    await save([{ itemCode: 'REG.GUEST', yes: true }]);
    expect(expectError(await hub.gql(SUBMIT, { id }, w.tokens.lead), 'BAD_USER_INPUT').extensions.field).toBe('answers.REG.HEALTHCODE.itemCode');
  });

  it('acting for another team', async () => {
    expectError(await save([{ itemCode: 'REG.GUEST', yes: true }], w.tokens.outsider), 'FORBIDDEN');
    expectError(await hub.gql(SUBMIT, { id }, w.tokens.outsider), 'FORBIDDEN');
  });

  it('scheduling with a checklist for another kind, or a draft', async () => {
    const r = await hub.gql(SCHEDULE, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: detentionVersion, dueAt: hours(3) } }, w.tokens.command);
    expect(expectError(r, 'BAD_USER_INPUT').extensions.field).toBe('input.checklistVersionId');
  });

  it('cancelling: COMMAND may, before submission only', async () => {
    const c = await schedule(w.hotel.id, hotelVersion);
    expectError(await hub.gql(`mutation($i: CancelInspectionInput!) { cancelInspection(input: $i) { status } }`, { i: { inspectionId: c, reason: 'x' } }, w.tokens.lead), 'FORBIDDEN');
    const r = await hub.gql(`mutation($i: CancelInspectionInput!) { cancelInspection(input: $i) { status cancelReason } }`, { i: { inspectionId: c, reason: '暴雨' } }, w.tokens.command);
    expect(r.data.cancelInspection).toEqual({ status: 'CANCELLED', cancelReason: '暴雨' });
    expectError(await hub.gql(START, { id: c }, w.tokens.lead), 'INVALID_TRANSITION');
  });
});
