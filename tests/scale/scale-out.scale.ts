import { createHash } from 'node:crypto';
import { makeDataSource } from '../../src/db/data-source';
import { makeAccount, makeSite } from '../fixtures/factory';
import { DB, startStack, type Hub, type Stack } from './stack';
import { tinyPng as png } from '../fixtures/samples';

/*
 * `npm run test:scale`: two hub processes on one database with a streaming replica, PgBouncer and
 * S3-compatible storage (tests/scale/stack.ts builds them).
 *   A: HUB_PROCESSES=2 (Node's cluster module), DATABASE_URL through PgBouncer 1.25 (transaction
 *      pooling, max_prepared_statements: built from vendor/ by scripts/scale/build-pgbouncer.sh),
 *      the read compiler's named prepared statements on (the default), the feed's LISTEN straight
 *      to the primary, reads on the replica.
 *   B: one process, DATABASE_URL straight to the primary, reads on the replica.
 * Both store attachments in the same bucket and sign tokens with the same secret.
 */
let stack: Stack;
let a: Hub;
let b: Hub;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  // Migrations first, once (as a deploy step would), then both hubs start at the same time.
  const ds = makeDataSource({ url: stack.primary.url(DB), poolSize: 2 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const admin = await makeAccount(ds, 'ADMIN');
  await makeSite(ds, { district: 'North', name: 'Seed site' });
  await ds.destroy();
  const replicaEnv = { DATABASE_READ_URLS: stack.replica.url(DB), REPLICA_MAX_LAG_MS: '600000', REPLICA_CHECK_INTERVAL_MS: '100' };
  [b, a] = await Promise.all([
    stack.startHub('b', { DATABASE_URL: stack.primary.url(DB), ...replicaEnv }),
    stack.startHub('a', {
      HUB_PROCESSES: '2',
      DATABASE_URL: stack.bouncerUrl,
      DATABASE_LISTEN_URL: stack.primary.url(DB),
      ...replicaEnv,
    }),
  ]);
  token = await login(a, admin.username);
}, 170_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

async function gql(hub: Hub, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, data: body.data, errors: body.errors, lsn: res.headers.get('x-hub-lsn'), sql: Number(res.headers.get('x-sql-statements')) };
}

async function login(hub: Hub, username: string): Promise<string> {
  const r = await gql(hub, `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: username, p: 'test-password-1' });
  if (!r.data?.login?.token) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}

/** Polls (bounded) until `cond` holds. */
async function until(cond: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const SITE = `query($id: ID!) { site(id: $id) { id name district } }`;
const SITES = `query($d: String!) { sites(filter: { districts: [$d] }, first: 20) { nodes { id name } } }`;
const SITES_WITH_DISTRICT = `query($d: String!) { sites(filter: { districts: [$d] }, first: 20) { nodes { id name district } } }`;
const REPORT = `query($from: DateTime!, $to: DateTime!, $d: String) { report(period: { from: $from, to: $to }, district: $d) { inspections { total sitesInspected } findings { total } checkpoint { tallies } disinfection { siteKind sites requirements } } }`;

/** Calls of statements whose text contains `marker`, on one server. */
async function calls(server: Stack['primary'], marker: string): Promise<number> {
  const [row] = await server.query(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query LIKE $1`, [`%${marker}%`], DB);
  return row.n;
}
/** The read compiler's statements (src/read-compiler/compiler.ts). */
const COMPILED = '::text AS body';
const resetStatements = () => Promise.all([stack.primary.query('SELECT pg_stat_statements_reset()', [], DB), stack.replica.query('SELECT pg_stat_statements_reset()', [], DB)]);

