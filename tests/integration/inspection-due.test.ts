import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeSite } from '../fixtures/factory';
import { FILE_INSPECTION, hotelAllPass, makeAttachment, makeField, seededVersion, withAnswers } from '../fixtures/checklists';

let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
const NOW = new Date('2026-11-25T00:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await makeField(hub);
});
afterAll(() => hub.stop());

const DUE = `query($f: InspectionsDueFilter) { inspectionsDue(filter: $f) { site { id } lastInspectedAt dueAt daysOverdue openFindings { itemCode status } plannedInspection { id status } } }`;

describe('inspectionsDue', () => {
  it('lists sites due under their kind\'s interval, highest risk and longest uninspected first, with open findings', async () => {
    const photo = await makeAttachment(hub.ds, w.lead.id);
    const hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
    const detentionVersion = await seededVersion(hub.ds, 'DETENTION-EPI');
    const neverLow = await makeSite(hub.ds, { kind: 'HOTEL', riskLevel: 'LOW' });
    const neverHigh = await makeSite(hub.ds, { kind: 'HOTEL', riskLevel: 'HIGH' });
    const longAgo = await makeSite(hub.ds, { kind: 'HOTEL', riskLevel: 'MEDIUM' });
    const recent = await makeSite(hub.ds, { kind: 'HOTEL', riskLevel: 'MEDIUM' });
    const detention = await makeSite(hub.ds, { kind: 'DETENTION_FACILITY', riskLevel: 'MEDIUM' });
    const closed = await makeSite(hub.ds, { kind: 'HOTEL', riskLevel: 'CRITICAL', status: 'CLOSED' });
    const all = [neverLow, neverHigh, longAgo, recent, detention, closed].map((s) => s.id);

    const fileAt = (siteId: string, versionId: string, submittedAt: string, answers: unknown[]) =>
      hub.gql(FILE_INSPECTION, { i: { idempotencyKey: randomUUID(), siteId, teamId: w.team.id, checklistVersionId: versionId, startedAt: submittedAt, submittedAt, answers } }, w.tokens.lead);
    expect((await fileAt(longAgo.id, hotelVersion, daysAgo(40), withAnswers(hotelAllPass(photo), [{ itemCode: 'VENT.ROOMS', yes: false }]))).errors).toBeUndefined();
    await fileAt(recent.id, hotelVersion, daysAgo(10), hotelAllPass(photo));
    const detentionAnswers = ['VISIT.SUSPENDED', 'INTAKE.QUARANTINE', 'TEMP.DETAINEES', 'VENT.CELLS'].map((itemCode) => ({ itemCode, yes: true }))
      .concat(['VISIT.CONTROL', 'INTAKE.TEST', 'DISINF.RECORD'].map((itemCode) => ({ itemCode, yes: true, evidenceIds: [photo] })) as never[])
      .concat([{ itemCode: 'TEMP.STAFF_MAX', number: 36.5 }, { itemCode: 'STAFF.CLOSED_DUTY', choice: 'CLOSED_ROTATION' }, { itemCode: 'SUPPLIES.DAYS', number: 40 }, { itemCode: 'NOTES', text: '无' }] as never[]);
    expect((await fileAt(detention.id, detentionVersion, daysAgo(10), detentionAnswers)).errors).toBeUndefined();
    const planned = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: neverLow.id, teamId: w.team.id, checklistVersionId: hotelVersion, dueAt: NOW.toISOString() } }, w.tokens.command);

    const r = await hub.gql(DUE, { f: { siteIds: all } }, w.tokens.command);
    expect(r.errors).toBeUndefined();
    // Hotels inspected 10 days ago are not due (30-day interval); a detention facility is (7 days).
    expect(r.data.inspectionsDue).toEqual([
      { site: { id: neverHigh.id }, lastInspectedAt: null, dueAt: null, daysOverdue: 0, openFindings: [], plannedInspection: null },
      { site: { id: longAgo.id }, lastInspectedAt: daysAgo(40), dueAt: daysAgo(10), daysOverdue: 10, openFindings: [{ itemCode: 'VENT.ROOMS', status: 'OPEN' }], plannedInspection: null },
      { site: { id: detention.id }, lastInspectedAt: daysAgo(10), dueAt: daysAgo(3), daysOverdue: 3, openFindings: [], plannedInspection: null },
      { site: { id: neverLow.id }, lastInspectedAt: null, dueAt: null, daysOverdue: 0, openFindings: [], plannedInspection: { id: planned.data.scheduleInspection.id, status: 'SCHEDULED' } },
    ]);
    const soon = await hub.gql(DUE, { f: { siteIds: all, withinDays: 25, siteKinds: ['HOTEL'], riskLevels: ['MEDIUM'] } }, w.tokens.command);
    expect(soon.data.inspectionsDue.map((d: any) => d.site.id)).toEqual([longAgo.id, recent.id]);

    // A facility manager sees only its own sites, in SQL.
    await bindManager(hub.ds, longAgo.id, w.otherManager.id);
    const fm = await hub.gql(DUE, { f: { siteIds: all } }, w.tokens.otherManager);
    expect(fm.data.inspectionsDue.map((d: any) => d.site.id)).toEqual([longAgo.id]);
  });

  it('a scheduled re-inspection links the previous inspection and shows its open findings', async () => {
    const photo = await makeAttachment(hub.ds, w.lead.id);
    const hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    const first = await hub.gql(FILE_INSPECTION, { i: { idempotencyKey: randomUUID(), siteId: site.id, teamId: w.team.id, checklistVersionId: hotelVersion, startedAt: daysAgo(3), submittedAt: daysAgo(3), answers: withAnswers(hotelAllPass(photo), [{ itemCode: 'OBS.ROOM', yes: false }]) } }, w.tokens.lead);
    const prev = first.data.fileInspection;
    const s = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id previousInspection { id } previousOpenFindings { itemCode deadline } } }`, { i: { idempotencyKey: randomUUID(), siteId: site.id, teamId: w.team.id, checklistVersionId: hotelVersion, dueAt: NOW.toISOString(), previousInspectionId: prev.id } }, w.tokens.command);
    expect(s.data.scheduleInspection).toMatchObject({ previousInspection: { id: prev.id }, previousOpenFindings: [{ itemCode: 'OBS.ROOM' }] });
    const other = await makeSite(hub.ds, { kind: 'HOTEL' });
    const wrong = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: other.id, teamId: w.team.id, checklistVersionId: hotelVersion, dueAt: NOW.toISOString(), previousInspectionId: prev.id } }, w.tokens.command);
    expect(expectError(wrong, 'BAD_USER_INPUT').extensions.field).toBe('input.previousInspectionId');
  });
});
