import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { getIntrospectionQuery } from 'graphql';
import { startTestHub, expectError, type GqlResult, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeAgency, makeSite, makeTeam } from '../fixtures/factory';
import { NESTED_READ, NESTED_READ_DISPUTES } from '../../scripts/bench/queries';

/**
 * Issue 13, item 1: operation limits (depth, aliases, tokens, directives, page sizes, cost) refuse
 * the bombs before anything runs; item 6: production mode. And the per-request deadline: the
 * statement timeout and the wall-clock budget.
 */
let hub: TestHub;
let manager: string;
let inspector: string;
let command: string;

beforeAll(async () => {
  hub = await startTestHub();
  // A site with 3 managers, an inspector in two teams of 5: the cycles of the issue have fan-out.
  const site = await makeSite(hub.ds);
  const managers = [await makeAccount(hub.ds, 'FACILITY_MANAGER'), await makeAccount(hub.ds, 'FACILITY_MANAGER'), await makeAccount(hub.ds, 'FACILITY_MANAGER')];
  for (const m of managers) await bindManager(hub.ds, site.id, m.id);
  const agencyId = (await makeAgency(hub.ds)).id;
  const insp = await makeAccount(hub.ds, 'INSPECTOR', { agencyId });
  const others = await Promise.all([1, 2, 3, 4].map(() => makeAccount(hub.ds, 'INSPECTOR', { agencyId })));
  await makeTeam(hub.ds, insp.id, others.map((o) => o.id));
  await makeTeam(hub.ds, others[0].id, [insp.id, others[1].id]);
  manager = await hub.login(managers[0].username);
  inspector = await hub.login(insp.username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

/** A refusal by a limit: BAD_USER_INPUT naming it, HTTP 400, and not one SQL statement run. */
function expectRefused(r: GqlResult, limit: string) {
  const e = expectError(r, 'BAD_USER_INPUT');
  expect(e.extensions.limit).toBe(limit);
  expect(r.status).toBe(400);
  expect(r.headers.get('x-sql-statements')).toBe('0');
  expect(r.data).toBeUndefined();
  return e;
}

const nest = (levels: string[], leaf: string) => levels.reduceRight((inner, f) => `${f} { ${inner} }`, leaf);

describe('the bombs of issue 13 are refused before anything runs', () => {
  it("a manager's managedSites → managers cycle, ten deep (the 327-byte query)", async () => {
    const q = `{ me { ${nest(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'managers' : 'managedSites')), 'id')} } }`;
    const e = expectRefused(await hub.gql(q, {}, manager), 'depth');
    expect(e.message).toMatch(/depth is 12, more than the maximum of 10 \(QUERY_MAX_DEPTH\)/);
  });

  it('the same cycle within the depth limit is refused by its cost', async () => {
    const q = `{ me { ${nest(Array.from({ length: 8 }, (_, i) => (i % 2 ? 'managers' : 'managedSites')), 'id')} } }`;
    const e = expectRefused(await hub.gql(q, {}, manager), 'cost');
    // 8 list levels, each counted at QUERY_LIST_SIZE (5): 5 + 5² + … + 5⁸ = 488,280, and `me`.
    expect(e.message).toMatch(/cost is 488281, more than the maximum of 200000 \(QUERY_MAX_COST/);
    expect(e.extensions).toMatchObject({ value: 488281, maximum: 200000 });
  });

  it("an inspector's inspectionTeams → members → account → teams cycle (the 640-byte query); within the depth limit, its cost bounds how many copies one request may ask for", async () => {
    const cycle = (n: number) => nest(['inspectionTeams', ...Array.from({ length: n }, (_, i) => ['members', 'account', 'teams'][i % 3])], 'id');
    expectRefused(await hub.gql(`{ ${cycle(18 * 3)} }`, {}, inspector), 'depth');
    // Depth 10 is allowed, and costs 35,805: five of them (179,025) are answered, six are not.
    const copies = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${cycle(8)}`).join(' ')} }`;
    const five = await hub.gql(copies(5), {}, inspector);
    expect(five.errors).toBeUndefined();
    expect(five.data.a0).toHaveLength(2);
    expectRefused(await hub.gql(copies(6), {}, inspector), 'cost');
  });

  it('100k `me` aliases (1.7 MB) are refused by the token limit, signed in or not', async () => {
    const q = `{ ${Array.from({ length: 100_000 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(q.length).toBeGreaterThan(1_700_000);
    const e = expectRefused(await hub.gql(q, {}, manager), 'tokens');
    expect(e.message).toMatch(/more than 2000 tokens \(QUERY_MAX_TOKENS\)/);
    expectRefused(await hub.gql(q), 'tokens');
  });

  it('1,000 aliases of inspectionsDue(limit: 500) are refused; 13 (under the alias and token limits) by their cost', async () => {
    // Each: 500 × (site 1 + openFindings 5 × (1 + disputes 5)) = 16,000.
    const aliases = (n: number, limit: string) => `query($n: Int) { ${Array.from({ length: n }, (_, i) => `a${i}: inspectionsDue(filter: { limit: ${limit} }) { site { id } openFindings { disputes { id } } }`).join(' ')} }`;
    expectRefused(await hub.gql(aliases(1000, '500'), {}, command), 'tokens');
    expectRefused(await hub.gql(aliases(31, '1'), {}, command), 'aliases');
    expect(expectRefused(await hub.gql(aliases(13, '500'), {}, command), 'cost').extensions.value).toBe(208_000);
    // The page size counts when given as a variable too.
    expectRefused(await hub.gql(aliases(13, '$n'), { n: 500 }, command), 'cost');
    const twelve = await hub.gql(aliases(12, '$n'), { n: 500 }, command);
    expect(twelve.errors).toBeUndefined();
    expect(Object.keys(twelve.data)).toHaveLength(12);
  });

  it('a verdict on cost is kept per page sizes and include/skip, never past a request whose variables graphql refuses', async () => {
    // 13 × 16,000 over the maximum when included; the site's id is a variable the cost does not depend on.
    const doc = `query($n: Int, $on: Boolean!, $site: ID!) { s: site(id: $site) { id } ${Array.from({ length: 13 }, (_, i) => `a${i}: inspectionsDue(filter: { limit: $n }) @include(if: $on) { site { id } openFindings { disputes { id } } }`).join(' ')} }`;
    const site = randomUUID();
    expect((await hub.gql(doc, { n: 500, on: false, site }, command)).errors).toBeUndefined();
    expectRefused(await hub.gql(doc, { n: 500, on: true, site }, command), 'cost');
    expectRefused(await hub.gql(doc, { n: 500, on: true, site: randomUUID() }, command), 'cost');
    // Variables graphql cannot coerce leave the cost unknown: refused by graphql, and nothing is
    // kept that would let the same page sizes through afterwards.
    const other = doc.replace('query(', 'query Other(');
    const bad = await hub.gql(other, { n: 500, on: true, site: { not: 'an id' } }, command);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.limit).toBeUndefined();
    expectRefused(await hub.gql(other, { n: 500, on: true, site }, command), 'cost');
    expect((await hub.gql(other, { n: 1, on: true, site }, command)).errors).toBeUndefined();
  });

  it('too many directives', async () => {
    const q = (n: number) => `{ me { ${Array.from({ length: n }, () => 'id @include(if: true)').join(' ')} } }`;
    expectRefused(await hub.gql(q(51), {}, manager), 'directives');
    const ok = await hub.gql(q(50), {}, manager);
    expect(ok.errors).toBeUndefined();
  });

  it('a fragment that spreads itself is refused with a code, and does not hang the checks', async () => {
    const r = await hub.gql(`{ me { ...A } } fragment A on Account { id ...B } fragment B on Account { managedSites { id } ...A }`, {}, manager);
    expect(expectError(r, 'BAD_USER_INPUT').message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('fragments spread into fragments cannot multiply the work past the limits', async () => {
    // Each level spreads the one below twice: 2^12 copies of the innermost selection.
    const frags = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Account { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const q = `{ me { ...F0 } } ${frags} fragment F12 on Account { managedSites { managers { id } } }`;
    const r = await hub.gql(q, {}, manager);
    expect(['depth', 'cost']).toContain(expectError(r, 'BAD_USER_INPUT').extensions.limit);
    expect(r.headers.get('x-sql-statements')).toBe('0');
  });
});

describe('queries just under each limit are answered', () => {
  it('depth 10', async () => {
    const r = await hub.gql(`{ me { ${nest(['managedSites', 'managers', 'managedSites', 'managers', 'managedSites', 'managers', 'managedSites', 'managers'], 'id')} } }`, {}, manager);
    // Depth 10 is allowed; this one is refused only by its cost (10^8), never by its depth.
    expect(expectError(r, 'BAD_USER_INPUT').extensions.limit).toBe('cost');
    const shallow = await hub.gql(`{ inspectionTeams { members { account { teams { members { account { teams { id name } } } } } } } }`, {}, inspector);
    expect(shallow.errors).toBeUndefined();
    expect(shallow.data.inspectionTeams.length).toBe(2);
  });

  it('30 aliases', async () => {
    const r = await hub.gql(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, {}, manager);
    expect(r.errors).toBeUndefined();
    expect(Object.keys(r.data)).toHaveLength(30);
  });

  it('a document of 2,000 tokens', async () => {
    // `{ me { id username displayName role active createdAt } }` is 11 tokens; each fragment adds 9
    // (`...Fi` and `fragment Fi on Account { id }`): 11 + 221 × 9 = 2,000.
    const q = (extra: string) =>
      `{ me { id username displayName role active createdAt ${extra} ${Array.from({ length: 221 }, (_, i) => `...F${i}`).join(' ')} } } ${Array.from({ length: 221 }, (_, i) => `fragment F${i} on Account { id }`).join(' ')}`;
    const r = await hub.gql(q(''), {}, manager);
    expect(r.errors).toBeUndefined();
    expect(r.data.me.username).toBeTruthy();
    expectRefused(await hub.gql(q('__typename'), {}, manager), 'tokens');
  });

  it('the same field repeated thousands of times is refused by graphql-js (its overlap check has a budget), with a code', async () => {
    const r = await hub.gql(`{ me { ${'id '.repeat(1500)}} }`, {}, manager);
    expect(expectError(r, 'BAD_USER_INPUT').message).toMatch(/aborted/i);
  });

  it('a cost under the maximum is answered, over it refused', async () => {
    // sites(first: 500) { nodes { inspections(first: 100) { id } } }: 1 + 500 × (1 + 100) = 50,501.
    const one = `sites(first: 500) { nodes { inspections(first: 100) { id } } }`;
    const copies = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
    const r = await hub.gql(copies(3), {}, command); // 151,503
    expect(r.errors).toBeUndefined();
    expect(expectRefused(await hub.gql(copies(4), {}, command), 'cost').extensions.value).toBe(202_004);
  });

  it("the benchmark's nested and 4-level reads and the standard introspection query", async () => {
    for (const q of [NESTED_READ, NESTED_READ_DISPUTES, getIntrospectionQuery()]) {
      const r = await hub.gql(q, {}, command);
      expect(r.errors).toBeUndefined();
    }
  });
});

describe('page sizes have a maximum, checked before anything runs', () => {
  const cases: [string, string, Record<string, unknown>, string, string][] = [
    ['sites(first: 501)', `{ sites(first: 501) { totalCount } }`, {}, 'first', 'Query.sites'],
    ['sites(first: $n) with n = 501', `query($n: Int) { sites(first: $n) { totalCount } }`, { n: 501 }, 'first', 'Query.sites'],
    ['sites(first: -1)', `{ sites(first: -1) { totalCount } }`, {}, 'first', 'Query.sites'],
    ['Site.inspections(first: 101)', `{ sites(first: 1) { nodes { inspections(first: 101) { id } } } }`, {}, 'first', 'Site.inspections'],
    ['inspectionsDue(filter: {limit: 501})', `{ inspectionsDue(filter: { limit: 501 }) { site { id } } }`, {}, 'filter.limit', 'Query.inspectionsDue'],
    ['supplies.deliveries(last: 201)', `{ supplies { deliveries(last: 201) { id } } }`, {}, 'last', 'SupplyItem.deliveries'],
    ['findings(first: 100000)', `{ findings(first: 100000) { totalCount } }`, {}, 'first', 'Query.findings'],
  ];
  it.each(cases)('%s', async (_name, q, vars, field, where) => {
    const e = expectRefused(await hub.gql(q, vars, command), 'pageSize');
    expect(e.extensions.field).toBe(field);
    expect(e.message).toContain(where);
  });

  it('the maxima themselves are answered', async () => {
    for (const q of [`{ sites(first: 500) { totalCount } }`, `{ inspectionsDue(filter: { limit: 500 }) { site { id } } }`, `{ supplies { deliveries(last: 200) { id } } }`, `{ sites(first: 1) { nodes { inspections(first: 100) { id } } } }`]) {
      const r = await hub.gql(q, {}, command);
      expect(r.errors).toBeUndefined();
    }
  });
});

describe('the GraphQL path', () => {
  it('refuses batched requests and persisted-query hashes with a code', async () => {
    const batch = await fetch(hub.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const apq = await fetch(hub.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } } }),
    });
    const body = (await apq.json()) as any;
    expect(body.data).toBeUndefined();
    expect(['BAD_USER_INPUT']).toContain(body.errors[0].extensions.code);
  });

  it('applies the limits to GET requests', async () => {
    const q = `{ me { ${nest(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'managers' : 'managedSites')), 'id')} } }`;
    const res = await fetch(`${hub.graphqlUrl}?query=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${manager}`, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-sql-statements')).toBe('0');
    expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
  });

  it('applies the same limits to subscriptions over graphql-ws', async () => {
    const client = createClient({ url: hub.graphqlUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${command}` }, retryAttempts: 0 });
    try {
      const errors = await new Promise<any[]>((resolve, reject) => {
        client.subscribe(
          { query: `subscription { ${Array.from({ length: 31 }, (_, i) => `a${i}: events { id }`).join(' ')} }` },
          { next: () => reject(new Error('an event arrived')), error: (e) => resolve(e as any[]), complete: () => reject(new Error('completed without an error')) },
        );
      });
      expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'aliases' });
    } finally {
      await client.dispose();
    }
  });

  it('development keeps "Did you mean" suggestions and introspection without a token', async () => {
    const r = await hub.gql(`{ me { usernam } }`, {}, manager);
    expect(expectError(r, 'BAD_USER_INPUT').message).toMatch(/Did you mean "username"\?/);
    const i = await hub.gql(`{ __schema { queryType { name } } }`);
    expect(i.errors).toBeUndefined();
    expect(i.data.__schema.queryType.name).toBe('Query');
  });
});

