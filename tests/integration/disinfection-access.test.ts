import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { startTestHub, expectError, TEST_PASSWORD, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite, makeTeam } from '../fixtures/factory';
import { seededVersion } from '../fixtures/checklists';

/*
 * Issue 4's access rules for disinfection logs: staff that a facility manager registers for its
 * site record entries there (and nothing else), and inspectors read only the logs of the sites
 * they inspect.
 */

let hub: TestHub;
let admin: string;
let command: string;
let hotelVersion: string;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
});
afterAll(() => hub.stop());

const ACCOUNT = `id username displayName role active`;
const REGISTER = `mutation($i: RegisterSiteStaffInput!) { registerSiteStaff(input: $i) { ${ACCOUNT} } }`;
const DEACTIVATE = `mutation($i: SiteStaffInput!) { deactivateSiteStaff(input: $i) { ${ACCOUNT} } }`;
const REACTIVATE = `mutation($i: SiteStaffInput!) { reactivateSiteStaff(input: $i) { ${ACCOUNT} } }`;
const STAFF = `query($s: ID!) { siteStaff(siteId: $s) { ${ACCOUNT} } }`;
const ENTRY = `id operatorName recordedBy { username role } site { id } evidence { id }`;
const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { ${ENTRY} } }`;
const BATCH = `mutation($i: RecordDisinfectionBatchInput!) { recordDisinfectionBatch(input: $i) { ${ENTRY} } }`;
const CORRECT = `mutation($i: CorrectDisinfectionInput!) { correctDisinfection(input: $i) { ${ENTRY} corrects { id } } }`;
const LOG = `query($s: ID!) { disinfectionLog(siteId: $s) { totalCount nodes { ${ENTRY} } } }`;
const COMPLIANCE = `query($s: ID!, $from: DateTime!, $to: DateTime!) { disinfectionCompliance(siteId: $s, from: $from, to: $to) { area } }`;
const BREACH = `query($ids: [ID!]) { sitesInBreach(siteIds: $ids) { site { id } } }`;

let n = 0;
const entry = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: `acc-${++n}`,
  area: 'LOBBY',
  agent: 'CHLORINE',
  concentration: 500,
  concentrationUnit: 'MG_PER_L',
  method: 'SPRAY',
  startedAt: new Date(hub.clock.now.getTime() - 3 * 3_600_000).toISOString(),
  durationMinutes: 30,
  ...over,
});

const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function managedSite() {
  // Registered two days ago: its required areas' first intervals have run out (a site registered
  // just now is not in breach yet).
  const registered = new Date(hub.clock.now.getTime() - 2 * 86_400_000);
  const site = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: registered, updatedAt: registered });
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  await bindManager(hub.ds, site.id, manager.id);
  return { site, manager, token: await hub.login(manager.username) };
}

/** A manager's site with one staff member registered through the API, signed in. */
async function staffedSite() {
  const m = await managedSite();
  const username = uniq('staff');
  const r = await hub.gql(REGISTER, { i: { siteId: m.site.id, username, displayName: '保洁员 李芳', password: TEST_PASSWORD } }, m.token);
  expect(r.errors).toBeUndefined();
  return { ...m, staff: r.data.registerSiteStaff, staffToken: await hub.login(username) };
}

/** An inspection of the site by the team, written straight to the database. */
async function inspection(siteId: string, teamId: string, status = 'SCHEDULED'): Promise<string> {
  const cancelled = status === 'CANCELLED';
  const submitted = status === 'SUBMITTED';
  const [row] = await hub.ds.query(
    `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, cancelled_at, cancel_reason, submitted_at, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [siteId, teamId, hotelVersion, status, cancelled ? hub.clock.now : null, cancelled ? 'called off' : null, submitted ? hub.clock.now : null, submitted ? 'PASS' : null],
  );
  return row.id;
}

async function inspector() {
  const account = await makeAccount(hub.ds, 'INSPECTOR');
  const team = await makeTeam(hub.ds, account.id);
  return { account, team, token: await hub.login(account.username) };
}

