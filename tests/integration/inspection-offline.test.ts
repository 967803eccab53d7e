import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { FILE_INSPECTION, hotelAllPass, makeAttachment, makeField, seededVersion, withAnswers } from '../fixtures/checklists';

let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let hotelVersion: string;
let detentionVersion: string;
let photo: string;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await makeField(hub);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
  detentionVersion = await seededVersion(hub.ds, 'DETENTION-EPI');
  photo = await makeAttachment(hub.ds, w.lead.id);
});
afterAll(() => hub.stop());

const file = (input: Record<string, unknown>, token = w.tokens.lead) => hub.gql(FILE_INSPECTION, { i: input }, token);
const hotelFiling = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  siteId: w.hotel.id,
  teamId: w.team.id,
  checklistVersionId: hotelVersion,
  startedAt: at(-3),
  submittedAt: at(-2),
  answers: withAnswers(hotelAllPass(photo), [{ itemCode: 'GATHER.EVENTS', yes: false, note: '大厅正在举办婚宴' }]),
  findings: [{ title: '消防通道堆放杂物', severity: 'MINOR', legalBasis: '《消防法》第二十八条' }],
  ...over,
});
const countAt = async (siteId: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE site_id = $1`, [siteId]))[0].n as number;

describe('filing a whole inspection in one mutation', () => {
  it('files answers, ad-hoc findings and device times; deadlines run from the device submission time', async () => {
    const r = await file(hotelFiling());
    expect(r.errors).toBeUndefined();
    const i = r.data.fileInspection;
    expect(i).toMatchObject({ status: 'SUBMITTED', filedOffline: true, startedAt: at(-3), submittedAt: at(-2), receivedAt: NOW.toISOString(), outcome: 'PASS_WITH_FINDINGS' });
    expect(i.score).toBe(Math.round((56 / 62) * 1000) / 10);
    expect(i.members).toHaveLength(2);
    expect(i.findings.map((f: any) => [f.itemCode, f.severity, f.legalBasis, f.deadline])).toEqual(
      expect.arrayContaining([
        [null, 'MINOR', '《消防法》第二十八条', at(-2 + 168)],
        ['GATHER.EVENTS', 'MAJOR', null, at(-2 + 72)],
      ]),
    );
  });

  it('records where the device was when the team started, when it could tell; absent otherwise', async () => {
    const startLocation = { latitude: 33.9107, longitude: 106.5246, accuracyMeters: 18.5 };
    const withLoc = await file(hotelFiling({ startLocation }));
    expect(withLoc.errors).toBeUndefined();
    const without = await file(hotelFiling());
    expect(without.errors).toBeUndefined();
    const read = (id: string) => hub.gql(`query($id: ID!) { inspection(id: $id) { startedAt startLocation { latitude longitude accuracyMeters } } }`, { id }, w.tokens.lead).then((r) => r.data.inspection);
    expect(await read(withLoc.data.fileInspection.id)).toEqual({ startedAt: at(-3), startLocation });
    expect(await read(without.data.fileInspection.id)).toEqual({ startedAt: at(-3), startLocation: null });
  });

  it('a retried or concurrently duplicated request files once; the same key with other input is CONFLICT', async () => {
    const site = w.otherHotel.id;
    const input = hotelFiling({ siteId: site });
    const before = await countAt(site);
    const results = await Promise.all([file(input), file(input), file(input), file(input)]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data.fileInspection.id));
    expect(ids.size).toBe(1);
    const retry = await file(input);
    expect(retry.data.fileInspection.id).toBe([...ids][0]);
    expect(await countAt(site)).toBe(before + 1);
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM finding WHERE inspection_id = $1`, [[...ids][0]]);
    expect(n).toBe(2);
    expectError(await file({ ...input, submittedAt: at(-1) }), 'CONFLICT');
    expect(await countAt(site)).toBe(before + 1);
  });

  it('completes a scheduled inspection; two devices filing it with different keys: one wins', async () => {
    const s = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, dueAt: at(2) } }, w.tokens.command);
    const id = s.data.scheduleInspection.id;
    const base = { inspectionId: id, startedAt: at(-1), submittedAt: at(-0.5), answers: hotelAllPass(photo) };
    const [a, b] = await Promise.all([file({ ...base, idempotencyKey: randomUUID() }), file({ ...base, idempotencyKey: randomUUID() }, w.tokens.member)]);
    const ok = [a, b].filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    expect(ok[0].data.fileInspection).toMatchObject({ id, status: 'CLOSED', outcome: 'PASS', score: 100 });
    expect(['INVALID_TRANSITION', 'CONFLICT']).toContain([a, b].find((r) => r.errors)!.errors![0].extensions.code);
  });

  it('a failed CRITICAL item fails the inspection whatever the score, with the detention facility\'s shortest deadline', async () => {
    const answers = [
      { itemCode: 'VISIT.SUSPENDED', yes: false, evidenceIds: [photo] },
      { itemCode: 'VISIT.CONTROL', yes: true, evidenceIds: [photo] },
      { itemCode: 'INTAKE.QUARANTINE', yes: true },
      { itemCode: 'INTAKE.TEST', yes: true, evidenceIds: [photo] },
      { itemCode: 'TEMP.DETAINEES', yes: true },
      { itemCode: 'TEMP.STAFF_MAX', number: 36.4 },
      { itemCode: 'STAFF.CLOSED_DUTY', choice: 'CLOSED_ROTATION' },
      { itemCode: 'VENT.CELLS', yes: true },
      { itemCode: 'DISINF.RECORD', yes: true, evidenceIds: [photo] },
      { itemCode: 'SUPPLIES.DAYS', notApplicable: true },
      { itemCode: 'NOTES', text: '发现家属现场会见' },
    ];
    const base = { idempotencyKey: randomUUID(), siteId: w.detention.id, teamId: w.team.id, checklistVersionId: detentionVersion, startedAt: at(-2), submittedAt: at(-1), answers };
    // An ad-hoc finding without evidence is refused here: evidence is mandatory at detention facilities.
    const noEvidence = await file({ ...base, findings: [{ title: '会见登记不全', severity: 'MAJOR' }] });
    expect(expectError(noEvidence, 'BAD_USER_INPUT').extensions.field).toBe('input.findings.0.evidenceIds');
    const r = await file({ ...base, idempotencyKey: randomUUID() });
    expect(r.errors).toBeUndefined();
    // 64 of 74 points (SUPPLIES.DAYS is N/A) = 86.5, and a CRITICAL item failed.
    expect(r.data.fileInspection).toMatchObject({ score: 86.5, outcome: 'FAIL' });
    expect(r.data.fileInspection.findings).toEqual([expect.objectContaining({ itemCode: 'VISIT.SUSPENDED', severity: 'CRITICAL', deadline: at(-1 + 6), evidenceIds: [photo] })]);
  });

  it('refuses bad filings, naming the field', async () => {
    const f = async (over: Record<string, unknown>, code = 'BAD_USER_INPUT', token = w.tokens.lead) => expectError(await file(hotelFiling(over), token), code).extensions.field;
    expect(await f({ answers: [...hotelAllPass(photo), { itemCode: 'BOGUS', yes: true }] })).toBe('input.answers.11.itemCode');
    expect(await f({ answers: withAnswers(hotelAllPass(photo), [{ itemCode: 'VENT.ROOMS', text: 'yes' }]) })).toBe('input.answers.5.text');
    expect(await f({ answers: withAnswers(hotelAllPass(photo), [{ itemCode: 'DISINF.RECORD', yes: true }]) })).toBe('input.answers.6.evidenceIds');
    expect(await f({ answers: hotelAllPass(photo).slice(1) })).toBe('input.answers');
    expect(await f({ submittedAt: at(2) })).toBe('input.submittedAt');
    expect(await f({ startedAt: at(-1), submittedAt: at(-2) })).toBe('input.startedAt');
    expect(await f({ correctionReason: 'typo' })).toBe('input.correctionReason');
    const here = { latitude: 33.9, longitude: 106.5, accuracyMeters: 20 };
    expect(await f({ startLocation: { ...here, latitude: 91 } })).toBe('input.startLocation.latitude');
    expect(await f({ startLocation: { ...here, longitude: -180.5 } })).toBe('input.startLocation.longitude');
    expect(await f({ startLocation: { ...here, accuracyMeters: -1 } })).toBe('input.startLocation.accuracyMeters');
    await f({ teamId: w.otherTeam.id }, 'FORBIDDEN');
    await f({}, 'FORBIDDEN', w.tokens.command);
    const nothing = await countAt(w.hotel.id);
    expect(nothing).toBeGreaterThan(0); // the earlier filings, none of these
  });
});

