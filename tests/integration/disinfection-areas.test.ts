import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, TEST_PASSWORD, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/**
 * Issue 18.8: an entry must name one of the site's required areas (a typo would never count
 * toward compliance); `disinfectionRequirements(siteId)` lists them with their intervals, scoped
 * as site(id); managers and their staff see their own sites' breach status.
 */
let hub: TestHub;
const NOW = new Date('2026-11-20T12:00:00.000Z');
const h = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
});
afterAll(() => hub.stop());

const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id area } }`;
const BATCH = `mutation($i: RecordDisinfectionBatchInput!) { recordDisinfectionBatch(input: $i) { id area } }`;
const CORRECT = `mutation($i: CorrectDisinfectionInput!) { correctDisinfection(input: $i) { id area } }`;
const REQUIREMENTS = `query($s: ID!) { disinfectionRequirements(siteId: $s) { area maxIntervalHours } }`;
const BREACH = `query($at: DateTime, $ids: [ID!]) { sitesInBreach(at: $at, siteIds: $ids) { site { id } areas { area hoursSince } } }`;

let n = 0;
const entry = (area: string, startedAt = h(-3)) => ({ idempotencyKey: `a-${++n}`, area, agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt, durationMinutes: 30 });

async function managedSite(kind = 'HOTEL') {
  const site = await makeSite(hub.ds, { kind, createdAt: new Date(NOW.getTime() - 72 * 3_600_000) });
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  await bindManager(hub.ds, site.id, manager.id);
  return { site, token: await hub.login(manager.username) };
}

const count = async (siteId: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM disinfection_entry WHERE site_id = $1`, [siteId]))[0].n;