describe('scale-out on PostgreSQL', () => {
  it('runs A as two cluster workers and both processes are ready with the replica up', async () => {
    // Ready as soon as one worker listens; both do once each has started.
    await until(async () => (a.output().match(/"msg":"hub listening"/g) ?? []).length >= 2, "A's second worker");
    expect(a.output().match(/"msg":"hub listening"/g)).toHaveLength(2);
    for (const hub of [a, b]) {
      const r = await fetch(`${hub.url}/readyz`);
      expect(r.status).toBe(200);
      const body = (await r.json()) as any;
      expect(body.replicas).toEqual([expect.objectContaining({ up: true })]);
    }
  });

  it('a write through A is read through B at once, even with the replica paused; without the token B reads the replica', async () => {
    await stack.replica.query('SELECT pg_wal_replay_pause()');
    try {
      const created = await gql(a, `mutation($i: CreateSiteInput!) { createSite(input: $i) { id name } }`, {
        i: { idempotencyKey: 'scale-1', kind: 'HOTEL', name: 'Written through A', address: 'Road 1', district: 'North' },
      });
      expect(created.errors).toBeUndefined();
      expect(created.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const id = created.data.createSite.id;

      // With the token: B serves it from the primary (the paused replica has not replayed it),
      // through the read compiler (sign-in + one statement).
      await resetStatements();
      const seen = await gql(b, SITE, { id }, { 'x-hub-lsn': created.lsn! });
      expect(seen.data.site).toEqual({ id, name: 'Written through A', district: 'North' });
      expect(seen.sql).toBe(2);
      expect(await calls(stack.primary, COMPILED)).toBe(1);
      expect(await calls(stack.replica, COMPILED)).toBe(0);

      // Without it: B's compiled read goes to the replica, which does not have the site yet.
      const stale = await gql(b, SITE, { id });
      expect(stale.errors).toBeUndefined();
      expect(stale.data.site).toBeNull();

      // A behind PgBouncer (transaction pooling): the token sends its compiled reads to the
      // primary through the pooler; 30 at once over its two workers' pools, each answered by the
      // compiled statement (a prepared statement the pooler lost would fall back to graphql-js).
      await resetStatements();
      const many = await Promise.all(Array.from({ length: 30 }, () => gql(a, SITES, { d: 'North' }, { 'x-hub-lsn': created.lsn! })));
      for (const r of many) {
        expect(r.errors).toBeUndefined();
        expect(r.data.sites.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['Seed site', 'Written through A']);
      }
      expect(await calls(stack.primary, COMPILED)).toBe(30);
    } finally {
      await stack.replica.query('SELECT pg_wal_replay_resume()');
    }
    // Replay resumed: B's replica serves the site without the token.
    await until(async () => {
      const r = await gql(b, SITES, { d: 'North' });
      return r.data?.sites.nodes.length === 2;
    }, 'the replica to replay the new site');
  });

  it('PgBouncer in transaction mode pools the read compiler\'s named prepared statements: 80 reads at once from 20 pooled clients on 4 server connections', async () => {
    expect({ version: stack.bouncerVersion.join('.'), prepared: stack.preparedThroughBouncer }).toEqual({ version: '1.25.2', prepared: true }); // else: bash scripts/scale/build-pgbouncer.sh
    const total = (rows: Record<string, string>[]) => {
      const row = rows.find((r) => r.database === DB);
      return { clientParse: Number(row?.total_client_parse_count ?? 0), serverParse: Number(row?.total_server_parse_count ?? 0), bind: Number(row?.total_bind_count ?? 0) };
    };
    await stack.replica.query('SELECT pg_wal_replay_pause()');
    try {
      // Two sites written through A; its token (replay paused) sends A's compiled reads to the
      // primary, i.e. through PgBouncer.
      const written: { id: string; name: string; district: string }[] = [];
      let lsn = '';
      for (const [n, district] of [['Pooled East one', 'East'], ['Pooled East two', 'East']]) {
        const r = await gql(a, `mutation($i: CreateSiteInput!) { createSite(input: $i) { id name district } }`, { i: { idempotencyKey: `pooled-${n}`, kind: 'HOTEL', name: n, address: 'Road 3', district } });
        expect(r.errors).toBeUndefined();
        written.push(r.data.createSite);
        lsn = r.lsn!;
      }
      const before = total(await stack.bouncerAdmin('SHOW STATS'));
      await resetStatements();
      // Three statement shapes (two lists, one object), 80 requests at once over A's two workers
      // (DB_POOL_SIZE 10 each: 20 PgBouncer clients) and PgBouncer's 4 server connections.
      const requests = Array.from({ length: 80 }, (_, i) => {
        if (i % 3 === 0) return { q: SITES, v: { d: 'East' }, check: (d: any) => expect(d.sites.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['Pooled East one', 'Pooled East two']) };
        if (i % 3 === 1) return { q: SITES_WITH_DISTRICT, v: { d: 'East' }, check: (d: any) => expect(d.sites.nodes.map(({ id, ...n }: { id: string }) => n)).toEqual([{ name: 'Pooled East one', district: 'East' }, { name: 'Pooled East two', district: 'East' }]) };
        const site = written[i % 2];
        return { q: SITE, v: { id: site.id }, check: (d: any) => expect(d.site).toEqual(site) };
      });
      const answers = await Promise.all(requests.map((r) => gql(a, r.q, r.v, { 'x-hub-lsn': lsn })));
      answers.forEach((r, i) => {
        expect(r.errors).toBeUndefined();
        requests[i].check(r.data);
      });
      // Every one answered by its compiled statement on the primary (none fell back to graphql-js)…
      expect(await calls(stack.primary, COMPILED)).toBe(80);
      // …bound by name through PgBouncer: the client-side names it tracks (Bind of a named
      // statement; SHOW STATS folds its totals every stats_period = 1 s), each prepared at most
      // once per server connection.
      let after = before;
      await until(async () => {
        after = total(await stack.bouncerAdmin('SHOW STATS'));
        return after.bind - before.bind >= 160;
      }, "PgBouncer's statistics to count the binds");
      // Two named statements per request: the signed-in account's lookup (src/common/prepared.ts;
      // with read replicas the hub does not check a remembered account inside the read, src/server.ts)
      // and the compiled read. The hubs' background work binds named statements of its own in the
      // same seconds (the audit sealer's look-back, once a second per process): a few more at most,
      // where a third statement per request would be 80 more and one fewer 80 fewer.
      expect(after.bind - before.bind).toBeGreaterThanOrEqual(160);
      expect(after.bind - before.bind).toBeLessThan(170);
      expect(after.clientParse).toBeGreaterThan(0);
      expect(after.serverParse - before.serverParse).toBeLessThanOrEqual(stack.bouncerPoolSize * 4);
      const servers = (await stack.bouncerAdmin('SHOW SERVERS')).filter((r) => r.database === DB);
      expect(servers.length).toBeLessThanOrEqual(stack.bouncerPoolSize);
      expect(servers.reduce((n, r) => n + Number(r.prepared_statements), 0)).toBeGreaterThan(0);
      const clients = (await stack.bouncerAdmin('SHOW CLIENTS')).filter((r) => r.database === DB);
      expect(clients.length).toBeGreaterThan(stack.bouncerPoolSize);
    } finally {
      await stack.replica.query('SELECT pg_wal_replay_resume()');
    }
  });

  it('serves reports from the replica: the report statements run there, none on the primary, with the same figures', async () => {
    const period = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
    // A district's report reads its sites' rows directly (no day sets to build on the primary).
    await resetStatements();
    const onReplica = await gql(b, REPORT, { ...period, d: 'North' });
    expect(onReplica.errors).toBeUndefined();
    expect(await calls(stack.replica, 'checkpoint_tally')).toBeGreaterThan(0);
    expect(await calls(stack.primary, 'checkpoint_tally')).toBe(0);
    // The same report forced onto the primary (a token the replica has not reached while paused).
    await stack.replica.query('SELECT pg_wal_replay_pause()');
    try {
      const write = await gql(a, `mutation($i: CreateSiteInput!) { createSite(input: $i) { id } }`, {
        i: { idempotencyKey: 'scale-2', kind: 'HOTEL', name: 'Elsewhere', address: 'Road 2', district: 'South' },
      });
      await resetStatements();
      const onPrimary = await gql(b, REPORT, { ...period, d: 'North' }, { 'x-hub-lsn': write.lsn! });
      expect(await calls(stack.primary, 'checkpoint_tally')).toBeGreaterThan(0);
      expect(await calls(stack.replica, 'checkpoint_tally')).toBe(0);
      expect(onPrimary.data).toEqual(onReplica.data);
    } finally {
      await stack.replica.query('SELECT pg_wal_replay_resume()');
    }

    // The whole county: day sets are built on the primary first; once the replica has replayed
    // them, the sections run on the replica.
    await gql(b, REPORT, period);
    await until(async () => {
      await resetStatements();
      const r = await gql(b, REPORT, period);
      return !r.errors && (await calls(stack.replica, 'checkpoint_tally')) > 0;
    }, 'the county report to be served from the replica');
    expect(await calls(stack.primary, 'checkpoint_tally')).toBe(0);
  });

  it('an attachment uploaded through A downloads through B (one bucket, content-addressed)', async () => {
    const pngBytes = png();
    const up = await fetch(`${a.url}/attachments?fileName=scale.png`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` }, body: pngBytes });
    expect(up.status).toBe(201);
    const { id, sha256 } = (await up.json()) as { id: string; sha256: string };
    expect(sha256).toBe(createHash('sha256').update(pngBytes).digest('hex'));
    const down = await fetch(`${b.url}/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).equals(pngBytes)).toBe(true);
  });

  it('loses no request when the replica stops: reads in flight and after go to the primary', async () => {
    const requests = 48;
    let done = 0;
    let stopped: Promise<void> | null = null;
    const results: { ok: boolean; detail: string }[] = [];
    const one = async (i: number) => {
      const r = i % 3 === 0 ? await gql(b, REPORT, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', d: 'North' }) : await gql(b, SITES, { d: 'North' });
      results.push({ ok: r.status === 200 && !r.errors, detail: JSON.stringify(r.errors ?? r.status) });
      done += 1;
      // A third of the way in, stop the replica (fast shutdown: its sessions are terminated).
      if (done === requests / 3) stopped = Promise.resolve().then(() => stack.replica.stop('fast'));
    };
    // Four clients, each sending its requests one after another.
    await Promise.all(Array.from({ length: 4 }, (_, c) => (async () => {
      for (let i = c; i < requests; i += 4) await one(i);
    })()));
    await stopped;
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(requests);
    const ready = await fetch(`${b.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).replicas).toEqual([expect.objectContaining({ up: false })]);
    // Reads still answer, from the primary.
    const after = await gql(b, SITES, { d: 'North' });
    expect(after.data.sites.nodes).toHaveLength(2);
  });
});