const count = async (siteId: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM disinfection_entry WHERE site_id = $1`, [siteId]))[0].n as number;

describe('registering staff', () => {
  it('a manager registers staff for its site: a FACILITY_STAFF account bound to it, audited, listed', async () => {
    const { site, manager, token } = await managedSite();
    const username = uniq('Worker');
    const r = await hub.gql(REGISTER, { i: { siteId: site.id, username, displayName: '保洁员 王芳', password: 'long-enough-1' } }, token);
    expect(r.errors).toBeUndefined();
    const staff = r.data.registerSiteStaff;
    expect(staff).toMatchObject({ username: username.toLowerCase(), displayName: '保洁员 王芳', role: 'FACILITY_STAFF', active: true });

    const [row] = await hub.ds.query(`SELECT a.password_hash, s.site_id, s.registered_by_id FROM account a JOIN site_staff s ON s.account_id = a.id WHERE a.id = $1`, [staff.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row).toMatchObject({ site_id: site.id, registered_by_id: manager.id });
    const [audit] = await hub.ds.query(`SELECT actor_id, changes FROM audit_event WHERE action = 'site.register-staff' AND entity_id = $1`, [staff.id]);
    expect(audit.actor_id).toBe(manager.id);
    expect(audit.changes.siteId.after).toBe(site.id);
    expect(JSON.stringify(audit.changes)).not.toContain('long-enough-1');

    expect((await hub.gql(STAFF, { s: site.id }, token)).data.siteStaff.map((a: any) => a.id)).toEqual([staff.id]);
    expect((await hub.gql(STAFF, { s: site.id }, command)).data.siteStaff.map((a: any) => a.id)).toEqual([staff.id]);
    // The staff member signs in, and sees its site and nothing else.
    const staffToken = await hub.login(username.toLowerCase(), 'long-enough-1');
    const me = await hub.gql(`{ me { role } sites { totalCount nodes { id } } }`, {}, staffToken);
    expect(me.data).toEqual({ me: { role: 'FACILITY_STAFF' }, sites: { totalCount: 1, nodes: [{ id: site.id }] } });
  });

  it('a manager of another site is told NOT_FOUND and nothing is written; staff and inspectors are FORBIDDEN', async () => {
    const a = await staffedSite();
    const b = await managedSite();
    const username = uniq('intruder');
    const input = { siteId: a.site.id, username, displayName: 'x', password: TEST_PASSWORD };
    expectError(await hub.gql(REGISTER, { i: input }, b.token), 'NOT_FOUND');
    expectError(await hub.gql(STAFF, { s: a.site.id }, b.token), 'NOT_FOUND');
    expectError(await hub.gql(REGISTER, { i: input }, a.staffToken), 'FORBIDDEN');
    expectError(await hub.gql(REGISTER, { i: input }, (await inspector()).token), 'FORBIDDEN');
    expectError(await hub.gql(REGISTER, { i: input }, command), 'FORBIDDEN');
    expectError(await hub.gql(REGISTER, { i: { ...input, siteId: '00000000-0000-4000-8000-000000000000' } }, admin), 'NOT_FOUND');
    expect(await hub.ds.query(`SELECT id FROM account WHERE username = $1`, [username])).toEqual([]);
  });

  it('a taken username is CONFLICT naming the field; bad input is BAD_USER_INPUT; ADMIN may register for any site', async () => {
    const { site, token, staff } = await staffedSite();
    const dup = await hub.gql(REGISTER, { i: { siteId: site.id, username: staff.username, displayName: 'Someone', password: TEST_PASSWORD } }, token);
    expect(expectError(dup, 'CONFLICT').extensions.field).toBe('input.username');
    const short = await hub.gql(REGISTER, { i: { siteId: site.id, username: uniq('s'), displayName: 'Someone', password: 'short' } }, token);
    expect(expectError(short, 'BAD_USER_INPUT').extensions.field).toBe('input.password');
    const byAdmin = await hub.gql(REGISTER, { i: { siteId: site.id, username: uniq('by-admin'), displayName: 'Night shift', password: TEST_PASSWORD } }, admin);
    expect(byAdmin.data.registerSiteStaff.role).toBe('FACILITY_STAFF');
    expect((await hub.gql(STAFF, { s: site.id }, token)).data.siteStaff).toHaveLength(2);
    // Staff exist only with their site: createAccount refuses the role.
    const orphan = await hub.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, { i: { username: uniq('orphan'), displayName: 'x', password: TEST_PASSWORD, role: 'FACILITY_STAFF' } }, admin);
    expect(expectError(orphan, 'BAD_USER_INPUT').extensions.field).toBe('input.role');
  });
});

describe('staff at work', () => {
  it('records entries for its site; each shows who recorded it, and the operator defaults to its name', async () => {
    const { site, token, staff, staffToken } = await staffedSite();
    const own = await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, staffToken);
    expect(own.errors).toBeUndefined();
    expect(own.data.recordDisinfection).toMatchObject({ operatorName: '保洁员 李芳', recordedBy: { username: staff.username, role: 'FACILITY_STAFF' }, site: { id: site.id } });
    const named = await hub.gql(BATCH, { i: { siteId: site.id, entries: [entry({ operatorName: '王师傅' }), entry({ area: 'RESTROOMS' })] } }, staffToken);
    expect(named.data.recordDisinfectionBatch.map((e: any) => [e.operatorName, e.recordedBy.username])).toEqual([
      ['王师傅', staff.username],
      ['保洁员 李芳', staff.username],
    ]);
    const [row] = await hub.ds.query(`SELECT recorded_by, operator_name FROM disinfection_entry WHERE id = $1`, [own.data.recordDisinfection.id]);
    expect(row).toEqual({ recorded_by: staff.id, operator_name: '保洁员 李芳' });
    // A blank operator is still refused: leave it out instead.
    expectError(await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ operatorName: '  ' }) } }, staffToken), 'BAD_USER_INPUT');

    // The staff member reads its site's log; the manager sees the staff member's entries.
    expect((await hub.gql(LOG, { s: site.id }, staffToken)).data.disinfectionLog.totalCount).toBe(3);
    expect((await hub.gql(LOG, { s: site.id }, token)).data.disinfectionLog.nodes.map((e: any) => e.recordedBy.username)).toEqual([staff.username, staff.username, staff.username]);

    // Staff correct their own entries (keeping the operator when left out), not the manager's.
    const fixed = await hub.gql(CORRECT, { i: { correctsId: named.data.recordDisinfectionBatch[0].id, reason: 'wrong duration', ...entry({ durationMinutes: 45 }) } }, staffToken);
    expect(fixed.data.correctDisinfection).toMatchObject({ operatorName: '王师傅', recordedBy: { username: staff.username } });
    const managers = (await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ operatorName: '王丽' }) } }, token)).data.recordDisinfection;
    expectError(await hub.gql(CORRECT, { i: { correctsId: managers.id, reason: 'mine now', ...entry() } }, staffToken), 'FORBIDDEN');
    expect(await count(site.id)).toBe(5);
  });

  it('another site is NOT_FOUND; everything but disinfection is FORBIDDEN', async () => {
    const { site, staffToken } = await staffedSite();
    const other = await managedSite();
    const mine = (await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, staffToken)).data.recordDisinfection;
    const theirs = (await hub.gql(RECORD, { i: { siteId: other.site.id, ...entry() } }, other.token)).data.recordDisinfection;
    expectError(await hub.gql(RECORD, { i: { siteId: other.site.id, ...entry() } }, staffToken), 'NOT_FOUND');
    expectError(await hub.gql(BATCH, { i: { siteId: other.site.id, entries: [entry()] } }, staffToken), 'NOT_FOUND');
    expectError(await hub.gql(CORRECT, { i: { correctsId: theirs.id, reason: 'x', ...entry() } }, staffToken), 'NOT_FOUND');
    expectError(await hub.gql(LOG, { s: other.site.id }, staffToken), 'NOT_FOUND');
    expectError(await hub.gql(COMPLIANCE, { s: other.site.id, from: new Date(hub.clock.now.getTime() - 86_400_000).toISOString(), to: hub.clock.now.toISOString() }, staffToken), 'NOT_FOUND');
    expectError(await hub.gql(STAFF, { s: site.id }, staffToken), 'FORBIDDEN');
    expect(await count(other.site.id)).toBe(1);
    expect(mine.site.id).toBe(site.id);

    const findingId = randomUUID();
    expectError(await hub.gql(`mutation($i: LodgeDisputeInput!) { lodgeDispute(input: $i) { id } }`, { i: { idempotencyKey: 'd-1', findingId, reason: 'not us' } }, staffToken), 'FORBIDDEN');
    expectError(await hub.gql(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { i: { idempotencyKey: 'r-1', findingId, description: 'cleaned' } }, staffToken), 'FORBIDDEN');
    expectError(await hub.gql(`{ findings { totalCount } }`, {}, staffToken), 'FORBIDDEN');
    expectError(await hub.gql(`query($s: ID!) { site(id: $s) { id ... on Hotel { inspections { id } } } }`, { s: site.id }, staffToken), 'FORBIDDEN');
    // Its own site's breach status, and only its own (the other site has no entries either).
    expect((await hub.gql(BREACH, { ids: [site.id, other.site.id] }, staffToken)).data.sitesInBreach.map((b: any) => b.site.id)).toEqual([site.id]);
  });

  it('a deactivated staff member can no longer act or sign in; reactivated, it can again', async () => {
    const { site, token, staff, staffToken } = await staffedSite();
    const other = await managedSite();
    expectError(await hub.gql(DEACTIVATE, { i: { accountId: staff.id } }, other.token), 'NOT_FOUND');
    expectError(await hub.gql(DEACTIVATE, { i: { accountId: other.manager.id } }, token), 'NOT_FOUND'); // not staff
    expectError(await hub.gql(DEACTIVATE, { i: { accountId: staff.id } }, staffToken), 'FORBIDDEN');
    expect((await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, staffToken)).errors).toBeUndefined();

    const off = await hub.gql(DEACTIVATE, { i: { accountId: staff.id } }, token);
    expect(off.data.deactivateSiteStaff).toMatchObject({ id: staff.id, active: false });
    expectError(await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, staffToken), 'UNAUTHENTICATED');
    expectError(await hub.gql(LOG, { s: site.id }, staffToken), 'UNAUTHENTICATED');
    const login = await hub.gql(`mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: staff.username, p: TEST_PASSWORD });
    expectError(login, 'UNAUTHENTICATED');
    expect(await count(site.id)).toBe(1); // its entries stay
    expect((await hub.gql(STAFF, { s: site.id }, token)).data.siteStaff).toEqual([expect.objectContaining({ id: staff.id, active: false })]);
    // Switching it off again changes nothing and writes no second audit event.
    expect((await hub.gql(DEACTIVATE, { i: { accountId: staff.id } }, token)).data.deactivateSiteStaff.active).toBe(false);
    const audits = await hub.ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'site.%' ORDER BY id`, [staff.id]);
    expect(audits.map((a: any) => a.action)).toEqual(['site.register-staff', 'site.deactivate-staff']);

    expect((await hub.gql(REACTIVATE, { i: { accountId: staff.id } }, token)).data.reactivateSiteStaff.active).toBe(true);
    const again = await hub.login(staff.username);
    expect((await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, again)).errors).toBeUndefined();
  });
});

describe('inspectors read the logs of the sites they inspect', () => {
  it('a team inspection opens the site; another site, or a cancelled inspection, is NOT_FOUND; COMMAND reads both', async () => {
    const a = await staffedSite();
    const b = await managedSite();
    const c = await managedSite();
    for (const s of [a, b, c]) await hub.gql(RECORD, { i: { siteId: s.site.id, ...entry({ operatorName: '王师傅' }) } }, s.token);
    const insp = await inspector();
    await inspection(a.site.id, insp.team.id);
    await inspection(c.site.id, insp.team.id, 'CANCELLED');
    const window = { from: new Date(hub.clock.now.getTime() - 86_400_000).toISOString(), to: hub.clock.now.toISOString() };

    expect((await hub.gql(LOG, { s: a.site.id }, insp.token)).data.disinfectionLog.totalCount).toBe(1);
    expect((await hub.gql(COMPLIANCE, { s: a.site.id, ...window }, insp.token)).errors).toBeUndefined();
    for (const s of [b, c]) {
      expectError(await hub.gql(LOG, { s: s.site.id }, insp.token), 'NOT_FOUND');
      expectError(await hub.gql(COMPLIANCE, { s: s.site.id, ...window }, insp.token), 'NOT_FOUND');
    }
    expectError(await hub.gql(LOG, { s: 'not-a-uuid' }, insp.token), 'NOT_FOUND');
    // The command centre, reviewers and admins read every site.
    const reviewer = await hub.login((await makeAccount(hub.ds, 'REVIEWER')).username);
    for (const t of [command, reviewer, admin]) {
      for (const s of [a, b]) expect((await hub.gql(LOG, { s: s.site.id }, t)).data.disinfectionLog.totalCount).toBe(1);
    }

    // sitesInBreach (no entries in most required areas, so every site is in breach): filtered the same way.
    const ids = [a.site.id, b.site.id, c.site.id];
    expect((await hub.gql(BREACH, { ids }, insp.token)).data.sitesInBreach.map((x: any) => x.site.id)).toEqual([a.site.id]);
    expect((await hub.gql(BREACH, { ids }, command)).data.sitesInBreach.map((x: any) => x.site.id).sort()).toEqual([...ids].sort());

    // Any state but CANCELLED counts: b opens once the team has submitted an inspection there.
    await inspection(b.site.id, insp.team.id, 'SUBMITTED');
    expect((await hub.gql(LOG, { s: b.site.id }, insp.token)).data.disinfectionLog.totalCount).toBe(1);
  });

  it('a member of an inspection reads that site after leaving the team; a teammate who joined later reads it too', async () => {
    const s = await managedSite();
    await hub.gql(RECORD, { i: { siteId: s.site.id, ...entry({ operatorName: '王师傅' }) } }, s.token);
    const leader = await makeAccount(hub.ds, 'INSPECTOR');
    const former = await makeAccount(hub.ds, 'INSPECTOR');
    const team = await makeTeam(hub.ds, leader.id);
    const id = await inspection(s.site.id, team.id, 'IN_PROGRESS');
    await hub.ds.query(`INSERT INTO inspection_member (inspection_id, account_id, is_leader) VALUES ($1, $2, false)`, [id, former.id]);
    const formerToken = await hub.login(former.username);
    expect((await hub.gql(LOG, { s: s.site.id }, formerToken)).data.disinfectionLog.totalCount).toBe(1);
    expectError(await hub.gql(LOG, { s: (await managedSite()).site.id }, formerToken), 'NOT_FOUND');
    const joiner = await makeAccount(hub.ds, 'INSPECTOR');
    await hub.ds.query(`INSERT INTO team_member (team_id, account_id) VALUES ($1, $2)`, [team.id, joiner.id]);
    expect((await hub.gql(LOG, { s: s.site.id }, await hub.login(joiner.username))).data.disinfectionLog.totalCount).toBe(1);
  });

  it('disinfection evidence downloads follow the same rule', async () => {
    const { site, token, staffToken } = await staffedSite();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), zlib.deflateSync(Buffer.from(randomUUID()))]);
    const up = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'image/png' }, body: png });
    expect(up.status).toBe(201);
    const att = (await up.json()) as { id: string };
    const r = await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ evidenceIds: [att.id] }) } }, staffToken);
    expect(r.data.recordDisinfection.evidence).toEqual([{ id: att.id }]);

    const get = async (t: string) => (await fetch(`${hub.url}/attachments/${att.id}`, { headers: { authorization: `Bearer ${t}` } })).status;
    const visiting = await inspector();
    await inspection(site.id, visiting.team.id);
    const outsider = await inspector();
    expect(await get(token)).toBe(200);
    expect(await get(visiting.token)).toBe(200);
    expect(await get(command)).toBe(200);
    expect(await get(outsider.token)).toBe(404);
    expect(await get((await managedSite()).token)).toBe(404);
  });
});
