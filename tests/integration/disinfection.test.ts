import zlib from 'node:zlib';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite, makeTeam } from '../fixtures/factory';
import { seededVersion } from '../fixtures/checklists';

let hub: TestHub;
const NOW = new Date('2026-11-20T12:00:00.000Z');
const h = (hours: number, base = NOW) => new Date(base.getTime() + hours * 3_600_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
});
afterAll(() => hub.stop());

const ENTRY = `id area agent concentration concentrationUnit method startedAt durationMinutes operatorName notes effective correctionReason
  warnings { code } recordedBy { username } site { id } corrects { id } supersededBy { id } corrections { id } evidence { id sha256 }`;
const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { ${ENTRY} } }`;
const BATCH = `mutation($i: RecordDisinfectionBatchInput!) { recordDisinfectionBatch(input: $i) { ${ENTRY} } }`;
const CORRECT = `mutation($i: CorrectDisinfectionInput!) { correctDisinfection(input: $i) { ${ENTRY} } }`;
const LOG = `query($s: ID!, $from: DateTime, $to: DateTime, $all: Boolean, $first: Int, $after: String) {
  disinfectionLog(siteId: $s, from: $from, to: $to, includeSuperseded: $all, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ENTRY} } } }`;
const COMPLIANCE = `query($s: ID!, $from: DateTime!, $to: DateTime!) { disinfectionCompliance(siteId: $s, from: $from, to: $to) { area from to hours maxIntervalHours } }`;
const BREACH = `query($at: DateTime, $ids: [ID!]) { sitesInBreach(at: $at, siteIds: $ids) { site { id } areas { area maxIntervalHours lastDisinfectedAt hoursSince } } }`;

let n = 0;
const entry = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: `k-${++n}`,
  area: 'LOBBY',
  agent: 'CHLORINE',
  concentration: 500,
  concentrationUnit: 'MG_PER_L',
  method: 'SPRAY',
  startedAt: h(-3),
  durationMinutes: 30,
  operatorName: '王师傅',
  ...over,
});

async function managedSite(kind = 'HOTEL', createdAt?: Date) {
  const site = await makeSite(hub.ds, createdAt ? { kind, createdAt, updatedAt: createdAt } : { kind });
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  await bindManager(hub.ds, site.id, manager.id);
  return { site, manager, token: await hub.login(manager.username) };
}

/** An inspector whose team has an inspection of the site: it may read the site's log (issue 4). */
async function inspectorOf(siteId: string) {
  const account = await makeAccount(hub.ds, 'INSPECTOR');
  const team = await makeTeam(hub.ds, account.id);
  await hub.ds.query(`INSERT INTO inspection (site_id, team_id, checklist_version_id, status) VALUES ($1, $2, $3, 'SCHEDULED')`, [siteId, team.id, await seededVersion(hub.ds, 'HOTEL-EPI')]);
  return hub.login(account.username);
}

const count = async (siteId: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM disinfection_entry WHERE site_id = $1`, [siteId]))[0].n as number;