describe('production mode', () => {
  let prod: TestHub;
  let token: string;
  beforeAll(async () => {
    prod = await startTestHub({ env: { NODE_ENV: 'production' } });
    token = await prod.login((await makeAccount(prod.ds, 'FACILITY_MANAGER')).username);
  });
  afterAll(() => prod.stop());

  it('validation errors carry no suggestions', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`{ me { usernam } }`, {}],
      [`{ sits(first: 1) { totalCount } }`, {}],
      [`{ sites(filter: { kinds: [HOTELL] }) { totalCount } }`, {}],
      [`query($k: [SiteKind!]) { sites(filter: { kinds: $k }) { totalCount } }`, { k: ['HOTELL'] }],
    ];
    for (const [q, vars] of cases) {
      // The same mistakes in development do get suggestions (so this test can fail).
      expect(expectError(await hub.gql(q, vars, command), 'BAD_USER_INPUT').message).toMatch(/Did you mean/);
      const r = await prod.gql(q, vars, token);
      const e = expectError(r, 'BAD_USER_INPUT');
      expect(e.message).not.toMatch(/Did you mean/);
      expect(e.message.length).toBeGreaterThan(10);
    }
  });

  it('introspection needs a signed-in token', async () => {
    const anon = await prod.gql(`{ __schema { queryType { name } } }`);
    expect(expectError(anon, 'UNAUTHENTICATED').message).toMatch(/introspection/);
    expect(anon.status).toBe(401);
    expect(expectError(await prod.gql(`{ __type(name: "Site") { name } }`), 'UNAUTHENTICATED')).toBeDefined();
    expectError(await prod.gql(`{ __schema { queryType { name } } }`, {}, undefined, { authorization: 'Bearer not-a-token' }), 'UNAUTHENTICATED');
    const signedIn = await prod.gql(getIntrospectionQuery(), {}, token);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data.__schema.queryType.name).toBe('Query');
    // __typename is not introspection.
    expect((await prod.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  it('limits hold in production too', async () => {
    const q = `{ me { ${nest(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'managers' : 'managedSites')), 'id')} } }`;
    expect(expectError(await prod.gql(q, {}, token), 'BAD_USER_INPUT').extensions.limit).toBe('depth');
  });
});

describe('the per-request deadline', () => {
  /** A token for a new account, signed directly: a login (argon2) may itself outlast a tiny budget. */
  async function tokenFor(h: TestHub, role: 'COMMAND') {
    const account = await makeAccount(h.ds, role);
    return (await h.server.services.tokens.sign({ accountId: account.id, role })).token;
  }

  /** Holds an ACCESS EXCLUSIVE lock on `site` until released: any statement reading it waits. */
  async function lockSites(dbUrl: string) {
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    await c.query('BEGIN');
    await c.query('LOCK TABLE site IN ACCESS EXCLUSIVE MODE');
    return {
      /** Resolves once `n` statements of the hub wait for the lock. */
      async waiters(n: number) {
        for (;;) {
          const [{ count }] = (await c.query(`SELECT count(*)::int AS count FROM pg_locks WHERE NOT granted AND relation = 'site'::regclass`)).rows;
          if (count >= n) return;
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      async release() {
        await c.query('ROLLBACK');
        await c.end();
      },
    };
  }

  it('a statement past STATEMENT_TIMEOUT_MS is cancelled: SERVICE_UNAVAILABLE, through both executors, and the connections go back to the pool', async () => {
    const slow = await startTestHub({ env: { STATEMENT_TIMEOUT_MS: '200' } });
    try {
      const token = await tokenFor(slow, 'COMMAND');
      await makeSite(slow.ds);
      const lock = await lockSites(slow.dbUrl);
      try {
        // More requests than the pool has connections (12), half through graphql-js.
        const rs = await Promise.all(
          Array.from({ length: 16 }, (_, i) => slow.gql(`{ sites(first: 5) { nodes { id name } } }`, {}, token, i % 2 ? { 'x-epi-executor': 'graphql-js' } : {})),
        );
        for (const r of rs) {
          const e = expectError(r, 'SERVICE_UNAVAILABLE');
          expect(e.message).toMatch(/STATEMENT_TIMEOUT_MS/);
        }
      } finally {
        await lock.release();
      }
      const after = await slow.gql(`{ sites(first: 5) { nodes { id } } }`, {}, token);
      expect(after.errors).toBeUndefined();
      expect(after.data.sites.nodes).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });

  it('a query past REQUEST_TIMEOUT_MS is answered SERVICE_UNAVAILABLE while its statement still waits; a mutation past it rolls back', async () => {
    const slow = await startTestHub({ env: { REQUEST_TIMEOUT_MS: '500' } });
    try {
      const token = await tokenFor(slow, 'COMMAND');
      const lock = await lockSites(slow.dbUrl);
      try {
        const r = await slow.gql(`{ sites(first: 5) { nodes { id } } }`, {}, token, { 'x-epi-executor': 'graphql-js' });
        // The lock is still held: the answer came from the budget, not from the database.
        expect(expectError(r, 'SERVICE_UNAVAILABLE').message).toMatch(/REQUEST_TIMEOUT_MS/);

        const name = `Deadline Hotel ${randomUUID().slice(0, 8)}`;
        const pending = slow.gql(
          `mutation($input: CreateSiteInput!) { createSite(input: $input) { id } }`,
          { input: { idempotencyKey: randomUUID(), kind: 'HOTEL', name, address: 'Main Street 1', district: '凤州', latitude: 33.91, longitude: 106.52, roomCount: 10, guestRegistrationSystem: 'system' } },
          token,
        );
        await Promise.race([lock.waiters(2), pending]); // the query's statement and the mutation's wait
        await new Promise((r) => setTimeout(r, 700)); // past the mutation's budget while it waits
        await lock.release();
        const m = await pending;
        expect(expectError(m, 'SERVICE_UNAVAILABLE').message).toMatch(/REQUEST_TIMEOUT_MS/);
        expect(await slow.ds.query(`SELECT id FROM site WHERE name = $1`, [name])).toEqual([]);
      } finally {
        await lock.release().catch(() => undefined);
      }
      const after = await slow.gql(`{ sites(first: 5) { totalCount } }`, {}, token);
      expect(after.errors).toBeUndefined();
    } finally {
      await slow.stop();
    }
  });

  it('/healthz answers while a request waits on the database', async () => {
    const token = command;
    const lock = await lockSites(hub.dbUrl);
    let done = false;
    const pending = hub.gql(`{ sites(first: 5) { totalCount } }`, {}, token).then((r) => {
      done = true;
      return r;
    });
    try {
      await lock.waiters(1);
      const h = await fetch(`${hub.url}/healthz`);
      expect(h.status).toBe(200);
      expect(await h.json()).toEqual({ status: 'ok' });
      expect(done).toBe(false);
    } finally {
      await lock.release();
    }
    expect((await pending).errors).toBeUndefined();
  });
});
