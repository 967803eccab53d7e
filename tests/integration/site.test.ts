import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

let hub: TestHub;
let admin: string;
let command: string;
beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

const SITE_FIELDS = `
  __typename id kind name address district grid latitude longitude riskLevel status closedReason contactName contactPhone version
  ... on Hotel { roomCount guestRegistrationSystem }
  ... on Venue { venueCategory capacity }
  ... on DetentionFacility { facilityType capacity securityLevel }
  ... on IsolationSite { bedCount currentOccupancy }
`;
const CREATE = `mutation($input: CreateSiteInput!) { createSite(input: $input) { ${SITE_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateSiteInput!) { updateSite(input: $input) { ${SITE_FIELDS} } }`;
const CLOSE = `mutation($input: CloseSiteInput!) { closeSite(input: $input) { id status closedReason version } }`;
const REOPEN = `mutation($input: ReopenSiteInput!) { reopenSite(input: $input) { id status closedReason version } }`;
const SITE = `query($id: ID!) { site(id: $id) { ${SITE_FIELDS} managers { username } } }`;
const SITES = `query($filter: SiteFilter, $first: Int, $after: String) {
  sites(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node { id name } } nodes { id name kind }
  }
}`;

const district = () => `区-${randomUUID().slice(0, 8)}`;
const key = () => `key-${randomUUID()}`;
const hotel = (extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key(),
  kind: 'HOTEL',
  name: '凤州宾馆 Fengzhou Hotel',
  address: '凤州镇 Main Street 1',
  district: district(),
  latitude: 33.91,
  longitude: 106.52,
  roomCount: 40,
  guestRegistrationSystem: '旅馆业治安管理信息系统',
  ...extra,
});
const auditOf = (id: string) => hub.ds.query(`SELECT action, actor_username, changes FROM audit_event WHERE entity_id = $1 ORDER BY id`, [id]);
const row = async (id: string) => (await hub.ds.query(`SELECT * FROM site WHERE id = $1`, [id]))[0];

