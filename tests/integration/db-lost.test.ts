import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/*
 * The database connections die under load (pg_terminate_backend on every backend of the hub's
 * database, again and again). Every request must then either succeed or say SERVICE_UNAVAILABLE
 * (HTTP 503 where the failure is the request's as a whole): never INTERNAL_SERVER_ERROR, never a
 * 500, and the hub answers normally once the database is back.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = new Date('2026-11-20T08:00:00Z');
});
afterAll(() => hub.stop());

interface Outcome {
  what: string;
  status: number;
  codes: string[];
}

/** Terminates every backend of the hub's database (not this one's) until `stop` resolves; returns how many it killed. */
async function killBackends(dbName: string, stop: Promise<void>): Promise<number> {
  const admin = new PgClient({ connectionString: process.env.EPI_TEST_SERVER_URL });
  // Its own connection ends with the server at teardown: no unhandled 'error' event then.
  admin.on('error', () => undefined);
  await admin.connect();
  let done = false;
  void stop.then(() => (done = true));
  let killed = 0;
  try {
    while (!done) {
      const r = await admin.query(`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      killed += r.rows[0].n;
      await new Promise((res) => setTimeout(res, 40 + Math.random() * 80));
    }
  } finally {
    await admin.end();
  }
  return killed;
}

describe('a lost database', () => {
  it('is SERVICE_UNAVAILABLE every time, over GraphQL (queries, mutations, sign-in, context) and plain HTTP routes', async () => {
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, site.id, manager.id);
    const command = await makeAccount(hub.ds, 'COMMAND');
    const tManager = await hub.login(manager.username);
    const tCommand = await hub.login(command.username);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
    const up = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${tManager}` }, body: pdf });
    expect(up.status).toBe(201);
    const file = ((await up.json()) as { id: string }).id;
    // Sign-ins rotate over a few accounts: one account signing in many times at once is not the point here.
    const signers = await Promise.all(Array.from({ length: 6 }, async () => (await makeAccount(hub.ds, 'INSPECTOR')).username));
    let signed = 0;

    const gqlCall = (what: string, query: string, variables: Record<string, unknown>, token?: string) => async (): Promise<Outcome> => {
      const r = await hub.gql(query, variables, token);
      return { what, status: r.status, codes: (r.errors ?? []).map((e) => e.extensions?.code) };
    };
    const httpCall = (what: string, path: string, token: string) => async (): Promise<Outcome> => {
      const res = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { errors?: { extensions: { code: string } }[] }) : (await res.arrayBuffer(), {});
      return { what, status: res.status, codes: ('errors' in body ? body.errors ?? [] : []).map((e) => e.extensions.code) };
    };
    const calls = [
      gqlCall('me', `{ me { username role } }`, {}, tManager),
      gqlCall('sites', `{ sites(first: 10) { totalCount nodes { id name } } }`, {}, tCommand),
      gqlCall('findings', `{ findings(first: 10) { totalCount } }`, {}, tCommand),
      () => gqlCall('login', `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: signers[++signed % signers.length], p: TEST_PASSWORD })(),
      () =>
        gqlCall(
          'recordDisinfection',
          `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`,
          {
            i: {
              siteId: site.id,
              idempotencyKey: randomUUID(),
              area: 'LOBBY',
              agent: 'CHLORINE',
              concentration: 500,
              concentrationUnit: 'MG_PER_L',
              method: 'SPRAY',
              startedAt: new Date(hub.clock.now.getTime() - 3_600_000).toISOString(),
              durationMinutes: 30,
            },
          },
          tManager,
        )(),
      httpCall('attachment', `/attachments/${file}`, tManager),
      // Signing in a WebSocket: accepted, or closed with 1013 "try again later" (never 4403 "forbidden", never 4500).
      async (): Promise<Outcome> => {
        let client: Client | undefined;
        const code = await new Promise<number>((resolve) => {
          client = createClient({
            url: hub.graphqlUrl.replace('http', 'ws'),
            webSocketImpl: WebSocket,
            connectionParams: { Authorization: `Bearer ${tManager}` },
            retryAttempts: 0,
            lazy: false,
            onNonLazyError: () => undefined,
            on: { connected: () => resolve(0), closed: (e) => resolve((e as { code: number }).code) },
          });
        });
        await client!.dispose();
        return { what: 'websocket', status: code === 0 ? 200 : code, codes: code === 1013 ? ['SERVICE_UNAVAILABLE'] : code === 0 ? [] : [`close ${code}`] };
      },
    ];

    // Baseline: with the database up, every call succeeds (so what follows is the kill's doing).
    for (const call of calls) {
      const o = await call();
      expect(o).toEqual({ what: o.what, status: 200, codes: [] });
    }

    let finish!: () => void;
    const stop = new Promise<void>((r) => (finish = r));
    const killer = killBackends(hub.dbUrl.split('/').pop()!.split('?')[0], stop);
    const outcomes: Outcome[] = [];
    const worker = async (w: number) => {
      for (let i = 0; i < 40; i++) outcomes.push(await calls[(w + i) % calls.length]());
    };
    await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
    finish();
    const killed = await killer;

    const bad = outcomes.filter((o) => (o.status >= 500 && o.status !== 503 && o.what !== 'websocket') || o.codes.some((c) => c !== 'SERVICE_UNAVAILABLE'));
    // On a failure, what the hub logged about it (the cause an 'Internal server error' hides).
    expect({ bad, logged: bad.length ? hub.errorLogs.filter((l) => l.includes('internal error')).map((l) => l.slice(0, 2000)) : [] }).toEqual({ bad: [], logged: [] });
    const unavailable = outcomes.filter((o) => o.codes.includes('SERVICE_UNAVAILABLE'));
    expect(killed).toBeGreaterThan(0);
    expect(unavailable.length).toBeGreaterThan(0);
    // A request that failed as a whole (sign-in, the context, a plain route) says 503.
    for (const o of unavailable) if (o.what === 'attachment') expect(o.status).toBe(503);
    for (const o of unavailable) if (o.what === 'websocket') expect(o.status).toBe(1013);

    // The database is back: everything answers again.
    for (const call of calls) {
      let o = await call();
      for (let attempt = 0; attempt < 5 && o.codes.includes('SERVICE_UNAVAILABLE'); attempt++) o = await call();
      expect(o).toEqual({ what: o.what, status: 200, codes: [] });
    }
    // 240 requests while the backends die: over a minute on a loaded 2-core machine.
  }, 180_000);
});
