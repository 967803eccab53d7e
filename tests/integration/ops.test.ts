import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { stopOrphanedPostmaster } from '../../src/db/embedded';
import { buildServer, startArgs } from '../../scripts/build-server';
import { startTestHub, waitFor } from '../helpers/harness';

/**
 * The hub as an operator runs it: a real child process (`src/main.ts` through tsx, or as `npm
 * start` runs it: the build in dist/) on the embedded PostgreSQL in a temporary DATA_DIR. Slow
 * (initdb, migrations, demo data), so few cases.
 */
jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

interface RunningHub {
  child: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<{ status: number; data?: T; errors?: { message: string; extensions: { code: string } }[] }>;
  login(username?: string): Promise<string>;
}

function tempDataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-hub-ops-'));
  dirs.push(d);
  return d;
}

/**
 * Starts `src/main.ts` with node and tsx's loader in one process (the tsx CLI would put a wrapper
 * process in between, and a SIGKILL must reach the hub itself). No DATABASE_URL: embedded.
 * `built`: as `npm start` does instead, the JavaScript build (scripts/build-server.ts, rebuilt
 * when stale) with the start script's node flags; its migrations and entities are the built ones.
 */
async function startHub(dataDir: string, opts: { ownProcessGroup?: boolean; built?: boolean } = {}): Promise<RunningHub> {
  // PORT=0: the hub takes a free port and logs it. (Choosing one here and passing it raced with the
  // other test files' servers, which could take it in between: readyz then reached the wrong hub.)
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development' };
  for (const k of ['DATABASE_URL', 'JWT_SECRET', 'DEMO_DATA', 'BODY_LIMIT']) delete env[k];
  // ownProcessGroup: like a job started in a terminal, whose Ctrl-C goes to its whole group.
  if (opts.built) buildServer();
  const child = spawn(process.execPath, opts.built ? startArgs(ROOT) : ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: !!opts.ownProcessGroup });
  children.push(child);
  const logs: string[] = [];
  const collect = (buf: Buffer) => logs.push(...buf.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = performance.now() + 180_000;
  let url = '';
  for (;;) {
    if (gone) throw new Error(`hub exited during start:\n${logs.slice(-20).join('\n')}`);
    if (performance.now() > deadline) throw new Error(`hub not ready in time:\n${logs.slice(-20).join('\n')}`);
    const listening = logs.find((l) => l.includes('"msg":"hub listening"'));
    if (listening) {
      url = `http://127.0.0.1:${new URL(JSON.parse(listening).url as string).port}`;
      if (await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false)) break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string, headers: Record<string, string> = {}): Promise<{ status: number; data?: any; errors?: { message: string; extensions: { code: string } }[] }> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  };
  return {
    child,
    url,
    logs,
    exited,
    gql,
    async login(username = 'admin') {
      const r = await gql(`mutation($u: String!) { login(input: { username: $u, password: "demo1234" }) { token } }`, { u: username });
      if (!r.data?.login?.token) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login.token as string;
    },
  };
}

async function sigterm(h: RunningHub): Promise<number | null> {
  h.child.kill('SIGTERM');
  return h.exited;
}

/**
 * The hub processes started here run on the machine clock (nothing can pin it from outside); an
 * entry's start ten minutes before it is input, not an expectation.
 */
const tenMinutesAgo = () => new Date(new Date().getTime() - 600_000).toISOString();