describe('re-inspections and corrections', () => {
  it('a re-inspection links the previous one and shows which of its findings are still open', async () => {
    const first = (await file(hotelFiling({ siteId: w.otherHotel.id }))).data.fileInspection;
    const gather = first.findings.find((x: any) => x.itemCode === 'GATHER.EVENTS');
    await hub.gql(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), findingId: gather.id, description: '已取消婚宴' } }, w.tokens.otherManager);
    await hub.gql(`mutation($id: ID!) { verifyRectification(input: { findingId: $id }) { status } }`, { id: gather.id }, w.tokens.lead);
    const re = await file({ idempotencyKey: randomUUID(), siteId: w.otherHotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, startedAt: at(-1), submittedAt: at(-0.5), answers: hotelAllPass(photo), previousInspectionId: first.id });
    expect(re.errors).toBeUndefined();
    expect(re.data.fileInspection.previousInspection).toEqual({ id: first.id });
    const adHoc = first.findings.find((x: any) => x.itemCode === null);
    expect(re.data.fileInspection.previousOpenFindings).toEqual([{ id: adHoc.id, status: 'OPEN' }]);
  });

  it('a correction is a new inspection linked to the one it corrects, with a reason; the original stays as it was', async () => {
    const original = (await file(hotelFiling())).data.fileInspection;
    const c = await file({ idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, startedAt: at(-3), submittedAt: at(-2), answers: hotelAllPass(photo), correctsInspectionId: original.id, correctionReason: '宴会为误记，实为员工培训' });
    expect(c.errors).toBeUndefined();
    expect(c.data.fileInspection).toMatchObject({ correctsInspection: { id: original.id }, correctionReason: '宴会为误记，实为员工培训', outcome: 'PASS' });
    const again = await hub.gql(`query($id: ID!) { inspection(id: $id) { outcome score correctedBy { id } } }`, { id: original.id }, w.tokens.command);
    expect(again.data.inspection).toEqual({ outcome: original.outcome, score: original.score, correctedBy: [{ id: c.data.fileInspection.id }] });
  });
});
