import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeSite } from '../fixtures/factory';
import { makeField, publishChecklist } from '../fixtures/checklists';

/**
 * Issue 18.9: the next inspection follows the site's risk and last outcome (profile factors per
 * site kind, editable, the detention facility's kept strictest), and due dates are bounded.
 */
let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let versionId: string;
const NOW = new Date('2026-11-25T00:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await makeField(hub);
  versionId = (await publishChecklist(hub.ds, ['HOTEL'], [{ code: 'REG', severity: 'CRITICAL' }, { code: 'VENT', severity: 'MINOR' }])).versionId;
});
afterAll(() => hub.stop());

const DUE = `query($f: InspectionsDueFilter) { inspectionsDue(filter: $f) { site { id } lastOutcome intervalDays lastInspectedAt dueAt daysOverdue } }`;
const PROFILES = `{ standardProfiles { siteKind version reinspectionIntervalDays highRiskIntervalFactor failIntervalFactor } }`;
const UPDATE = `mutation($i: UpdateStandardProfileInput!) { updateStandardProfile(input: $i) { siteKind version highRiskIntervalFactor failIntervalFactor } }`;
const profile = async (kind: string) => (await hub.gql(PROFILES, {}, w.tokens.admin)).data.standardProfiles.find((p: { siteKind: string }) => p.siteKind === kind);

async function hotelInspected(riskLevel: string, pass: boolean, daysBack: number) {
  const site = await makeSite(hub.ds, { kind: 'HOTEL', riskLevel });
  const at = daysAgo(daysBack);
  const r = await hub.gql(
    `mutation($i: FileInspectionInput!) { fileInspection(input: $i) { outcome } }`,
    { i: { idempotencyKey: randomUUID(), siteId: site.id, teamId: w.team.id, checklistVersionId: versionId, startedAt: at, submittedAt: at, answers: [{ itemCode: 'REG', yes: pass }, { itemCode: 'VENT', yes: true }] } },
    w.tokens.lead,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.fileInspection.outcome).toBe(pass ? 'PASS' : 'FAIL');
  return site.id;
}

