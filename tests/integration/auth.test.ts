import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { SignJWT } from 'jose';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { makeAccount, makeAgency } from '../fixtures/factory';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token expiresAt account { username role } } }`;

describe('login and me', () => {
  it('signs in, and the token identifies the account', async () => {
    const agency = await makeAgency(hub.ds);
    const acc = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: agency.id });
    const r = await hub.gql(LOGIN, { u: acc.username.toUpperCase(), p: 'test-password-1' });
    expect(r.errors).toBeUndefined();
    expect(r.data.login.account).toEqual({ username: acc.username, role: 'INSPECTOR' });
    expect(new Date(r.data.login.expiresAt).getTime()).toBeGreaterThan(hub.clock.now.getTime());
    const me = await hub.gql(`{ me { username role agency { code } } }`, {}, r.data.login.token);
    expect(me.data.me).toEqual({ username: acc.username, role: 'INSPECTOR', agency: { code: agency.code } });
  });

  it('gives the same error for an unknown user and a wrong password', async () => {
    const acc = await makeAccount(hub.ds, 'COMMAND');
    const wrong = await hub.gql(LOGIN, { u: acc.username, p: 'nope-nope' }, undefined, { 'x-forwarded-for': '10.9.0.1' });
    const unknown = await hub.gql(LOGIN, { u: 'no-such-user-x', p: 'nope-nope' }, undefined, { 'x-forwarded-for': '10.9.0.1' });
    expect(expectError(wrong, 'UNAUTHENTICATED').message).toBe(expectError(unknown, 'UNAUTHENTICATED').message);
  });

  it('locks an account after repeated failures, whether or not it exists, and says nothing more', async () => {
    const acc = await makeAccount(hub.ds, 'REVIEWER');
    const first = await hub.gql(LOGIN, { u: acc.username, p: 'bad-password' });
    const failed = expectError(first, 'UNAUTHENTICATED');
    for (let i = 1; i < 5; i++) expectError(await hub.gql(LOGIN, { u: acc.username, p: 'bad-password' }), 'UNAUTHENTICATED');
    // Locked: even the right password gets the very same reply as a wrong one.
    const locked = await hub.gql(LOGIN, { u: acc.username, p: 'test-password-1' });
    expect(locked.errors).toEqual(first.errors);
    for (let i = 0; i < 5; i++) await hub.gql(LOGIN, { u: 'ghost-account', p: 'bad-password' });
    const ghost = await hub.gql(LOGIN, { u: 'ghost-account', p: 'bad-password' });
    expect(expectError(ghost, 'UNAUTHENTICATED').message).toBe(failed.message);
    // After the lock expires (on the hub's clock), the right password works again.
    hub.clock.advance(16 * 60_000);
    const again = await hub.gql(LOGIN, { u: acc.username, p: 'test-password-1' });
    expect(again.data?.login.account.username).toBe(acc.username);
  });

  it('refuses a forged or malformed token with UNAUTHENTICATED', async () => {
    const r = await hub.gql(`{ me { username } }`, {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(r.status).toBe(401);
    expectError(r, 'UNAUTHENTICATED');
  });

  describe('a validly signed token is still refused unless it is one the hub would issue', () => {
    // The harness's JWT_SECRET: tokens signed like the hub's, but with a claim missing or wrong.
    const key = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');
    const token = (claims: { sub?: string; exp?: boolean; iat?: boolean }) => {
      const t = new SignJWT({ role: 'INSPECTOR' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('epi-hub').setAudience('epi-hub-api');
      if (claims.sub !== undefined) t.setSubject(claims.sub);
      if (claims.iat !== false) t.setIssuedAt();
      if (claims.exp !== false) t.setExpirationTime('1h');
      return t.sign(key);
    };
    /** The close code of a graphql-ws connection signed in with the token (0: it was accepted). */
    const wsOutcome = async (bearer: string) => {
      let client: Client | undefined;
      const code = await new Promise<number>((resolve) => {
        client = createClient({
          url: hub.graphqlUrl.replace('http', 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${bearer}` },
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => undefined,
          on: { connected: () => resolve(0), closed: (e) => resolve((e as { code: number }).code) },
        });
      });
      await client!.dispose();
      return code;
    };

    it('accepts the real thing (so the cases below fail for the reason they name)', async () => {
      const acc = await makeAccount(hub.ds, 'INSPECTOR');
      const t = await token({ sub: acc.id });
      expect((await hub.gql(`{ me { username } }`, {}, t)).data.me.username).toBe(acc.username);
      expect(await wsOutcome(t)).toBe(0);
    });

    it.each([
      ['no exp', { exp: false }],
      ['no iat', { iat: false }],
      ['a sub that is not an account id', { sub: 'admin' }],
      ['no sub', { sub: undefined }],
    ])('%s: 401 UNAUTHENTICATED over HTTP, refused over WebSocket', async (_name, claims) => {
      const acc = await makeAccount(hub.ds, 'INSPECTOR');
      const t = await token({ sub: acc.id, ...claims });
      const r = await hub.gql(`{ me { username } }`, {}, t);
      expect(r.status).toBe(401);
      expect(expectError(r, 'UNAUTHENTICATED').message).toMatch(/token is not valid/);
      const download = await fetch(`${hub.url}/attachments/${acc.id}`, { headers: { authorization: `Bearer ${t}` } });
      expect(download.status).toBe(401);
      expect(await wsOutcome(t)).toBe(4403);
    });
  });

  it('a subscription sent over HTTP is refused with BAD_USER_INPUT, pointing to the WebSocket endpoint', async () => {
    const acc = await makeAccount(hub.ds, 'COMMAND');
    const t = await hub.login(acc.username);
    const r = await hub.gql(`subscription { events { id kind } }`, {}, t);
    expect(expectError(r, 'BAD_USER_INPUT').message).toMatch(/WebSocket/);
    expect(r.status).toBe(400);
  });

  it('errors over the WebSocket carry closed-list codes too', async () => {
    const acc = await makeAccount(hub.ds, 'COMMAND');
    const t = await hub.login(acc.username);
    const client = createClient({ url: hub.graphqlUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${t}` }, retryAttempts: 0 });
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: `subscription { events(kinds: [NO_SUCH_KIND]) { id } }` }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
    });
    await client.dispose();
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });

  it('without a token, me is null and protected queries say UNAUTHENTICATED', async () => {
    expect((await hub.gql(`{ me { username } }`)).data.me).toBeNull();
    expectError(await hub.gql(`{ accounts { username } }`), 'UNAUTHENTICATED');
  });

  it('a deactivated account can no longer use its token', async () => {
    const admin = await makeAccount(hub.ds, 'ADMIN');
    const victim = await makeAccount(hub.ds, 'INSPECTOR');
    const adminToken = await hub.login(admin.username);
    const victimToken = await hub.login(victim.username);
    const r = await hub.gql(`mutation($id: ID!) { setAccountActive(input: { accountId: $id, active: false }) { active } }`, { id: victim.id }, adminToken);
    expect(r.data.setAccountActive.active).toBe(false);
    expectError(await hub.gql(`{ me { username } }`, {}, victimToken), 'UNAUTHENTICATED');
  });
});

describe('admin mutations', () => {
  it('creates an agency, accounts and a joint team, each with an audit event', async () => {
    const admin = await makeAccount(hub.ds, 'ADMIN');
    const token = await hub.login(admin.username);
    const a1 = await hub.gql(`mutation { createAgency(input: { code: "T-HEALTH", name: "卫健局", kind: HEALTH }) { id code kind } }`, {}, token);
    expect(a1.data.createAgency).toMatchObject({ code: 'T-HEALTH', kind: 'HEALTH' });
    const mk = (username: string, agencyId: string) =>
      hub.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id username role agency { code } } }`, { i: { username, displayName: username, password: 'long-enough-1', role: 'INSPECTOR', agencyId } }, token);
    const lead = await mk('lead-health', a1.data.createAgency.id);
    const other = await makeAgency(hub.ds, 'TRANSPORT');
    const member = await mk('member-transport', other.id);
    expect(lead.data.createAccount.agency.code).toBe('T-HEALTH');
    const team = await hub.gql(
      `mutation($i: CreateInspectionTeamInput!) { createInspectionTeam(input: $i) { name leader { username } members { isLeader account { username } } agencies { code } } }`,
      { i: { name: 'Joint T', leaderId: lead.data.createAccount.id, memberIds: [member.data.createAccount.id] } },
      token,
    );
    expect(team.errors).toBeUndefined();
    expect(team.data.createInspectionTeam.members).toHaveLength(2);
    expect(team.data.createInspectionTeam.agencies.map((a: { code: string }) => a.code).sort()).toEqual([other.code, 'T-HEALTH'].sort());
    const events = await hub.ds.query(`SELECT action FROM audit_event WHERE actor_id = $1 ORDER BY id`, [admin.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['account.login', 'agency.create', 'account.create', 'account.create', 'team.create']);
  });

  it('rejects bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const admin = await makeAccount(hub.ds, 'ADMIN');
    const token = await hub.login(admin.username);
    const before = await hub.ds.query(`SELECT count(*)::int AS n FROM account`);
    const r = await hub.gql(`mutation { createAccount(input: { username: "x", displayName: "X", password: "short", role: INSPECTOR }) { id } }`, {}, token);
    const e = expectError(r, 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.username');
    const after = await hub.ds.query(`SELECT count(*)::int AS n FROM account`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('non-admins may not create accounts', async () => {
    const cmd = await makeAccount(hub.ds, 'COMMAND');
    const token = await hub.login(cmd.username);
    const r = await hub.gql(`mutation { createAccount(input: { username: "xyz", displayName: "X", password: "long-enough-1", role: ADMIN }) { id } }`, {}, token);
    expectError(r, 'FORBIDDEN');
  });

  it('a duplicate username is CONFLICT', async () => {
    const admin = await makeAccount(hub.ds, 'ADMIN');
    const token = await hub.login(admin.username);
    const r = await hub.gql(`mutation($u: String!) { createAccount(input: { username: $u, displayName: "X", password: "long-enough-1", role: ADMIN }) { id } }`, { u: admin.username }, token);
    expect(expectError(r, 'CONFLICT').extensions.field).toBe('input.username');
  });
});