describe('recording', () => {
  it('files a batch in one go; the retried batch returns the same entries and writes nothing new', async () => {
    const { site, manager, token } = await managedSite();
    const entries = [entry({ area: 'LOBBY' }), entry({ area: 'GUEST_ROOMS', agent: 'ALCOHOL', concentration: 75, concentrationUnit: 'PERCENT', method: 'WIPE' }), entry({ area: 'ELEVATORS', agent: 'UV', method: 'UV', concentration: null, concentrationUnit: 'NONE' })];
    const first = await hub.gql(BATCH, { i: { siteId: site.id, entries } }, token);
    expect(first.errors).toBeUndefined();
    const filed = first.data.recordDisinfectionBatch;
    expect(filed.map((e: any) => e.area)).toEqual(['LOBBY', 'GUEST_ROOMS', 'ELEVATORS']);
    expect(filed[0]).toMatchObject({ operatorName: '王师傅', recordedBy: { username: manager.username }, site: { id: site.id }, warnings: [], effective: true });
    const audits = async () => (await hub.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'DisinfectionEntry' AND entity_id = ANY($1)`, [filed.map((e: any) => e.id)]))[0].n;
    expect(await audits()).toBe(3);

    const retry = await hub.gql(BATCH, { i: { siteId: site.id, entries } }, token);
    expect(retry.data.recordDisinfectionBatch.map((e: any) => e.id)).toEqual(filed.map((e: any) => e.id));
    expect(await count(site.id)).toBe(3);
    expect(await audits()).toBe(3);

    // A retry that adds an entry files only the new one.
    const more = await hub.gql(BATCH, { i: { siteId: site.id, entries: [...entries, entry({ area: 'RESTROOMS' })] } }, token);
    expect(more.data.recordDisinfectionBatch.slice(0, 3).map((e: any) => e.id)).toEqual(filed.map((e: any) => e.id));
    expect(await count(site.id)).toBe(4);
  });

  it('the same batch sent twice at once is filed once', async () => {
    const { site, token } = await managedSite();
    const entries = [entry(), entry({ area: 'RESTROOMS' }), entry({ area: 'ELEVATORS' })];
    const [x, y] = await Promise.all([hub.gql(BATCH, { i: { siteId: site.id, entries } }, token), hub.gql(BATCH, { i: { siteId: site.id, entries } }, token)]);
    expect(x.errors).toBeUndefined();
    expect(y.errors).toBeUndefined();
    expect(y.data.recordDisinfectionBatch.map((e: any) => e.id)).toEqual(x.data.recordDisinfectionBatch.map((e: any) => e.id));
    expect(await count(site.id)).toBe(3);
  });

  it('a batch with one bad entry writes nothing, and the error names the entry', async () => {
    const { site, token } = await managedSite();
    const bad = await hub.gql(BATCH, { i: { siteId: site.id, entries: [entry(), entry({ concentration: -5 }), entry()] } }, token);
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.field).toBe('input.entries.1.concentration');
    // Found only inside the transaction, after two entries were written: rolled back too.
    const ghost = '00000000-0000-4000-8000-000000000000';
    const late = await hub.gql(BATCH, { i: { siteId: site.id, entries: [entry(), entry(), entry({ evidenceIds: [ghost] })] } }, token);
    expect(expectError(late, 'BAD_USER_INPUT').extensions.field).toBe('input.entries.2.evidenceIds');
    const dupKey = entry();
    const dup = await hub.gql(BATCH, { i: { siteId: site.id, entries: [dupKey, { ...dupKey, area: 'RESTROOMS' }] } }, token);
    expect(expectError(dup, 'BAD_USER_INPUT').extensions.field).toBe('input.entries.1.idempotencyKey');
    expect(await count(site.id)).toBe(0);
  });

  it('the same key with different values is CONFLICT, naming the entry', async () => {
    const { site, token } = await managedSite();
    const e = entry();
    await hub.gql(RECORD, { i: { siteId: site.id, ...e } }, token);
    const r = await hub.gql(BATCH, { i: { siteId: site.id, entries: [entry(), { ...e, durationMinutes: 45 }] } }, token);
    expect(expectError(r, 'CONFLICT').extensions.field).toBe('input.entries.1.idempotencyKey');
    expect(await count(site.id)).toBe(1);
  });

  it('stores sanity warnings with the entry and still accepts it', async () => {
    const { site, token } = await managedSite();
    const weak = await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ concentration: 100 }) } }, token);
    expect(weak.data.recordDisinfection.warnings).toEqual([{ code: 'CHLORINE_CONCENTRATION_OUT_OF_RANGE' }]);
    const odd = await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ agent: 'ALCOHOL', concentration: 50, concentrationUnit: 'PERCENT', durationMinutes: 0, startedAt: h(2) }) } }, token);
    expect(odd.data.recordDisinfection.warnings.map((w: any) => w.code)).toEqual(['ALCOHOL_CONCENTRATION_OUT_OF_RANGE', 'ZERO_DURATION', 'STARTED_IN_FUTURE']);
    const ok = await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ concentration: 1, concentrationUnit: 'PERCENT' }) } }, token); // 1 % = 10,000 mg/L
    expect(ok.data.recordDisinfection.warnings.map((w: any) => w.code)).toEqual(['CHLORINE_CONCENTRATION_OUT_OF_RANGE']);
    const [row] = await hub.ds.query(`SELECT warnings FROM disinfection_entry WHERE id = $1`, [odd.data.recordDisinfection.id]);
    expect(row.warnings[0]).toEqual({ code: 'ALCOHOL_CONCENTRATION_OUT_OF_RANGE', message: 'alcohol at 50 % is outside 70–90 %' });
    // A concentration without a unit is refused outright (it cannot be read).
    const unitless = await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ concentrationUnit: 'NONE' }) } }, token);
    expect(expectError(unitless, 'BAD_USER_INPUT').extensions.field).toBe('input.concentrationUnit');
  });

  it('links evidence uploaded by the manager, which its site can then download', async () => {
    const { site, token } = await managedSite();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), zlib.deflateSync(Buffer.from('photo'))]);
    const up = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body: png });
    const att = (await up.json()) as any;
    const r = await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ evidenceIds: [att.id] }) } }, token);
    expect(r.data.recordDisinfection.evidence).toEqual([{ id: att.id, sha256: att.sha256 }]);
    const inspector = await inspectorOf(site.id);
    expect((await fetch(`${hub.url}/attachments/${att.id}`, { headers: { authorization: `Bearer ${inspector}` } })).status).toBe(200);
    // Another manager may not pass off this file as its own evidence.
    const other = await managedSite();
    const stolen = await hub.gql(RECORD, { i: { siteId: other.site.id, ...entry({ evidenceIds: [att.id] }) } }, other.token);
    expect(expectError(stolen, 'BAD_USER_INPUT').extensions.field).toBe('input.evidenceIds');
  });

  it('the database refuses UPDATE and DELETE of entries', async () => {
    const { site, token } = await managedSite();
    const r = await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, token);
    const id = r.data.recordDisinfection.id;
    await expect(hub.ds.query(`UPDATE disinfection_entry SET duration_minutes = 99 WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(hub.ds.query(`DELETE FROM disinfection_entry WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(hub.ds.query(`TRUNCATE disinfection_entry CASCADE`)).rejects.toThrow(/append-only/);
    expect(await count(site.id)).toBe(1);
  });
});

describe('corrections', () => {
  it('a correction replaces the entry in the log; the original stays visible on request', async () => {
    const { site, token } = await managedSite();
    const orig = (await hub.gql(RECORD, { i: { siteId: site.id, ...entry({ durationMinutes: 3 }) } }, token)).data.recordDisinfection;
    const c1 = await hub.gql(CORRECT, { i: { correctsId: orig.id, reason: 'typed 3 for 30', ...entry({ durationMinutes: 30 }) } }, token);
    expect(c1.errors).toBeUndefined();
    const fixed = c1.data.correctDisinfection;
    expect(fixed).toMatchObject({ durationMinutes: 30, corrects: { id: orig.id }, correctionReason: 'typed 3 for 30', corrections: [{ id: orig.id }], effective: true });

    const log = await hub.gql(LOG, { s: site.id }, token);
    expect(log.data.disinfectionLog.totalCount).toBe(1);
    expect(log.data.disinfectionLog.nodes.map((e: any) => [e.id, e.durationMinutes])).toEqual([[fixed.id, 30]]);
    const all = await hub.gql(LOG, { s: site.id, all: true }, token);
    const byId = Object.fromEntries(all.data.disinfectionLog.nodes.map((e: any) => [e.id, e]));
    expect(byId[orig.id]).toMatchObject({ effective: false, supersededBy: { id: fixed.id } });

    // The superseded version cannot be corrected again; the correction can, and the chain is kept.
    expectError(await hub.gql(CORRECT, { i: { correctsId: orig.id, reason: 'again', ...entry() } }, token), 'CONFLICT');
    const c2 = (await hub.gql(CORRECT, { i: { correctsId: fixed.id, reason: 'wrong area', ...entry({ area: 'GUEST_ROOMS', durationMinutes: 30 }) } }, token)).data.correctDisinfection;
    expect(c2.corrections.map((e: any) => e.id)).toEqual([fixed.id, orig.id]);
    expect((await hub.gql(LOG, { s: site.id }, token)).data.disinfectionLog.nodes.map((e: any) => e.id)).toEqual([c2.id]);
  });

  it('two concurrent corrections of the same entry: one wins, the other is CONFLICT', async () => {
    const { site, token } = await managedSite();
    const orig = (await hub.gql(RECORD, { i: { siteId: site.id, ...entry() } }, token)).data.recordDisinfection;
    const rs = await Promise.all([1, 2].map((d) => hub.gql(CORRECT, { i: { correctsId: orig.id, reason: `fix ${d}`, ...entry({ durationMinutes: 40 + d }) } }, token)));
    expect(rs.filter((r) => r.data?.correctDisinfection).length).toBe(1);
    expectError(rs.find((r) => r.errors)!, 'CONFLICT');
    expect(await count(site.id)).toBe(2);
  });
});

describe('compliance', () => {
  const T0 = new Date('2026-11-19T00:00:00.000Z');
  const at = (hours: number) => h(hours, T0);

  it('finds each gap beyond the interval exactly where it is, counting only effective entries', async () => {
    const { site, token } = await managedSite('ISOLATION_SITE', new Date(at(-48))); // registered two days before
    const room = (hours: number) => entry({ area: 'ISOLATION_ROOMS', startedAt: at(hours) });
    const filed = (await hub.gql(BATCH, { i: { siteId: site.id, entries: [room(-1), room(2), room(9), room(12)] } }, token)).data.recordDisinfectionBatch;
    const r = await hub.gql(COMPLIANCE, { s: site.id, from: at(0), to: at(14) }, token);
    expect(r.errors).toBeUndefined();
    const gaps = r.data.disinfectionCompliance;
    expect(gaps.filter((g: any) => g.area === 'ISOLATION_ROOMS')).toEqual([{ area: 'ISOLATION_ROOMS', from: at(2), to: at(9), hours: 7, maxIntervalHours: 4 }]);
    // Required areas with no entry at all: one gap from the site's registration (its origin, two days before) to the end.
    expect(gaps.find((g: any) => g.area === 'STAFF_AREA')).toEqual({ area: 'STAFF_AREA', from: at(-48), to: at(14), hours: 62, maxIntervalHours: 8 });
    expect(gaps.map((g: any) => g.area).sort()).toEqual(['CORRIDORS', 'ELEVATORS', 'ISOLATION_ROOMS', 'RESTROOMS', 'STAFF_AREA', 'WASTE_AREA']);

    // The 9 h entry really started at 5 h: the gap moves to 5 h → 12 h.
    await hub.gql(CORRECT, { i: { correctsId: filed[2].id, reason: 'wrong hour', ...room(5) } }, token);
    const after = (await hub.gql(COMPLIANCE, { s: site.id, from: at(0), to: at(14) }, token)).data.disinfectionCompliance;
    expect(after.filter((g: any) => g.area === 'ISOLATION_ROOMS')).toEqual([{ area: 'ISOLATION_ROOMS', from: at(5), to: at(12), hours: 7, maxIntervalHours: 4 }]);
    // From the last entry before `from`: 12 h → end, at 30 h, is 18 h.
    const tail = (await hub.gql(COMPLIANCE, { s: site.id, from: at(13), to: at(30) }, token)).data.disinfectionCompliance;
    expect(tail.filter((g: any) => g.area === 'ISOLATION_ROOMS')).toEqual([{ area: 'ISOLATION_ROOMS', from: at(12), to: at(30), hours: 18, maxIntervalHours: 4 }]);
  });

  it('sitesInBreach lists sites with an overdue required area at a given time, for the command centre', async () => {
    const { site: hotel, token } = await managedSite('HOTEL');
    const isolation = await managedSite('ISOLATION_SITE');
    await hub.gql(BATCH, { i: { siteId: hotel.id, entries: ['LOBBY', 'GUEST_ROOMS', 'RESTROOMS', 'ELEVATORS'].map((area) => entry({ area, startedAt: at(10) })) } }, token);
    await hub.gql(RECORD, { i: { siteId: isolation.site.id, ...entry({ area: 'ISOLATION_ROOMS', startedAt: at(12) }) } }, isolation.token);
    await hub.ds.query(`UPDATE site SET created_at = $1 WHERE id = ANY($2)`, [at(-48), [hotel.id, isolation.site.id]]);
    const command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
    const ids = [hotel.id, isolation.site.id];

    const at13 = (await hub.gql(BREACH, { at: at(13), ids }, command)).data.sitesInBreach;
    expect(at13.map((b: any) => b.site.id)).toEqual([isolation.site.id]);
    const areas = at13[0].areas.map((a: any) => a.area);
    expect(areas).not.toContain('ISOLATION_ROOMS'); // 1 h ago, within 4 h
    expect(at13[0].areas.find((a: any) => a.area === 'CORRIDORS')).toEqual({ area: 'CORRIDORS', maxIntervalHours: 4, lastDisinfectedAt: null, hoursSince: null });

    // At 30 h the hotel's 12 h areas are 20 h old (overdue), its 24 h areas not yet; at 40 h all are.
    const at30 = (await hub.gql(BREACH, { at: at(30), ids: [hotel.id] }, command)).data.sitesInBreach;
    expect(at30[0].areas.map((a: any) => [a.area, a.hoursSince])).toEqual([['ELEVATORS', 20], ['RESTROOMS', 20]]);
    const at40 = (await hub.gql(BREACH, { at: at(40), ids: [hotel.id] }, command)).data.sitesInBreach;
    expect(at40[0].areas.map((a: any) => a.area)).toEqual(['ELEVATORS', 'GUEST_ROOMS', 'LOBBY', 'RESTROOMS']);

    // The hotel's manager sees its own site's status, and no other site (issue 18: no longer FORBIDDEN).
    const own = (await hub.gql(BREACH, { at: at(40) }, token)).data.sitesInBreach;
    expect(own.map((b: any) => b.site.id)).toEqual([hotel.id]);
    expect((await hub.gql(BREACH, { at: at(40), ids: [isolation.site.id] }, token)).data.sitesInBreach).toEqual([]);
  });
});

describe('access', () => {
  it('a manager of another site is told NOT_FOUND for record, batch, correct, log and compliance', async () => {
    const a = await managedSite();
    const b = await managedSite();
    const mine = (await hub.gql(RECORD, { i: { siteId: a.site.id, ...entry() } }, a.token)).data.recordDisinfection;
    expectError(await hub.gql(RECORD, { i: { siteId: a.site.id, ...entry() } }, b.token), 'NOT_FOUND');
    expectError(await hub.gql(BATCH, { i: { siteId: a.site.id, entries: [entry()] } }, b.token), 'NOT_FOUND');
    expectError(await hub.gql(CORRECT, { i: { correctsId: mine.id, reason: 'x', ...entry() } }, b.token), 'NOT_FOUND');
    expectError(await hub.gql(LOG, { s: a.site.id }, b.token), 'NOT_FOUND');
    expectError(await hub.gql(COMPLIANCE, { s: a.site.id, from: h(-24), to: h(0) }, b.token), 'NOT_FOUND');
    expect(await count(a.site.id)).toBe(1);
    // Inspectors read the logs of the sites they inspect but cannot write them.
    const inspector = await inspectorOf(a.site.id);
    expect((await hub.gql(LOG, { s: a.site.id }, inspector)).data.disinfectionLog.totalCount).toBe(1);
    expectError(await hub.gql(RECORD, { i: { siteId: a.site.id, ...entry() } }, inspector), 'FORBIDDEN');
    expectError(await hub.gql(LOG, { s: a.site.id }), 'UNAUTHENTICATED');
    const ghost = '00000000-0000-4000-8000-000000000000';
    expectError(await hub.gql(COMPLIANCE, { s: ghost, from: h(-24), to: h(0) }, inspector), 'NOT_FOUND');
    expectError(await hub.gql(LOG, { s: ghost }, inspector), 'NOT_FOUND');
  });

  it('pages the log with cursors, and its statement count does not grow with the entries', async () => {
    const { site, token } = await managedSite();
    await hub.gql(BATCH, { i: { siteId: site.id, entries: [1, 2, 3, 4, 5, 6].map((i) => entry({ startedAt: h(-10 + i) })) } }, token);
    const p1 = await hub.gql(LOG, { s: site.id, first: 2 }, token);
    expect(p1.data.disinfectionLog.pageInfo.hasNextPage).toBe(true);
    const p2 = await hub.gql(LOG, { s: site.id, first: 4, after: p1.data.disinfectionLog.pageInfo.endCursor }, token);
    expect(p2.data.disinfectionLog.nodes.map((e: any) => e.startedAt)).toEqual([3, 4, 5, 6].map((i) => h(-10 + i)));
    expect(p2.data.disinfectionLog.pageInfo.hasNextPage).toBe(false);
    expect(p2.sql).toBe(p1.sql);
  });
});