describe('createSite', () => {
  it('COMMAND registers a hotel; it reads back as a Hotel and the audit event holds the fields', async () => {
    const input = hotel({ riskLevel: 'HIGH', contactName: '王丽', contactPhone: '+86 917 123456' });
    const r = await hub.gql(CREATE, { input }, command);
    expect(r.errors).toBeUndefined();
    const s = r.data.createSite;
    expect(s).toMatchObject({ __typename: 'Hotel', kind: 'HOTEL', name: input.name, district: input.district, riskLevel: 'HIGH', status: 'ACTIVE', roomCount: 40, version: 1, closedReason: null });
    const read = await hub.gql(SITE, { id: s.id }, command);
    expect(read.data.site).toEqual({ ...s, managers: [] });
    const [ev] = await auditOf(s.id);
    expect(ev.action).toBe('site.create');
    expect(ev.changes.name).toEqual({ before: null, after: input.name });
    expect(ev.changes.roomCount).toEqual({ before: null, after: 40 });
    expect(ev.changes.status).toEqual({ before: null, after: 'ACTIVE' });
  });

  it('registers each kind with its own fields and type', async () => {
    const venue = await hub.gql(CREATE, { input: { idempotencyKey: key(), kind: 'VENUE', name: '网吧 Net Café', address: 'A 2', district: district(), venueCategory: 'INTERNET_CAFE', capacity: 80 } }, admin);
    expect(venue.data.createSite).toMatchObject({ __typename: 'Venue', venueCategory: 'INTERNET_CAFE', capacity: 80, riskLevel: 'MEDIUM' });
    const det = await hub.gql(CREATE, { input: { idempotencyKey: key(), kind: 'DETENTION_FACILITY', name: '看守所', address: 'B 3', district: district(), facilityType: 'DETENTION_CENTRE', capacity: 200, securityLevel: 'HIGH' } }, admin);
    expect(det.data.createSite).toMatchObject({ __typename: 'DetentionFacility', facilityType: 'DETENTION_CENTRE', capacity: 200, securityLevel: 'HIGH' });
    const iso = await hub.gql(CREATE, { input: { idempotencyKey: key(), kind: 'ISOLATION_SITE', name: '隔离点一', address: 'C 4', district: district(), bedCount: 30, currentOccupancy: 30 } }, admin);
    expect(iso.data.createSite).toMatchObject({ __typename: 'IsolationSite', bedCount: 30, currentOccupancy: 30 });
  });

  it('rejects a field of another kind, naming it, and writes nothing', async () => {
    const input = hotel({ bedCount: 10 });
    const e = expectError(await hub.gql(CREATE, { input }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.bedCount');
    const e2 = expectError(await hub.gql(CREATE, { input: { idempotencyKey: key(), kind: 'ISOLATION_SITE', name: 'x', address: 'y', district: 'z', capacity: 3 } }, command), 'BAD_USER_INPUT');
    expect(e2.extensions.field).toBe('input.capacity');
    expect((await hub.ds.query(`SELECT count(*)::int AS n FROM site WHERE district = $1`, [input.district]))[0].n).toBe(0);
  });

  it.each([
    [{ latitude: 91 }, 'input.latitude'],
    [{ longitude: -180.5 }, 'input.longitude'],
    [{ roomCount: -1 }, 'input.roomCount'],
    [{ name: '   ' }, 'input.name'],
    [{ contactPhone: 'call me' }, 'input.contactPhone'],
    [{ idempotencyKey: '' }, 'input.idempotencyKey'],
  ])('validates %j as BAD_USER_INPUT on %s', async (extra, field) => {
    const e = expectError(await hub.gql(CREATE, { input: hotel(extra) }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe(field);
  });

  it('keeps the occupancy of an isolation site within its beds', async () => {
    const e = expectError(await hub.gql(CREATE, { input: { idempotencyKey: key(), kind: 'ISOLATION_SITE', name: 'i', address: 'a', district: 'd', bedCount: 5, currentOccupancy: 6 } }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.currentOccupancy');
  });

  it('is FORBIDDEN to inspectors, reviewers and facility managers', async () => {
    for (const role of ['INSPECTOR', 'REVIEWER', 'FACILITY_MANAGER'] as const) {
      const t = await hub.login((await makeAccount(hub.ds, role)).username);
      expectError(await hub.gql(CREATE, { input: hotel() }, t), 'FORBIDDEN');
    }
    expectError(await hub.gql(CREATE, { input: hotel() }), 'UNAUTHENTICATED');
  });

  it('a retry with the same key returns the same site; the same key with other input is CONFLICT', async () => {
    const input = hotel();
    const a = await hub.gql(CREATE, { input }, command);
    const b = await hub.gql(CREATE, { input }, command);
    expect(b.errors).toBeUndefined();
    expect(b.data.createSite.id).toBe(a.data.createSite.id);
    const c = expectError(await hub.gql(CREATE, { input: { ...input, name: 'Another name' } }, command), 'CONFLICT');
    expect(c.extensions.field).toBe('input.idempotencyKey');
    expect((await hub.ds.query(`SELECT count(*)::int AS n FROM site WHERE district = $1`, [input.district]))[0].n).toBe(1);
    expect((await auditOf(a.data.createSite.id)).length).toBe(1);
  });

  it('two identical requests at once make one site', async () => {
    const input = hotel();
    const [a, b] = await Promise.all([hub.gql(CREATE, { input }, command), hub.gql(CREATE, { input }, command)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data.createSite.id).toBe(b.data.createSite.id);
    expect((await hub.ds.query(`SELECT count(*)::int AS n FROM site WHERE district = $1`, [input.district]))[0].n).toBe(1);
  });
});

describe('updateSite', () => {
  it('changes the given fields, bumps the version and audits before/after of what changed', async () => {
    const s = (await hub.gql(CREATE, { input: hotel() }, command)).data.createSite;
    const r = await hub.gql(UPDATE, { input: { id: s.id, version: 1, name: '新凤州宾馆', riskLevel: 'CRITICAL', roomCount: 40, grid: null } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.updateSite).toMatchObject({ name: '新凤州宾馆', riskLevel: 'CRITICAL', roomCount: 40, version: 2 });
    const events = await auditOf(s.id);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['site.create', 'site.update']);
    expect(events[1].changes).toEqual({ name: { before: s.name, after: '新凤州宾馆' }, riskLevel: { before: 'MEDIUM', after: 'CRITICAL' } });
  });

  it('a stale version is CONFLICT and leaves the row as it was', async () => {
    const s = (await hub.gql(CREATE, { input: hotel() }, command)).data.createSite;
    expect((await hub.gql(UPDATE, { input: { id: s.id, version: 1, contactName: 'First' } }, command)).data.updateSite.version).toBe(2);
    const before = await row(s.id);
    const e = expectError(await hub.gql(UPDATE, { input: { id: s.id, version: 1, contactName: 'Second', name: 'Lost update' } }, command), 'CONFLICT');
    expect(e.extensions.field).toBe('input.version');
    expect(await row(s.id)).toEqual(before);
    expect((await auditOf(s.id)).length).toBe(2);
    // No actual change with a stale version is still CONFLICT, so the client reloads.
    expectError(await hub.gql(UPDATE, { input: { id: s.id, version: 1, contactName: 'First' } }, command), 'CONFLICT');
  });

  it('rejects a field of another kind, null for a required field, and occupancy above the beds', async () => {
    const s = (await hub.gql(CREATE, { input: hotel() }, command)).data.createSite;
    expect(expectError(await hub.gql(UPDATE, { input: { id: s.id, version: 1, capacity: 5 } }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.capacity');
    expect(expectError(await hub.gql(UPDATE, { input: { id: s.id, version: 1, name: null } }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.name');
    const iso = await makeSite(hub.ds, { kind: 'ISOLATION_SITE', bedCount: 10, currentOccupancy: 8 });
    expect(expectError(await hub.gql(UPDATE, { input: { id: iso.id, version: 1, bedCount: 7 } }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.bedCount');
    expect(expectError(await hub.gql(UPDATE, { input: { id: iso.id, version: 1, currentOccupancy: 11 } }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.currentOccupancy');
    expect((await row(iso.id)).version).toBe(1);
  });

  it('a facility manager updates contact and occupancy of its own site, and nothing else', async () => {
    const fm = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const iso = await makeSite(hub.ds, { kind: 'ISOLATION_SITE', bedCount: 10, currentOccupancy: 2 });
    await bindManager(hub.ds, iso.id, fm.id);
    const t = await hub.login(fm.username);
    const ok = await hub.gql(UPDATE, { input: { id: iso.id, version: 1, contactName: '李四', contactPhone: '0917-5555', currentOccupancy: 9 } }, t);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updateSite).toMatchObject({ contactName: '李四', contactPhone: '0917-5555', currentOccupancy: 9, version: 2 });
    const e = expectError(await hub.gql(UPDATE, { input: { id: iso.id, version: 2, riskLevel: 'LOW' } }, t), 'FORBIDDEN');
    expect(e.extensions.field).toBe('input.riskLevel');
    expectError(await hub.gql(UPDATE, { input: { id: iso.id, version: 2, bedCount: 100 } }, t), 'FORBIDDEN');
    expect(await row(iso.id)).toMatchObject({ risk_level: 'MEDIUM', bed_count: 10, version: 2 });
  });

  it('inspectors and reviewers may not update; an unknown site is NOT_FOUND', async () => {
    const s = await makeSite(hub.ds);
    for (const role of ['INSPECTOR', 'REVIEWER'] as const) {
      const t = await hub.login((await makeAccount(hub.ds, role)).username);
      expectError(await hub.gql(UPDATE, { input: { id: s.id, version: 1, contactName: 'x' } }, t), 'FORBIDDEN');
    }
    expectError(await hub.gql(UPDATE, { input: { id: randomUUID(), version: 1, contactName: 'x' } }, command), 'NOT_FOUND');
  });
});

describe('closeSite and reopenSite', () => {
  it('COMMAND closes with a reason and reopens; each move is audited', async () => {
    const s = await makeSite(hub.ds);
    const c = await hub.gql(CLOSE, { input: { id: s.id, version: 1, reason: '停业整顿 closed for rectification' } }, command);
    expect(c.data.closeSite).toEqual({ id: s.id, status: 'CLOSED', closedReason: '停业整顿 closed for rectification', version: 2 });
    const again = expectError(await hub.gql(CLOSE, { input: { id: s.id, version: 2, reason: 'again' } }, command), 'INVALID_TRANSITION');
    expect(again.extensions).toMatchObject({ from: 'CLOSED', to: 'CLOSED' });
    const o = await hub.gql(REOPEN, { input: { id: s.id, version: 2 } }, admin);
    expect(o.data.reopenSite).toEqual({ id: s.id, status: 'ACTIVE', closedReason: null, version: 3 });
    expectError(await hub.gql(REOPEN, { input: { id: s.id, version: 3 } }, admin), 'INVALID_TRANSITION');
    const events = await auditOf(s.id);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['site.close', 'site.reopen']);
    expect(events[0].changes.status).toEqual({ before: 'ACTIVE', after: 'CLOSED' });
    expect(events[1].changes.closedReason).toEqual({ before: '停业整顿 closed for rectification', after: null });
  });

  it('a stale version is CONFLICT; an empty reason is BAD_USER_INPUT; a manager may not close its own site', async () => {
    const s = await makeSite(hub.ds);
    await hub.gql(UPDATE, { input: { id: s.id, version: 1, contactName: 'x' } }, command);
    expectError(await hub.gql(CLOSE, { input: { id: s.id, version: 1, reason: 'late' } }, command), 'CONFLICT');
    expect(expectError(await hub.gql(CLOSE, { input: { id: s.id, version: 2, reason: ' ' } }, command), 'BAD_USER_INPUT').extensions.field).toBe('input.reason');
    const fm = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, s.id, fm.id);
    expectError(await hub.gql(CLOSE, { input: { id: s.id, version: 2, reason: 'mine' } }, await hub.login(fm.username)), 'FORBIDDEN');
    expect(await row(s.id)).toMatchObject({ status: 'ACTIVE', version: 2 });
  });
});

describe('bindSiteManager and unbindSiteManager', () => {
  const BIND = `mutation($input: SiteManagerInput!) { bindSiteManager(input: $input) { id managers { username } } }`;
  const UNBIND = `mutation($input: SiteManagerInput!) { unbindSiteManager(input: $input) { id managers { username } } }`;

  it('ADMIN binds a facility manager, who then sees the site; unbinding takes it away', async () => {
    const s = await makeSite(hub.ds);
    const fm = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const t = await hub.login(fm.username);
    expect((await hub.gql(SITE, { id: s.id }, t)).data.site).toBeNull();
    const b = await hub.gql(BIND, { input: { siteId: s.id, accountId: fm.id } }, admin);
    expect(b.data.bindSiteManager.managers).toEqual([{ username: fm.username }]);
    expect((await hub.gql(SITE, { id: s.id }, t)).data.site.id).toBe(s.id);
    expect((await hub.gql(`{ me { managedSites { id } } }`, {}, t)).data.me.managedSites).toEqual([{ id: s.id }]);
    expectError(await hub.gql(BIND, { input: { siteId: s.id, accountId: fm.id } }, admin), 'CONFLICT');
    const u = await hub.gql(UNBIND, { input: { siteId: s.id, accountId: fm.id } }, admin);
    expect(u.data.unbindSiteManager.managers).toEqual([]);
    expect((await hub.gql(SITE, { id: s.id }, t)).data.site).toBeNull();
    expectError(await hub.gql(UNBIND, { input: { siteId: s.id, accountId: fm.id } }, admin), 'NOT_FOUND');
    const events = await auditOf(s.id);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['site.bind-manager', 'site.unbind-manager']);
    expect(events[0].changes.managerIds).toEqual({ before: [], after: [fm.id] });
    expect(events[1].changes.managerIds).toEqual({ before: [fm.id], after: [] });
  });

  it('only binds facility managers, only by ADMIN, only to sites that exist', async () => {
    const s = await makeSite(hub.ds);
    const insp = await makeAccount(hub.ds, 'INSPECTOR');
    const fm = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    expect(expectError(await hub.gql(BIND, { input: { siteId: s.id, accountId: insp.id } }, admin), 'BAD_USER_INPUT').extensions.field).toBe('input.accountId');
    expect(expectError(await hub.gql(BIND, { input: { siteId: s.id, accountId: randomUUID() } }, admin), 'BAD_USER_INPUT').extensions.field).toBe('input.accountId');
    expectError(await hub.gql(BIND, { input: { siteId: randomUUID(), accountId: fm.id } }, admin), 'NOT_FOUND');
    expectError(await hub.gql(BIND, { input: { siteId: s.id, accountId: fm.id } }, command), 'FORBIDDEN');
    expect(await hub.ds.query(`SELECT * FROM site_manager WHERE site_id = $1`, [s.id])).toEqual([]);
  });
});

describe('site and sites', () => {
  it('site(id) is null for an unknown or malformed id', async () => {
    expect((await hub.gql(SITE, { id: randomUUID() }, command)).data.site).toBeNull();
    expect((await hub.gql(SITE, { id: 'not-a-uuid' }, command)).data.site).toBeNull();
    expectError(await hub.gql(SITE, { id: randomUUID() }), 'UNAUTHENTICATED');
  });

  it('a checkpoint resolves to Checkpoint when the schema has that type, otherwise to OtherSite', async () => {
    const cp = await makeSite(hub.ds, { kind: 'CHECKPOINT', name: '凤县高速出口' });
    const hasCheckpoint = (await hub.gql(`{ __type(name: "Checkpoint") { name } }`)).data.__type !== null;
    const r = await hub.gql(`query($id: ID!) { site(id: $id) { __typename kind name } }`, { id: cp.id }, command);
    expect(r.data.site).toEqual({ __typename: hasCheckpoint ? 'Checkpoint' : 'OtherSite', kind: 'CHECKPOINT', name: '凤县高速出口' });
  });

  it('filters by kind, district, risk level and status, together', async () => {
    const d1 = district();
    const d2 = district();
    const a = await makeSite(hub.ds, { district: d1, kind: 'HOTEL', riskLevel: 'HIGH', name: 'A' });
    const b = await makeSite(hub.ds, { district: d1, kind: 'VENUE', riskLevel: 'HIGH', name: 'B' });
    const c = await makeSite(hub.ds, { district: d2, kind: 'HOTEL', riskLevel: 'LOW', name: 'C', status: 'CLOSED' });
    const ids = async (filter: object) => {
      const r = await hub.gql(SITES, { filter, first: 100 }, command);
      expect(r.errors).toBeUndefined();
      expect(r.data.sites.totalCount).toBe(r.data.sites.nodes.length);
      return r.data.sites.nodes.map((n: { id: string }) => n.id);
    };
    expect(await ids({ districts: [d1, d2] })).toEqual([a.id, b.id, c.id]);
    expect(await ids({ districts: [d1, d2], kinds: ['HOTEL'] })).toEqual([a.id, c.id]);
    expect(await ids({ districts: [d1, d2], riskLevels: ['HIGH'] })).toEqual([a.id, b.id]);
    expect(await ids({ districts: [d1, d2], status: 'CLOSED' })).toEqual([c.id]);
    expect(await ids({ districts: [d2], kinds: ['VENUE'] })).toEqual([]);
    expect(await ids({ districts: [d1, d2], kinds: [] })).toEqual([a.id, b.id, c.id]);
  });

  it('searches name and address, case-insensitive, Chinese too, with % taken literally', async () => {
    const d = district();
    const grand = await makeSite(hub.ds, { district: d, name: 'Grand Hotel 凤州宾馆', address: '凤州镇 1' });
    const inn = await makeSite(hub.ds, { district: d, name: 'Riverside Inn', address: '双石铺镇 滨河路 8' });
    const pct = await makeSite(hub.ds, { district: d, name: '100% Clean Laundry', address: 'x' });
    const found = async (search: string) => (await hub.gql(SITES, { filter: { districts: [d], search } }, command)).data.sites.nodes.map((n: { id: string }) => n.id);
    expect(await found('grand')).toEqual([grand.id]);
    expect(await found('GRAND HOTEL')).toEqual([grand.id]);
    expect(await found('宾馆')).toEqual([grand.id]);
    expect(await found('滨河')).toEqual([inn.id]);
    expect(await found('镇')).toEqual([grand.id, inn.id]);
    expect(await found('100%')).toEqual([pct.id]);
    expect(await found('%')).toEqual([pct.id]);
    expect(await found('_')).toEqual([]);
    expect(await found('  ')).toHaveLength(3);
  });

  it('a cursor walk returns every site exactly once, in name order, with the right totalCount', async () => {
    const d = district();
    const made: { id: string; name: string }[] = [];
    // Repeated names: the id breaks ties, so no page boundary drops or repeats a site.
    for (let i = 0; i < 11; i++) made.push(await makeSite(hub.ds, { district: d, name: `Site ${String.fromCharCode(65 + (i % 4))}` }));
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: any = await hub.gql(SITES, { filter: { districts: [d] }, first: 3, after }, command);
      expect(r.errors).toBeUndefined();
      expect(r.data.sites.totalCount).toBe(11);
      expect(r.data.sites.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(r.data.sites.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(r.data.sites.nodes.map((n: { id: string }) => n.id));
      seen.push(...r.data.sites.nodes.map((n: { id: string }) => n.id));
      pages++;
      if (!r.data.sites.pageInfo.hasNextPage) break;
      after = r.data.sites.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    const expected = [...made].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.id < y.id ? -1 : 1)).map((s) => s.id);
    expect(seen).toEqual(expected);
  });

  it('refuses a forged cursor and an out-of-range first', async () => {
    expect(expectError(await hub.gql(SITES, { after: 'bm90LWEtY3Vyc29y' }, command), 'BAD_USER_INPUT').extensions.field).toBe('after');
    expect(expectError(await hub.gql(SITES, { after: Buffer.from(JSON.stringify(['a', 'b'])).toString('base64url') }, command), 'BAD_USER_INPUT').extensions.field).toBe('after');
    expect(expectError(await hub.gql(SITES, { first: 501 }, command), 'BAD_USER_INPUT').extensions.field).toBe('first');
    expectError(await hub.gql(SITES, {}), 'UNAUTHENTICATED');
  });

  it('runs as many SQL statements for 50 sites with managers as for 5', async () => {
    const Q = `query($filter: SiteFilter) { sites(first: 50, filter: $filter) { totalCount nodes { id name managers { username } } } }`;
    const seed = async (n: number) => {
      const d = district();
      for (let i = 0; i < n; i++) {
        const s = await makeSite(hub.ds, { district: d });
        for (let m = 0; m < 2; m++) await bindManager(hub.ds, s.id, (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id);
      }
      return d;
    };
    const small = await hub.gql(Q, { filter: { districts: [await seed(5)] } }, command);
    const large = await hub.gql(Q, { filter: { districts: [await seed(50)] } }, command);
    expect(small.data.sites.nodes).toHaveLength(5);
    expect(large.data.sites.nodes).toHaveLength(50);
    expect(large.data.sites.totalCount).toBe(50);
    expect(large.data.sites.nodes.every((n: { managers: unknown[] }) => n.managers.length === 2)).toBe(true);
    expect(Number.isFinite(small.sql)).toBe(true);
    expect(large.sql).toBe(small.sql);
  });
});
