import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/*
 * disinfectionAreas: the areas a site's kind requires, each with its last effective entry and
 * when the next is due (what the field app's staff pick from and the manager's site screen shows).
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

const AREAS = `query($s: ID!) { disinfectionAreas(siteId: $s) { area maxIntervalHours lastDisinfectedAt nextDueAt overdue } }`;
const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`;
const CORRECT = `mutation($i: CorrectDisinfectionInput!) { correctDisinfection(input: $i) { id } }`;
const entry = (siteId: string, key: string, area: string, startedAt: Date) => ({ siteId, idempotencyKey: key, area, agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt: startedAt.toISOString(), durationMinutes: 30 });

describe('disinfectionAreas', () => {
  it("lists the kind's required areas with the last effective entry, when the next is due, and whether it is overdue", async () => {
    const now = new Date('2026-11-10T08:00:00Z');
    hub.clock.now = now;
    const h = (n: number) => new Date(now.getTime() - n * 3_600_000);
    // Registered two days ago, nothing logged since: every area's first interval ran from its registration and has run out.
    const site = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: h(48), updatedAt: h(48) });
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, site.id, manager.id);
    const token = await hub.login(manager.username);

    const before = await hub.gql(AREAS, { s: site.id }, token);
    expect(before.errors).toBeUndefined();
    expect(before.data.disinfectionAreas).toEqual([
      { area: 'ELEVATORS', maxIntervalHours: 12, lastDisinfectedAt: null, nextDueAt: h(36).toISOString(), overdue: true },
      { area: 'GUEST_ROOMS', maxIntervalHours: 24, lastDisinfectedAt: null, nextDueAt: h(24).toISOString(), overdue: true },
      { area: 'LOBBY', maxIntervalHours: 24, lastDisinfectedAt: null, nextDueAt: h(24).toISOString(), overdue: true },
      { area: 'RESTROOMS', maxIntervalHours: 12, lastDisinfectedAt: null, nextDueAt: h(36).toISOString(), overdue: true },
    ]);

    // A site registered an hour ago is not overdue: its areas are due one interval after registration.
    const fresh = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: h(1), updatedAt: h(1) });
    await bindManager(hub.ds, fresh.id, manager.id);
    const freshAreas = (await hub.gql(AREAS, { s: fresh.id }, token)).data.disinfectionAreas;
    expect(freshAreas.map((a: { area: string; nextDueAt: string; overdue: boolean }) => [a.area, a.nextDueAt, a.overdue])).toEqual([
      ['ELEVATORS', h(-11).toISOString(), false],
      ['GUEST_ROOMS', h(-23).toISOString(), false],
      ['LOBBY', h(-23).toISOString(), false],
      ['RESTROOMS', h(-11).toISOString(), false],
    ]);

    await hub.gql(RECORD, { i: entry(site.id, 'a1', 'LOBBY', h(30)) }, token);
    const recent = await hub.gql(RECORD, { i: entry(site.id, 'a2', 'LOBBY', h(2)) }, token);
    await hub.gql(RECORD, { i: entry(site.id, 'a3', 'RESTROOMS', h(13)) }, token);
    // A correction replaces the entry it corrects: the area's last entry is the corrected one.
    await hub.gql(CORRECT, { i: { ...entry(site.id, 'a4', 'LOBBY', h(5)), siteId: undefined, correctsId: recent.data.recordDisinfection.id, reason: 'wrong time' } }, token);

    const after = (await hub.gql(AREAS, { s: site.id }, token)).data.disinfectionAreas;
    const byArea = Object.fromEntries(after.map((a: { area: string }) => [a.area, a]));
    expect(byArea.LOBBY).toEqual({ area: 'LOBBY', maxIntervalHours: 24, lastDisinfectedAt: h(5).toISOString(), nextDueAt: new Date(h(5).getTime() + 24 * 3_600_000).toISOString(), overdue: false });
    expect(byArea.RESTROOMS).toMatchObject({ lastDisinfectedAt: h(13).toISOString(), overdue: true });
    expect(byArea.GUEST_ROOMS).toMatchObject({ lastDisinfectedAt: null, overdue: true });
  });

  it("is NOT_FOUND for a site the caller may not read (another manager's)", async () => {
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    const other = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const r = await hub.gql(AREAS, { s: site.id }, await hub.login(other.username));
    expectError(r, 'NOT_FOUND');
  });
});