describe('unknown areas', () => {
  it('refuses an area the site kind does not require, naming the allowed ones; nothing is written', async () => {
    const { site, token } = await managedSite('HOTEL');
    const e = expectError(await hub.gql(RECORD, { i: { siteId: site.id, ...entry('LOBY') } }, token), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.area');
    expect(e.message).toBe('unknown area LOBY for a HOTEL site; the areas are ELEVATORS, GUEST_ROOMS, LOBBY, RESTROOMS');
    expect(e.extensions.allowed).toEqual(['ELEVATORS', 'GUEST_ROOMS', 'LOBBY', 'RESTROOMS']);
    // Another kind's area is just as unknown here.
    expect(expectError(await hub.gql(RECORD, { i: { siteId: site.id, ...entry('CELLS') } }, token), 'BAD_USER_INPUT').extensions.field).toBe('input.area');
    // Lower case is the same code.
    expect((await hub.gql(RECORD, { i: { siteId: site.id, ...entry('lobby') } }, token)).data.recordDisinfection.area).toBe('LOBBY');
    expect(await count(site.id)).toBe(1);
  });

  it('names the entry of a batch (all or nothing) and the field of a correction', async () => {
    const { site, token } = await managedSite('ISOLATION_SITE');
    const entries = ['ISOLATION_ROOMS', 'CORRIDORS', 'ELEVATORS', 'LOBBY', 'WASTE_AREA'].map((a) => entry(a));
    const e = expectError(await hub.gql(BATCH, { i: { siteId: site.id, entries } }, token), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.entries.3.area');
    expect(e.message).toMatch(/^unknown area LOBBY for a ISOLATION_SITE site; the areas are CORRIDORS, ELEVATORS, ISOLATION_ROOMS, RESTROOMS, STAFF_AREA, WASTE_AREA$/);
    expect(await count(site.id)).toBe(0);
    const ok = await hub.gql(BATCH, { i: { siteId: site.id, entries: entries.filter((x) => x.area !== 'LOBBY') } }, token);
    expect(ok.errors).toBeUndefined();
    expect(await count(site.id)).toBe(4);
    const c = expectError(await hub.gql(CORRECT, { i: { correctsId: ok.data.recordDisinfectionBatch[0].id, reason: 'wrong room', ...entry('ROOM_12') } }, token), 'BAD_USER_INPUT');
    expect(c.extensions.field).toBe('input.area');
    expect(await count(site.id)).toBe(4);
  });
});

describe('disinfectionRequirements', () => {
  it('lists the site’s required areas with their intervals, for whoever may see the site', async () => {
    const { site, token } = await managedSite('DETENTION_FACILITY');
    const expected = [
      { area: 'CANTEEN', maxIntervalHours: 8 },
      { area: 'CELLS', maxIntervalHours: 8 },
      { area: 'INTAKE_ROOM', maxIntervalHours: 4 },
      { area: 'RESTROOMS', maxIntervalHours: 8 },
      { area: 'VISITING_ROOM', maxIntervalHours: 4 },
    ];
    expect((await hub.gql(REQUIREMENTS, { s: site.id }, token)).data.disinfectionRequirements).toEqual(expected);
    const command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
    const inspector = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
    expect((await hub.gql(REQUIREMENTS, { s: site.id }, command)).data.disinfectionRequirements).toEqual(expected);
    expect((await hub.gql(REQUIREMENTS, { s: site.id }, inspector)).data.disinfectionRequirements).toEqual(expected);
    const checkpoint = await makeSite(hub.ds, { kind: 'CHECKPOINT' });
    expect((await hub.gql(REQUIREMENTS, { s: checkpoint.id }, command)).data.disinfectionRequirements).toEqual([
      { area: 'DUTY_ROOM', maxIntervalHours: 12 },
      { area: 'INSPECTION_LANE', maxIntervalHours: 12 },
    ]);
  });

  it('is NOT_FOUND for another manager’s site, a missing site and a malformed id', async () => {
    const mine = await managedSite('HOTEL');
    const theirs = await managedSite('HOTEL');
    expectError(await hub.gql(REQUIREMENTS, { s: theirs.site.id }, mine.token), 'NOT_FOUND');
    expectError(await hub.gql(REQUIREMENTS, { s: '00000000-0000-4000-8000-000000000000' }, mine.token), 'NOT_FOUND');
    const command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
    expectError(await hub.gql(REQUIREMENTS, { s: '00000000-0000-4000-8000-000000000000' }, command), 'NOT_FOUND');
    expectError(await hub.gql(REQUIREMENTS, { s: 'not-an-id' }, command), 'NOT_FOUND');
    expectError(await hub.gql(REQUIREMENTS, { s: mine.site.id }), 'UNAUTHENTICATED');
  });
});

describe('sitesInBreach for managers and staff', () => {
  it('gives a manager and its staff their own sites’ status, never another site', async () => {
    const a = await managedSite('HOTEL');
    const b = await managedSite('HOTEL');
    // Site A: every area disinfected 3 h ago except RESTROOMS (12 h interval, 20 h ago). Site B: nothing.
    for (const area of ['LOBBY', 'GUEST_ROOMS', 'ELEVATORS']) await hub.gql(RECORD, { i: { siteId: a.site.id, ...entry(area) } }, a.token);
    await hub.gql(RECORD, { i: { siteId: a.site.id, ...entry('RESTROOMS', h(-20)) } }, a.token);
    const mine = await hub.gql(BREACH, {}, a.token);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.sitesInBreach).toEqual([{ site: { id: a.site.id }, areas: [{ area: 'RESTROOMS', hoursSince: 20 }] }]);
    expect((await hub.gql(BREACH, { ids: [b.site.id] }, a.token)).data.sitesInBreach).toEqual([]);
    expect((await hub.gql(BREACH, {}, b.token)).data.sitesInBreach.map((x: any) => x.site.id)).toEqual([b.site.id]);

    const username = `staff-${randomUUID().slice(0, 8)}`;
    const reg = await hub.gql(`mutation($i: RegisterSiteStaffInput!) { registerSiteStaff(input: $i) { id } }`, { i: { siteId: a.site.id, username, displayName: '保洁员', password: TEST_PASSWORD } }, a.token);
    expect(reg.errors).toBeUndefined();
    const staff = await hub.login(username);
    expect((await hub.gql(BREACH, { ids: [a.site.id, b.site.id] }, staff)).data.sitesInBreach.map((x: any) => x.site.id)).toEqual([a.site.id]);
  });
});
