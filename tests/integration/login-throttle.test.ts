import { startTestHub, expectError, TEST_PASSWORD, type GqlResult, type TestHub } from '../helpers/harness';
import { makeAccount } from '../fixtures/factory';
import { SIGN_IN_FAILED, THROTTLE } from '../../src/modules/account/auth.service';

/*
 * The sign-in throttle through the real server. The client address is set with X-Forwarded-For
 * (the hub trusts it from loopback only). Password checks are counted through the audit trail:
 * every failed check writes one `account.login_failed` event (entity SignIn, id = the username);
 * an attempt refused by the throttle checks nothing and writes nothing.
 */

let hub: TestHub;
let auditor: string;
beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = new Date('2026-11-20T08:00:00Z');
  auditor = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
});
afterAll(() => hub.stop());

const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token account { username } } }`;
let lastAddress = 0;
/** A client address of its own for each test (so the per-address counter of one test does not touch another). */
const address = () => `198.51.100.${++lastAddress}`;
const signIn = (username: string, password: string, from: string) => hub.gql(LOGIN, { u: username, p: password }, undefined, { 'x-forwarded-for': from });
const wrong = (username: string, from: string) => signIn(username, 'not-the-password', from);
const right = (username: string, from: string) => signIn(username, TEST_PASSWORD, from);

/** How many password checks failed for this username (audit events, read as an auditor would). */
async function failedChecks(username: string): Promise<number> {
  const r = await hub.gql(`query($u: String!) { auditEvents(filter: { action: "account.login_failed", entityType: "SignIn", entityId: $u }) { totalCount } }`, { u: username }, auditor);
  expect(r.errors).toBeUndefined();
  return r.data.auditEvents.totalCount;
}

/** The reply a client sees, minus nothing: every failed sign-in must look exactly like this. */
const reply = (r: GqlResult) => ({ status: r.status, data: r.data, errors: r.errors });
const FAILED = { status: 200, data: null, errors: [{ message: SIGN_IN_FAILED, path: ['login'], locations: [{ line: 1, column: 38 }], extensions: { code: 'UNAUTHENTICATED' } }] };

describe('a concurrent burst', () => {
  it('30 parallel wrong passwords at one account from one address get exactly the limit of password checks, then the right one is refused', async () => {
    const acc = await makeAccount(hub.ds, 'INSPECTOR');
    const from = address();
    const burst = await Promise.all(Array.from({ length: 30 }, () => wrong(acc.username, from)));
    for (const r of burst) expect(reply(r)).toEqual(FAILED);
    expect(await failedChecks(acc.username)).toBe(THROTTLE.pairLimit);

    // Locked: the right password is refused like any failure, and is not even checked.
    expect(reply(await right(acc.username, from))).toEqual(FAILED);
    expect(await failedChecks(acc.username)).toBe(THROTTLE.pairLimit);
  });

  it('the right password sent with a burst: at most the limit of password checks in all, every refusal alike', async () => {
    const acc = await makeAccount(hub.ds, 'INSPECTOR');
    const from = address();
    const attempts = [...Array.from({ length: 30 }, () => wrong(acc.username, from)), right(acc.username, from)];
    const results = await Promise.all(attempts);
    const signedIn = results.filter((r) => r.data?.login?.token);
    for (const r of results) if (!r.data?.login?.token) expect(reply(r)).toEqual(FAILED);
    expect(signedIn.length).toBeLessThanOrEqual(1);
    const checks = (await failedChecks(acc.username)) + signedIn.length;
    expect(checks).toBeGreaterThan(0);
    expect(checks).toBeLessThanOrEqual(THROTTLE.pairLimit);
  });
});

describe('lockout is per account and address', () => {
  it('failures from address A lock A only: the owner still signs in from address B', async () => {
    const acc = await makeAccount(hub.ds, 'COMMAND');
    const a = address();
    const b = address();
    for (let i = 0; i < THROTTLE.pairLimit; i++) expect(reply(await wrong(acc.username, a))).toEqual(FAILED);
    expect(reply(await right(acc.username, a))).toEqual(FAILED);
    const fromB = await right(acc.username, b);
    expect(fromB.errors).toBeUndefined();
    expect(fromB.data.login.account.username).toBe(acc.username);
    // Another account from address A is not locked either.
    const other = await makeAccount(hub.ds, 'COMMAND');
    expect((await right(other.username, a)).data.login.account.username).toBe(other.username);
  });

  it('the lock ends after its time on the injected clock', async () => {
    const acc = await makeAccount(hub.ds, 'REVIEWER');
    const a = address();
    const start = hub.clock.now;
    for (let i = 0; i < THROTTLE.pairLimit; i++) await wrong(acc.username, a);
    hub.clock.now = new Date(start.getTime() + THROTTLE.lockMs - 60_000);
    expect(reply(await right(acc.username, a))).toEqual(FAILED);
    hub.clock.now = new Date(start.getTime() + THROTTLE.lockMs + 1_000);
    expect((await right(acc.username, a)).data.login.account.username).toBe(acc.username);
    hub.clock.now = start;
  });

  it('a distributed guess trips the account-wide limit, which spares the addresses the owner signs in from', async () => {
    const acc = await makeAccount(hub.ds, 'INSPECTOR');
    const home = address();
    expect((await right(acc.username, home)).data.login.account.username).toBe(acc.username);

    // The limit's worth of failures spread over addresses, each below the per-address lock.
    const perAddress = THROTTLE.pairLimit - 1;
    const attackers = Array.from({ length: Math.ceil(THROTTLE.accountLimit / perAddress) }, () => address());
    await Promise.all(attackers.map(async (from) => {
      for (let i = 0; i < perAddress; i++) expect(reply(await wrong(acc.username, from))).toEqual(FAILED);
    }));
    const checks = await failedChecks(acc.username);
    expect(checks).toBe(attackers.length * perAddress);
    expect(checks).toBeGreaterThanOrEqual(THROTTLE.accountLimit);

    // A new address, even with the right password, is refused (and checks nothing)…
    expect(reply(await right(acc.username, address()))).toEqual(FAILED);
    expect(reply(await wrong(acc.username, address()))).toEqual(FAILED);
    expect(await failedChecks(acc.username)).toBe(checks);
    // …while the owner's own address still gets in.
    expect((await right(acc.username, home)).data.login.account.username).toBe(acc.username);

    // After the account-wide lock, new addresses may try again.
    const start = hub.clock.now;
    hub.clock.now = new Date(start.getTime() + THROTTLE.accountLockMs + 1_000);
    expect((await right(acc.username, address())).data.login.account.username).toBe(acc.username);
    hub.clock.now = start;
  });
});

describe('the reply never tells whether the account exists', () => {
  it('unknown user, wrong password, inactive account and a throttled account get the same reply, code and message', async () => {
    const from = address();
    const acc = await makeAccount(hub.ds, 'INSPECTOR');
    const inactive = await makeAccount(hub.ds, 'INSPECTOR');
    await hub.ds.query(`UPDATE account SET active = false WHERE id = $1`, [inactive.id]);
    const locked = await makeAccount(hub.ds, 'INSPECTOR');
    const lockedFrom = address();
    for (let i = 0; i < THROTTLE.pairLimit; i++) await wrong(locked.username, lockedFrom);

    const replies = {
      unknown: reply(await wrong('no-such-user-anywhere', from)),
      wrongPassword: reply(await wrong(acc.username, from)),
      inactiveRightPassword: reply(await right(inactive.username, from)),
      lockedRightPassword: reply(await right(locked.username, lockedFrom)),
    };
    expect(replies).toEqual({ unknown: FAILED, wrongPassword: FAILED, inactiveRightPassword: FAILED, lockedRightPassword: FAILED });
    // An unknown username costs a password check like a known one (against a dummy hash).
    expect(await failedChecks('no-such-user-anywhere')).toBe(1);
    expect(await failedChecks(acc.username)).toBe(1);
  });

  it('an unknown username is throttled like a real one', async () => {
    const from = address();
    for (let i = 0; i < THROTTLE.pairLimit + 3; i++) expect(reply(await wrong('ghost-user', from))).toEqual(FAILED);
    expect(await failedChecks('ghost-user')).toBe(THROTTLE.pairLimit);
  });

  it('a bad input is still BAD_USER_INPUT (no throttling involved)', async () => {
    expectError(await signIn('', 'x', address()), 'BAD_USER_INPUT');
  });
});
