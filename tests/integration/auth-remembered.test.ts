import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/**
 * The actor a token signed in as is remembered for its next GraphQL requests (src/server.ts):
 * a compiled read checks inside its own statement that the account is still exactly that
 * (active, same role, agency, teams and sites), anything else looks the account up afresh first.
 * So a change of access shows on the very next request, whatever it is, and a compiled read
 * costs one statement while nothing changed. Statement counts: x-sql-statements.
 */
let hub: TestHub;
let adminToken: string;
let prefix: string;
const READ = `query($s: String!) { sites(first: 50, filter: { search: $s }) { nodes { id name inspections(first: 10) { id findings { id } } } } }`;
const names = (r: { data?: any }) => (r.data?.sites?.nodes ?? []).map((n: { name: string }) => n.name);

beforeAll(async () => {
  hub = await startTestHub();
  prefix = `RM-${randomUUID().slice(0, 6)}`;
  adminToken = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
});
afterAll(() => hub.stop());

describe('a remembered actor', () => {
  it('costs one statement once the token has been seen, two the first time', async () => {
    const token = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
    await makeSite(hub.ds, { name: `${prefix} command 1` });
    const first = await hub.gql(READ, { s: `${prefix} command` }, token);
    expect(names(first)).toEqual([`${prefix} command 1`]);
    expect(first.sql).toBe(2); // the account, then the read
    const again = await hub.gql(READ, { s: `${prefix} command` }, token);
    expect(again.data).toEqual(first.data);
    expect(again.sql).toBe(1); // the read, checking the account in the same statement
  });

  it('refuses a deactivated account on its very next compiled read, as a fresh lookup would', async () => {
    const victim = await makeAccount(hub.ds, 'COMMAND');
    const token = await hub.login(victim.username);
    const unused = await hub.login(victim.username); // never seen by the server before the refusal
    expect((await hub.gql(READ, { s: prefix }, token)).errors).toBeUndefined();
    expect((await hub.gql(READ, { s: prefix }, token)).sql).toBe(1);
    const off = await hub.gql(`mutation($id: ID!) { setAccountActive(input: { accountId: $id, active: false }) { active } }`, { id: victim.id }, adminToken);
    expect(off.data.setAccountActive.active).toBe(false);

    const refused = await hub.gql(READ, { s: prefix }, token);
    expect(refused.status).toBe(401);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([expect.objectContaining({ message: 'this account is no longer active; sign in again', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    expect(refused.sql).toBe(2); // the read that found the account changed, then the lookup
    // The same answer as for a token the server had never seen (refused while building the context).
    const fresh = await hub.gql(READ, { s: prefix }, unused);
    expect(fresh.status).toBe(refused.status);
    expect(fresh.errors).toEqual(refused.errors);
    // And it stays refused, for reads and anything else.
    for (const q of [READ, `{ me { username } }`]) {
      const r = await hub.gql(q, { s: prefix }, token);
      expect(r.status).toBe(401);
      expect(r.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a deactivated account on its next query that is not compiled, and its next mutation', async () => {
    const victim = await makeAccount(hub.ds, 'ADMIN');
    const token = await hub.login(victim.username);
    expect((await hub.gql(READ, { s: prefix }, token)).errors).toBeUndefined();
    expect((await hub.gql(READ, { s: prefix }, token)).sql).toBe(1);
    await hub.ds.query(`UPDATE account SET active = false WHERE id = $1`, [victim.id]);
    const me = await hub.gql(`{ me { username } }`, {}, token);
    expect(me.status).toBe(401);
    expect(me.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    await hub.ds.query(`UPDATE account SET active = true WHERE id = $1`, [victim.id]);
    expect((await hub.gql(READ, { s: prefix }, token)).errors).toBeUndefined();
    await hub.ds.query(`UPDATE account SET active = false WHERE id = $1`, [victim.id]);
    const name = `${prefix}-agency-${randomUUID().slice(0, 4)}`;
    const created = await hub.gql(`mutation($n: String!) { createAgency(input: { code: $n, name: $n, kind: HEALTH }) { id } }`, { n: name }, token);
    expect(created.status).toBe(401);
    expect(created.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await hub.ds.query(`SELECT count(*)::int AS n FROM agency WHERE code = $1`, [name]))[0].n).toBe(0);
  });

  it('shows an unbound manager only its remaining sites on the very next read', async () => {
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const kept = await makeSite(hub.ds, { name: `${prefix} mgr kept` });
    const lost = await makeSite(hub.ds, { name: `${prefix} mgr lost` });
    await bindManager(hub.ds, kept.id, manager.id);
    await bindManager(hub.ds, lost.id, manager.id);
    const token = await hub.login(manager.username);
    expect(names(await hub.gql(READ, { s: `${prefix} mgr` }, token))).toEqual([`${prefix} mgr kept`, `${prefix} mgr lost`]);
    const both = await hub.gql(READ, { s: `${prefix} mgr` }, token);
    expect(both.sql).toBe(1);
    expect(names(both)).toEqual([`${prefix} mgr kept`, `${prefix} mgr lost`]);

    const unbound = await hub.gql(`mutation($i: SiteManagerInput!) { unbindSiteManager(input: $i) { id } }`, { i: { siteId: lost.id, accountId: manager.id } }, adminToken);
    expect(unbound.errors).toBeUndefined();
    const next = await hub.gql(READ, { s: `${prefix} mgr` }, token);
    expect(names(next)).toEqual([`${prefix} mgr kept`]);
    expect(next.sql).toBe(3); // the read that found the account changed, the lookup, the read again
    const after = await hub.gql(READ, { s: `${prefix} mgr` }, token);
    expect(names(after)).toEqual([`${prefix} mgr kept`]);
    expect(after.sql).toBe(1);
    // The lost site's own page is out of reach at once too (graphql-js answers the guard's refusal).
    const site = await hub.gql(`query($id: ID!) { site(id: $id) { id name } }`, { id: lost.id }, token);
    expect(site.data?.site ?? null).toBeNull();
  });

  it('follows a change of role made directly in the database', async () => {
    const inspector = await makeAccount(hub.ds, 'INSPECTOR');
    const token = await hub.login(inspector.username);
    await makeSite(hub.ds, { name: `${prefix} role 1` });
    expect(names(await hub.gql(READ, { s: `${prefix} role` }, token))).toEqual([`${prefix} role 1`]);
    expect((await hub.gql(READ, { s: `${prefix} role` }, token)).sql).toBe(1);
    // A facility manager with no sites sees none: the role is part of what the statement checks.
    await hub.ds.query(`UPDATE account SET role = 'FACILITY_MANAGER' WHERE id = $1`, [inspector.id]);
    const next = await hub.gql(READ, { s: `${prefix} role` }, token);
    expect(names(next)).toEqual([]);
    expect(next.sql).toBe(3);
  });
});