const logged = (h: RunningHub, msg: string) => h.logs.filter((l) => l.includes(`"msg":"${msg}`)).length;
/** Whether the hub has finished a request whose x-request-id starts with `prefix` (its access log line). */
const finished = (h: RunningHub, prefix: string) => h.logs.some((l) => l.includes('"msg":"request"') && l.includes(`"requestId":"${prefix}`));

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // A postmaster orphaned by a SIGKILL in a failed test: stop it by the pid in its own directory.
  for (const d of dirs) {
    await stopOrphanedPostmaster(path.join(d, 'pg')).catch(() => undefined);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

const CREATE_AGENCY = `mutation($c: String!) { createAgency(input: { code: $c, name: "Ops test agency", kind: OTHER }) { id code } }`;
const AGENCIES = `{ agencies { code } }`;

describe('the hub as a process on the embedded database', () => {
  it('loads the demo data on first start, keeps data across a restart and does not load the demo twice (as npm start runs it: the build)', async () => {
    const dir = tempDataDir();
    const first = await startHub(dir, { built: true });
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const token = await first.login('admin');
    const accounts = await first.gql(`{ accounts { username role } }`, {}, token);
    expect(accounts.data.accounts.map((a: { username: string }) => a.username)).toEqual(expect.arrayContaining(['admin', 'command', 'inspector', 'manager', 'reviewer']));
    for (const u of ['command', 'inspector', 'manager', 'reviewer', 'staff']) await first.login(u);
    // The demo is usable as documented: the inspectors' team is due at the manager's hotel, so
    // they may read its disinfection log, which the hotel's staff keep.
    const inspector = await first.login('inspector2');
    const due = await first.gql(`{ inspectionsDue { site { id name } plannedInspection { status } } }`, {}, inspector);
    const hotel = due.data.inspectionsDue.find((d: { plannedInspection: { status: string } | null }) => d.plannedInspection?.status === 'SCHEDULED');
    expect(hotel.site.name).toContain('凤州宾馆');
    const staffToken = await first.login('staff');
    const entry = await first.gql(
      `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { recordedBy { username } } }`,
      { i: { siteId: hotel.site.id, idempotencyKey: 'ops-demo-1', area: 'LOBBY', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'WIPE', startedAt: tenMinutesAgo(), durationMinutes: 15 } },
      staffToken,
    );
    expect(entry.data.recordDisinfection.recordedBy.username).toBe('staff');
    expect((await first.gql(`query($s: ID!) { disinfectionLog(siteId: $s) { totalCount } }`, { s: hotel.site.id }, inspector)).data.disinfectionLog.totalCount).toBe(1);
    const made = await first.gql(CREATE_AGENCY, { c: 'OPS-KEEP' }, token);
    expect(made.data.createAgency.code).toBe('OPS-KEEP');
    expect(logged(first, 'demo data loaded')).toBe(1);
    expect(await sigterm(first)).toBe(0);
    expect(logged(first, 'stopped cleanly')).toBe(1);

    const second = await startHub(dir, { built: true });
    expect(logged(second, 'demo data loaded')).toBe(0);
    // The token signed before the restart still works: the generated secret is kept in DATA_DIR.
    const again = await second.gql(`{ me { username } }`, {}, token);
    expect(again.data.me.username).toBe('admin');
    expect((await second.gql(AGENCIES, {}, token)).data.agencies.map((a: { code: string }) => a.code)).toContain('OPS-KEEP');
    const demoLoads = await second.gql(`{ auditEvents(filter: { action: "demo-data.load" }) { totalCount } }`, {}, token);
    expect(demoLoads.data.auditEvents.totalCount).toBe(1);
    expect((await second.gql(`{ accounts(role: ADMIN) { username } }`, {}, token)).data.accounts.filter((a: { username: string }) => a.username === 'admin')).toHaveLength(1);
    expect((await second.gql(`{ verifyAuditChain { ok unsealedEvents } }`, {}, token)).data.verifyAuditChain).toEqual({ ok: true, unsealedEvents: 0 });
    expect(await sigterm(second)).toBe(0);
  });

  it('recovers from SIGKILL: the orphaned postmaster is dealt with and committed data is there', async () => {
    const dir = tempDataDir();
    const first = await startHub(dir);
    const token = await first.login('admin');
    expect((await first.gql(CREATE_AGENCY, { c: 'OPS-KILL' }, token)).data.createAgency.code).toBe('OPS-KILL');
    first.child.kill('SIGKILL');
    await first.exited;
    const pid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(pid, 0)).not.toThrow(); // PostgreSQL outlived the hub

    const second = await startHub(dir);
    expect(() => process.kill(pid, 0)).toThrow(); // the orphan was stopped, a new postmaster runs
    const token2 = await second.login('admin');
    expect((await second.gql(AGENCIES, {}, token2)).data.agencies.map((a: { code: string }) => a.code)).toContain('OPS-KILL');
    const v = await second.gql(`{ verifyAuditChain { ok unsealedEvents } auditEvents(filter: { action: "agency.create" }) { nodes { sealed } } }`, {}, token2);
    expect(v.data.verifyAuditChain).toEqual({ ok: true, unsealedEvents: 0 });
    expect(v.data.auditEvents.nodes).toEqual([{ sealed: true }]);
    expect(await sigterm(second)).toBe(0);
  });

  it('a second hub started on a directory a running hub uses refuses to start and leaves the running one alone', async () => {
    const dir = tempDataDir();
    const first = await startHub(dir);
    const token = await first.login('admin');
    const pid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

    await expect(startHub(dir)).rejects.toThrow(/is in use by process \d+ \(another hub\?\)/);
    expect(() => process.kill(pid, 0)).not.toThrow(); // the running hub's postmaster is untouched
    expect(Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])).toBe(pid);
    expect((await first.gql(CREATE_AGENCY, { c: 'OPS-TWICE' }, token)).data.createAgency.code).toBe('OPS-TWICE');
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(await sigterm(first)).toBe(0);
    // Stopped cleanly, the directory is free again.
    const again = await startHub(dir);
    const token2 = await again.login('admin');
    expect((await again.gql(AGENCIES, {}, token2)).data.agencies.map((a: { code: string }) => a.code)).toContain('OPS-TWICE');
    expect(await sigterm(again)).toBe(0);
  });

  it('SIGTERM during mutations: each change is there with its audit event, or neither; the hub stops cleanly', async () => {
    const dir = tempDataDir();
    const hub = await startHub(dir);
    const token = await hub.login('admin');
    // Enough that some are still being hashed (argon2id, four at a time) when the signal lands, even
    // when the first answer reaches the test late on a loaded machine (with 12, all had finished once).
    const names = Array.from({ length: 24 }, (_, i) => `term-${i}`);
    const results = names.map((username) =>
      hub
        .gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id username } }`, { i: { username, displayName: username, password: 'long-enough-1', role: 'INSPECTOR' } }, token, { 'x-request-id': `create-${username}` })
        .then((r) => (r.data?.createAccount ? 'created' : `error ${JSON.stringify(r.errors)}`), (e: Error) => `failed ${e.message}`),
    );
    // argon2 makes each createAccount take a while (a few at a time on libuv's thread pool):
    // signal once the first has finished, while the others are in flight.
    await waitFor(() => finished(hub, 'create-'), 'the first createAccount to finish', { timeoutMs: 60_000, everyMs: 5 });
    hub.child.kill('SIGTERM');
    const outcomes = await Promise.all(results);
    expect(await hub.exited).toBe(0);
    expect(logged(hub, 'stopped cleanly')).toBe(1);
    const drainAt = hub.logs.findIndex((l) => l.includes('"msg":"draining'));
    expect(drainAt).toBeGreaterThan(-1);
    // At least one mutation was still running when the signal came, and was let finish.
    expect(hub.logs.slice(drainAt).some((l) => l.includes('"msg":"request"') && l.includes('"status":200'))).toBe(true);

    const after = await startHub(dir);
    const t2 = await after.login('admin');
    const accounts = (await after.gql(`{ accounts(role: INSPECTOR) { id username } }`, {}, t2)).data.accounts as { id: string; username: string }[];
    const events = (await after.gql(`{ auditEvents(filter: { action: "account.create" }, first: 500) { nodes { entityId changes { field after } } } }`, {}, t2)).data.auditEvents.nodes as {
      entityId: string;
      changes: { field: string; after: unknown }[];
    }[];
    const eventUsernames = events.map((e) => e.changes.find((c) => c.field === 'username')?.after);
    names.forEach((username, i) => {
      const account = accounts.find((a) => a.username === username);
      const hasEvent = events.some((e) => e.entityId === account?.id) || eventUsernames.includes(username);
      // Both or neither; and a mutation the client saw succeed is certainly there.
      expect({ username, account: !!account, event: hasEvent }).toEqual({ username, account: !!account, event: !!account });
      if (outcomes[i] === 'created') expect(account).toBeDefined();
    });
    expect(outcomes.filter((o) => o === 'created').length).toBeGreaterThan(0);
    expect((await after.gql(`{ verifyAuditChain { ok unsealedEvents } }`, {}, t2)).data.verifyAuditChain).toEqual({ ok: true, unsealedEvents: 0 });
    expect(await sigterm(after)).toBe(0);
  });
});

describe('health and readiness', () => {
  it('Ctrl-C (SIGINT to the whole process group, as a terminal sends it) drains: PostgreSQL is not in that group', async () => {
    const dir = tempDataDir();
    const hub = await startHub(dir, { ownProcessGroup: true });
    const postmaster = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const groupOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]);
    expect(groupOf(postmaster)).not.toBe(groupOf(hub.child.pid!));
    const token = await hub.login('admin');
    // Enough that some are still being hashed (argon2id, four at a time) when the signal lands, even
    // when the first answer reaches the test late on a loaded machine (with 8, all had finished once).
    const names = Array.from({ length: 24 }, (_, i) => `ctrlc-${i}`);
    const results = names.map((username) =>
      hub
        .gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id username } }`, { i: { username, displayName: username, password: 'long-enough-1', role: 'INSPECTOR' } }, token, { 'x-request-id': `create-${username}` })
        .then((r) => (r.data?.createAccount ? 'created' : `error ${JSON.stringify(r.errors)}`), (e: Error) => `failed ${e.message}`),
    );
    await waitFor(() => finished(hub, 'create-'), 'the first createAccount to finish', { timeoutMs: 60_000, everyMs: 5 });
    process.kill(-hub.child.pid!, 'SIGINT');
    // Every mutation the hub took in finishes: the database stayed up while the hub drained (with
    // PostgreSQL in the hub's group, its fast shutdown fails them with INTERNAL_SERVER_ERROR). A
    // request still connecting when the hub stopped listening is refused ('failed'), never half done.
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o.startsWith('error'))).toEqual([]);
    expect(outcomes.filter((o) => o === 'created').length).toBeGreaterThan(0);
    expect(await hub.exited).toBe(0);
    const drainAt = hub.logs.findIndex((l) => l.includes('"msg":"draining'));
    expect(hub.logs.slice(drainAt).some((l) => l.includes('"msg":"request"') && l.includes('"status":200'))).toBe(true);
    expect(logged(hub, 'stopped cleanly')).toBe(1);
    // The hub stops its PostgreSQL on the way out: the postmaster goes (waited for, not slept on).
    const alive = () => {
      try {
        process.kill(postmaster, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(), 'the postmaster to exit', { timeoutMs: 30_000, everyMs: 50 });
    expect(alive()).toBe(false);
  });

  it('/healthz is 200 while the process lives; /readyz is 200, 503 while the database is unreachable, then 200 again', async () => {
    const hub = await startTestHub();
    const dbName = new URL(hub.dbUrl).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.EPI_TEST_SERVER_URL });
    await admin.connect();
    try {
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${hub.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);

      await admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS false`);
      // Waits until each backend has gone (PostgreSQL 14+), so the hub's pooled connections are dead.
      await admin.query(`SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      const down = await fetch(`${hub.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', reason: 'database not reachable' });
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);

      await admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS true`);
      expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);

      // A restart of the database's processes with connections allowed throughout: the pool's
      // connections are all dead, the database is fine, so the hub is ready at once.
      await Promise.all(Array.from({ length: 6 }, () => fetch(`${hub.url}/readyz`)));
      await admin.query(`SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
      const again = await fetch(`${hub.url}/readyz`);
      expect([again.status, await again.json()]).toEqual([200, { status: 'ready' }]);
    } finally {
      await admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await hub.stop();
    }
  });
});