describe('the next due date follows risk and the last outcome', () => {
  it('shortens a hotel’s 30 days by half for HIGH (and CRITICAL) risk, by half after a FAIL, and by both', async () => {
    expect(await profile('HOTEL')).toMatchObject({ reinspectionIntervalDays: 30, highRiskIntervalFactor: 0.5, failIntervalFactor: 0.5 });
    const sites = {
      mediumPass: await hotelInspected('MEDIUM', true, 40),
      mediumFail: await hotelInspected('MEDIUM', false, 20),
      highPass: await hotelInspected('HIGH', true, 20),
      highFail: await hotelInspected('HIGH', false, 10),
      criticalFail: await hotelInspected('CRITICAL', false, 5),
      lowPassRecent: await hotelInspected('LOW', true, 10),
    };
    const r = await hub.gql(DUE, { f: { siteIds: Object.values(sites), withinDays: 365 } }, w.tokens.command);
    expect(r.errors).toBeUndefined();
    const by = Object.fromEntries(r.data.inspectionsDue.map((d: any) => [d.site.id, d]));
    expect(by[sites.mediumPass]).toMatchObject({ lastOutcome: 'PASS', intervalDays: 30, dueAt: daysAgo(10), daysOverdue: 10 });
    expect(by[sites.mediumFail]).toMatchObject({ lastOutcome: 'FAIL', intervalDays: 15, dueAt: daysAgo(5), daysOverdue: 5 });
    expect(by[sites.highPass]).toMatchObject({ lastOutcome: 'PASS', intervalDays: 15, dueAt: daysAgo(5) });
    // A high-risk hotel that failed is due 7.5 days after, not 30.
    expect(by[sites.highFail]).toMatchObject({ lastOutcome: 'FAIL', intervalDays: 7.5, dueAt: daysAgo(2.5), daysOverdue: 2 });
    expect(by[sites.criticalFail]).toMatchObject({ intervalDays: 7.5, dueAt: daysAgo(-2.5), daysOverdue: 0 });
    expect(by[sites.lowPassRecent]).toMatchObject({ intervalDays: 30, dueAt: daysAgo(-20) });
    // Due now (withinDays 0): the four past their shortened intervals, highest risk first, then longest uninspected.
    const now = await hub.gql(DUE, { f: { siteIds: Object.values(sites) } }, w.tokens.command);
    expect(now.data.inspectionsDue.map((d: any) => d.site.id)).toEqual([sites.highPass, sites.highFail, sites.mediumPass, sites.mediumFail]);

    // The factors are the profile's: a milder high-risk factor moves the high-risk hotels' dates.
    const hotel = await profile('HOTEL');
    const u = await hub.gql(UPDATE, { i: { siteKind: 'HOTEL', version: hotel.version, highRiskIntervalFactor: 0.8 } }, w.tokens.admin);
    expect(u.errors).toBeUndefined();
    expect(u.data.updateStandardProfile).toMatchObject({ highRiskIntervalFactor: 0.8, version: hotel.version + 1 });
    const after = Object.fromEntries((await hub.gql(DUE, { f: { siteIds: Object.values(sites), withinDays: 365 } }, w.tokens.command)).data.inspectionsDue.map((d: any) => [d.site.id, d]));
    expect(after[sites.highPass]).toMatchObject({ intervalDays: 24, dueAt: daysAgo(-4) });
    expect(after[sites.highFail]).toMatchObject({ intervalDays: 12, dueAt: daysAgo(-2) });
    expect(after[sites.mediumFail]).toMatchObject({ intervalDays: 15 });
    const [rev] = await hub.ds.query(`SELECT snapshot FROM standard_profile_revision WHERE site_kind = 'HOTEL' ORDER BY profile_version DESC LIMIT 1`);
    expect(rev.snapshot).toMatchObject({ highRiskIntervalFactor: 0.8, failIntervalFactor: 0.5 });
  });

  it('refuses factors outside (0, 1] and any that would make another kind stricter than detention facilities', async () => {
    const hotel = await profile('HOTEL');
    for (const [field, value] of [['highRiskIntervalFactor', 0], ['failIntervalFactor', 1.5], ['failIntervalFactor', -1]] as const) {
      const e = expectError(await hub.gql(UPDATE, { i: { siteKind: 'HOTEL', version: hotel.version, [field]: value } }, w.tokens.admin), 'BAD_USER_INPUT');
      expect(e.extensions.field).toBe(`input.${field}`);
    }
    const lower = expectError(await hub.gql(UPDATE, { i: { siteKind: 'HOTEL', version: hotel.version, failIntervalFactor: 0.4 } }, w.tokens.admin), 'BAD_USER_INPUT');
    expect(lower.extensions.field).toBe('input.failIntervalFactor');
    expect(lower.message).toMatch(/detention facility standard must stay stricter.*failIntervalFactor must not be above HOTEL's \(0.4\)/);
    const detention = await profile('DETENTION_FACILITY');
    const higher = expectError(await hub.gql(UPDATE, { i: { siteKind: 'DETENTION_FACILITY', version: detention.version, highRiskIntervalFactor: 0.9 } }, w.tokens.admin), 'BAD_USER_INPUT');
    expect(higher.message).toMatch(/highRiskIntervalFactor must not be above/);
    expect(await profile('HOTEL')).toEqual(hotel);
    // Stricter still is fine.
    const ok = await hub.gql(UPDATE, { i: { siteKind: 'DETENTION_FACILITY', version: detention.version, failIntervalFactor: 0.25 } }, w.tokens.admin);
    expect(ok.data.updateStandardProfile.failIntervalFactor).toBe(0.25);
  });
});

describe('scheduled due dates', () => {
  const SCHEDULE = `mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id dueAt } }`;
  const schedule = (dueAt: string) => hub.gql(SCHEDULE, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: versionId, dueAt } }, w.tokens.command);

  it('refuses dates more than 30 days back or more than 366 days ahead, on the field', async () => {
    for (const dueAt of ['2020-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z', daysAgo(31), daysAgo(-367)]) {
      const e = expectError(await schedule(dueAt), 'BAD_USER_INPUT');
      expect(e.extensions.field).toBe('input.dueAt');
      expect(e.message).toContain('2026-10-26T00:00:00.000Z (30 days ago) and 2027-11-26T00:00:00.000Z (366 days ahead)');
    }
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE site_id = $1 AND status = 'SCHEDULED'`, [w.hotel.id]);
    expect(n).toBe(0);
    for (const dueAt of [daysAgo(30), daysAgo(-366), daysAgo(-7)]) {
      const r = await schedule(dueAt);
      expect(r.errors).toBeUndefined();
      expect(r.data.scheduleInspection.dueAt).toBe(dueAt);
    }
  });
});
