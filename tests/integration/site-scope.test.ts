import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/**
 * Scope is security: a facility manager sees and touches only the sites it is bound to. Every
 * query and mutation on sites is tried with another site's id; the answer is null/empty,
 * NOT_FOUND or FORBIDDEN, never the other site's data, and nothing changes.
 */
let hub: TestHub;
let mgrA: { id: string; username: string };
let mgrB: { id: string; username: string };
let tokenA: string;
let tokenLonely: string;
let command: string;
let siteA: { id: string; name: string };
let shared: { id: string; name: string };
let siteB: { id: string; name: string };
let orphan: { id: string; name: string };
const districtA = `甲区-${randomUUID().slice(0, 6)}`;
const districtB = `乙区-${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  hub = await startTestHub();
  mgrA = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  mgrB = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  siteA = await makeSite(hub.ds, { name: 'A 宾馆 own', district: districtA, kind: 'HOTEL' });
  shared = await makeSite(hub.ds, { name: 'S 隔离点 shared', district: districtA, kind: 'ISOLATION_SITE', bedCount: 10, currentOccupancy: 1 });
  siteB = await makeSite(hub.ds, { name: 'B 宾馆 secret', district: districtB, kind: 'HOTEL', riskLevel: 'CRITICAL', contactPhone: '110-secret' });
  orphan = await makeSite(hub.ds, { name: 'O 场所 nobody', district: districtB, kind: 'VENUE', status: 'CLOSED' });
  await bindManager(hub.ds, siteA.id, mgrA.id);
  await bindManager(hub.ds, shared.id, mgrA.id);
  await bindManager(hub.ds, shared.id, mgrB.id);
  await bindManager(hub.ds, siteB.id, mgrB.id);
  tokenA = await hub.login(mgrA.username);
  tokenLonely = await hub.login((await makeAccount(hub.ds, 'FACILITY_MANAGER')).username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

const SITES = `query($filter: SiteFilter, $first: Int, $after: String) {
  sites(filter: $filter, first: $first, after: $after) { totalCount nodes { id name } edges { node { id } } }
}`;
const row = async (id: string) => (await hub.ds.query(`SELECT * FROM site WHERE id = $1`, [id]))[0];
const auditCount = async (id: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [id]))[0].n;
const foreign = () => [siteB, orphan];

describe('a facility manager reading', () => {
  it('site(id) returns its own site and null for any other, exactly as for a missing one', async () => {
    expect((await hub.gql(`query($id: ID!) { site(id: $id) { id name } }`, { id: siteA.id }, tokenA)).data.site).toEqual({ id: siteA.id, name: siteA.name });
    for (const s of foreign()) {
      const r = await hub.gql(`query($id: ID!) { site(id: $id) { id name ... on Hotel { roomCount } } }`, { id: s.id }, tokenA);
      expect(r.errors).toBeUndefined();
      expect(r.data.site).toBeNull();
    }
    expect((await hub.gql(`query($id: ID!) { site(id: $id) { id } }`, { id: randomUUID() }, tokenA)).data.site).toBeNull();
  });

  it('sites lists only its own sites, whatever the filter, and counts only those', async () => {
    const filters: (object | null)[] = [
      null,
      {},
      { districts: [districtA, districtB] },
      { districts: [districtB] },
      { kinds: ['HOTEL', 'VENUE', 'ISOLATION_SITE'] },
      { riskLevels: ['CRITICAL'] },
      { status: 'CLOSED' },
      { search: 'secret' },
      { search: '宾馆' },
      { search: siteB.name },
      { search: '%' },
    ];
    for (const filter of filters) {
      const r = await hub.gql(SITES, { filter, first: 500 }, tokenA);
      expect(r.errors).toBeUndefined();
      const ids: string[] = r.data.sites.nodes.map((n: { id: string }) => n.id);
      for (const id of ids) expect([siteA.id, shared.id]).toContain(id);
      expect(r.data.sites.totalCount).toBe(ids.length);
      expect(r.data.sites.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids);
    }
    const all = await hub.gql(SITES, {}, tokenA);
    expect(all.data.sites.nodes.map((n: { id: string }) => n.id)).toEqual([siteA.id, shared.id]);
    expect((await hub.gql(SITES, { filter: { search: '宾馆' } }, tokenA)).data.sites.nodes.map((n: { id: string }) => n.id)).toEqual([siteA.id]);
    // The command centre, inspectors and reviewers, for comparison, see all four.
    expect((await hub.gql(SITES, { filter: { districts: [districtA, districtB] } }, command)).data.sites.totalCount).toBe(4);
    for (const role of ['INSPECTOR', 'REVIEWER'] as const) {
      const t = await hub.login((await makeAccount(hub.ds, role)).username);
      expect((await hub.gql(SITES, { filter: { districts: [districtA, districtB] } }, t)).data.sites.totalCount).toBe(4);
      expect((await hub.gql(`query($id: ID!) { site(id: $id) { id } }`, { id: siteB.id }, t)).data.site).toEqual({ id: siteB.id });
    }
  });

  it('a cursor made from another site does not open the rest of the list', async () => {
    const cursor = Buffer.from(JSON.stringify(['', siteB.id])).toString('base64url');
    const r = await hub.gql(SITES, { after: cursor }, tokenA);
    expect(r.data.sites.nodes.map((n: { id: string }) => n.id)).toEqual([siteA.id, shared.id]);
  });

  it('a manager bound to no site sees nothing', async () => {
    const r = await hub.gql(SITES, { filter: { districts: [districtA, districtB] } }, tokenLonely);
    expect(r.data.sites).toMatchObject({ totalCount: 0, nodes: [] });
    expect((await hub.gql(`{ me { managedSites { id } } }`, {}, tokenLonely)).data.me.managedSites).toEqual([]);
    expect((await hub.gql(`query($id: ID!) { site(id: $id) { id } }`, { id: siteA.id }, tokenLonely)).data.site).toBeNull();
  });

  it("Account.managedSites shows a co-manager's sites only where the caller may see them", async () => {
    expect((await hub.gql(`{ me { managedSites { id } } }`, {}, tokenA)).data.me.managedSites).toEqual([{ id: siteA.id }, { id: shared.id }]);
    const r = await hub.gql(`query($id: ID!) { site(id: $id) { managers { username managedSites { id name } } } }`, { id: shared.id }, tokenA);
    expect(r.errors).toBeUndefined();
    const b = r.data.site.managers.find((m: { username: string }) => m.username === mgrB.username);
    expect(b.managedSites).toEqual([{ id: shared.id, name: shared.name }]);
    // The command centre sees all of B's sites through the same field.
    const c = await hub.gql(`query($id: ID!) { site(id: $id) { managers { username managedSites { id } } } }`, { id: shared.id }, command);
    const bc = c.data.site.managers.find((m: { username: string }) => m.username === mgrB.username);
    expect(bc.managedSites.map((s: { id: string }) => s.id).sort()).toEqual([shared.id, siteB.id].sort());
  });
});

describe('a facility manager writing', () => {
  it('updateSite on another site is NOT_FOUND, with any field, and changes nothing', async () => {
    for (const s of foreign()) {
      const before = await row(s.id);
      for (const fields of [{ contactPhone: '1234567' }, { currentOccupancy: 1 }, { name: 'hijacked' }]) {
        const e = expectError(await hub.gql(`mutation($input: UpdateSiteInput!) { updateSite(input: $input) { id name } }`, { input: { id: s.id, version: 1, ...fields } }, tokenA), 'NOT_FOUND');
        expect(e.message).not.toContain(s.name);
        expect(JSON.stringify(e)).not.toContain('secret');
      }
      expect(await row(s.id)).toEqual(before);
      expect(await auditCount(s.id)).toBe(0);
    }
  });

  it('a missing site and another site give the same error', async () => {
    const q = `mutation($input: UpdateSiteInput!) { updateSite(input: $input) { id } }`;
    const other = expectError(await hub.gql(q, { input: { id: siteB.id, version: 1, contactName: 'x' } }, tokenA), 'NOT_FOUND');
    const missing = expectError(await hub.gql(q, { input: { id: randomUUID(), version: 1, contactName: 'x' } }, tokenA), 'NOT_FOUND');
    expect(other.message).toBe(missing.message);
  });

  it('closeSite and reopenSite on another site are NOT_FOUND and change nothing', async () => {
    const close = expectError(await hub.gql(`mutation($input: CloseSiteInput!) { closeSite(input: $input) { id } }`, { input: { id: siteB.id, version: 1, reason: 'x' } }, tokenA), 'NOT_FOUND');
    expect(close.message).not.toContain(siteB.name);
    expectError(await hub.gql(`mutation($input: ReopenSiteInput!) { reopenSite(input: $input) { id } }`, { input: { id: orphan.id, version: 1 } }, tokenA), 'NOT_FOUND');
    expect(await row(siteB.id)).toMatchObject({ status: 'ACTIVE', version: 1 });
    expect(await row(orphan.id)).toMatchObject({ status: 'CLOSED', version: 1 });
  });

  it('createSite, bindSiteManager and unbindSiteManager are FORBIDDEN', async () => {
    expectError(
      await hub.gql(`mutation($input: CreateSiteInput!) { createSite(input: $input) { id } }`, { input: { idempotencyKey: 'k1', kind: 'HOTEL', name: 'n', address: 'a', district: districtB } }, tokenA),
      'FORBIDDEN',
    );
    // Binding itself to another site would widen its scope: refused.
    expectError(await hub.gql(`mutation($input: SiteManagerInput!) { bindSiteManager(input: $input) { id } }`, { input: { siteId: siteB.id, accountId: mgrA.id } }, tokenA), 'FORBIDDEN');
    expectError(await hub.gql(`mutation($input: SiteManagerInput!) { unbindSiteManager(input: $input) { id } }`, { input: { siteId: shared.id, accountId: mgrB.id } }, tokenA), 'FORBIDDEN');
    expect((await hub.ds.query(`SELECT site_id FROM site_manager WHERE account_id = $1 ORDER BY site_id`, [mgrA.id])).map((r: { site_id: string }) => r.site_id).sort()).toEqual([siteA.id, shared.id].sort());
    expect((await hub.ds.query(`SELECT count(*)::int AS n FROM site WHERE district = $1`, [districtB]))[0].n).toBe(2);
  });

  it('on its own site the same update works (the refusals above are about scope, not the request)', async () => {
    const r = await hub.gql(`mutation($input: UpdateSiteInput!) { updateSite(input: $input) { id contactPhone version } }`, { input: { id: siteA.id, version: 1, contactPhone: '1234567' } }, tokenA);
    expect(r.data.updateSite).toEqual({ id: siteA.id, contactPhone: '1234567', version: 2 });
  });
});
