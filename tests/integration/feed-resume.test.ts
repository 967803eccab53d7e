import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, waitFor, type TestHub } from '../helpers/harness';
import { isMarker, startAnotherHub, untilMarked, writeMarkers } from '../helpers/feed';
import type { HubServer } from '../../src/server';
import type { Config } from '../../src/config';
import { makeAccount, makeSite } from '../fixtures/factory';
import { FILE_INSPECTION, hotelAllPass, makeAttachment, makeField, seededVersion, withAnswers } from '../fixtures/checklists';

/**
 * The live feed as a client of several hub processes sees it: two servers on one database
 * (one subscriber on each), a subscriber that goes away and resumes with its cursor, access
 * that changes while subscribed, clock events announced once, retention.
 */
let hub: TestHub;
let other: Awaited<ReturnType<typeof startAnotherHub>>;
let w: Awaited<ReturnType<typeof makeField>>;
let hotelVersion: string;
let photo: string;
let checkpoint: { id: string };
let inspectorToken: string;
const clients: Client[] = [];
/** The hub's clock, pinned at the database's clock when the file starts (retention compares recorded_at, stamped by the database, with it). */
let NOW: Date;
const ACCESS_REFRESH_MS = 300;

/** Another hub process on the same database (same code path as main.ts: createServer). */
const startAnother = (config: Config) => startAnotherHub(hub, config);

/**
 * A hub as an operator runs it, in a child process of its own (node with tsx's loader, so a
 * SIGKILL reaches the hub itself) on the test hub's database.
 */
async function spawnHub(): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-hub-feed-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: hub.dbUrl, DATA_DIR: dataDir, JWT_SECRET: hub.config.jwtSecret, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development', DEMO_DATA: 'false' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: path.resolve(__dirname, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  child.stdout!.on('data', (b: Buffer) => logs.push(...b.toString('utf8').split('\n').filter(Boolean)));
  child.stderr!.on('data', (b: Buffer) => logs.push(...b.toString('utf8').split('\n').filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let url = '';
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`the hub exited:\n${logs.slice(-20).join('\n')}`);
      const line = logs.find((l) => l.includes('"msg":"hub listening"'));
      if (!line) return false;
      url = `http://127.0.0.1:${new URL(JSON.parse(line).url as string).port}/graphql`;
      return fetch(url.replace('/graphql', '/readyz')).then((r) => r.status === 200, () => false);
    },
    'the child hub to listen',
    120_000,
  );
  return { child, url, exited };
}

beforeAll(async () => {
  hub = await startTestHub({ env: { FEED_SCAN_INTERVAL_MS: '3600000', FEED_ACCESS_REFRESH_MS: String(ACCESS_REFRESH_MS), FEED_POLL_INTERVAL_MS: '500' } });
  NOW = hub.clock.pin(await hub.dbNow());
  other = await startAnother(hub.config);
  w = await makeField(hub);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
  photo = await makeAttachment(hub.ds, w.lead.id);
  checkpoint = await makeSite(hub.ds, { kind: 'CHECKPOINT', roadType: 'HIGHWAY_EXIT', roadName: 'G85' });
  inspectorToken = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await other?.stop();
  await hub.stop();
});

// 45 s, as tests/helpers/feed.ts untilMarked: a long statement of another test file's database on
// the same server holds the feed's xmin (seen here at a pinned clock in a full run).
const until = (cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 45_000) => waitFor(cond, what, { timeoutMs });

const EVENTS = `subscription($k: [HubEventKind!], $a: String) { events(kinds: $k, after: $a) { id cursor kind siteId entityType entityId message data } }`;

/** A graphql-ws subscriber of `events` on the server at `url` (test markers apart, in `marks`). */
function subscribe(url: string, token: string, vars: { kinds?: string[]; after?: string | null } = {}) {
  const s = {
    events: [] as any[],
    marks: [] as any[],
    errors: [] as any[],
    closed: null as null | { code: number; reason: string },
    client: null as unknown as Client,
    ids: () => s.events.map((e) => e.entityId),
    async count(n: number, what = `${n} events`) {
      await until(() => s.events.length >= n || s.errors.length > 0 || s.closed !== null, `${what} (have ${s.events.length})`);
      return s.events;
    },
  };
  s.client = createClient({
    url: url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (e) => void (s.closed = { code: (e as { code: number }).code, reason: (e as { reason: string }).reason }) },
  });
  clients.push(s.client);
  s.client.subscribe(
    { query: EVENTS, variables: { k: vars.kinds ?? null, a: vars.after ?? null } },
    { next: (m) => void (m.errors ? s.errors.push(m.errors) : isMarker((m.data as any).events) ? s.marks.push((m.data as any).events) : s.events.push((m.data as any).events)), error: (e) => void s.errors.push(e), complete: () => undefined },
  );
  return s;
}

/** The position the outbox has reached (what a client holding the newest event's cursor would send). */
async function head(): Promise<string> {
  const [r] = await hub.ds.query(`SELECT tx_id::text AS tx, seq::text AS seq FROM hub_event ORDER BY tx_id DESC, seq DESC LIMIT 1`);
  return r ? `${r.tx}-${r.seq}` : '0-0';
}

const FILE_TALLY = `mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id } }`;
let day = 0;
/** Files a checkpoint shift tally (a CHECKPOINT_TALLY_FILED event) through the server at `url`. */
async function fileTally(url: string): Promise<string> {
  const d = new Date(Date.UTC(2026, 0, 1) + day++ * 86_400_000).toISOString().slice(0, 10);
  const input = { idempotencyKey: randomUUID(), checkpointId: checkpoint.id, shiftDate: d, shift: 'DAY', vehiclesChecked: 10, personsScreened: 12, vehiclesTurnedBack: 0, personsTurnedBack: 0, certificatesVerified: 1, samplesTaken: 0, officersOnDuty: [{ name: '李科长', isLeader: true }, { name: '王警官', isLeader: false }] };
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${inspectorToken}` }, body: JSON.stringify({ query: FILE_TALLY, variables: { i: input } }) });
  const body = (await res.json()) as any;
  if (!body.data?.fileCheckpointTally) throw new Error(JSON.stringify(body.errors));
  return body.data.fileCheckpointTally.id;
}

/** Files a hotel inspection submitted at `submittedAt` with REG.GUEST (CRITICAL) failed; returns the CRITICAL finding. */
async function fileCritical(submittedAt: Date, url = hub.graphqlUrl): Promise<string> {
  const answers = withAnswers(hotelAllPass(photo), [{ itemCode: 'REG.GUEST', yes: false }]);
  const i = { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, startedAt: new Date(submittedAt.getTime() - 3_600_000).toISOString(), submittedAt: submittedAt.toISOString(), answers };
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.lead}` }, body: JSON.stringify({ query: FILE_INSPECTION, variables: { i } }) });
  const body = (await res.json()) as any;
  if (!body.data?.fileInspection) throw new Error(JSON.stringify(body.errors));
  return body.data.fileInspection.findings.find((f: any) => f.severity === 'CRITICAL').id;
}

const connectionOf = (server: HubServer, accountId: string) => [...server.services.feed.connections].find((c) => c.actor.id === accountId && !c.closed);

describe('the live feed across processes', () => {
  it('an event committed through either process reaches the subscribers of both, in the same order', async () => {
    const from = await head();
    const onA = subscribe(hub.graphqlUrl, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: from });
    const onB = subscribe(other.url, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: from });
    const viaA = await fileTally(hub.graphqlUrl);
    const viaB = await fileTally(other.url);
    await onA.count(2);
    await onB.count(2);
    expect(onA.ids()).toEqual([viaA, viaB]);
    expect(onB.ids()).toEqual([viaA, viaB]);
    expect(onB.events.map((e) => e.cursor)).toEqual(onA.events.map((e) => e.cursor));
    expect(onA.events[0]).toMatchObject({ kind: 'CHECKPOINT_TALLY_FILED', siteId: checkpoint.id, entityType: 'CheckpointTally' });
    expect(onA.events[0].id).toBe(onA.events[0].cursor);

    // And live, after the subscriptions are running: a third one on B reaches A.
    const viaB2 = await fileTally(other.url);
    await onA.count(3);
    await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: checkpoint.id }]), { A: onA.marks, B: onB.marks });
    expect(onA.ids()).toEqual([viaA, viaB, viaB2]);
    expect(onB.ids()).toEqual([viaA, viaB, viaB2]);
    expect(onB.events.map((e) => e.cursor)).toEqual(onA.events.map((e) => e.cursor));
  });

  it('a subscriber away while 20 events were committed resumes with its cursor and gets exactly those 20, then the live stream', async () => {
    const first = subscribe(hub.graphqlUrl, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: await head() });
    const seen = await fileTally(hub.graphqlUrl);
    await first.count(1);
    expect(first.ids()).toEqual([seen]);
    await first.client.dispose();

    const missed: string[] = [];
    for (let i = 0; i < 20; i++) missed.push(await fileTally(i % 2 ? other.url : hub.graphqlUrl));

    const again = subscribe(other.url, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: first.events[0].cursor });
    await again.count(20);
    expect(again.ids()).toEqual(missed);
    const live = await fileTally(hub.graphqlUrl);
    await again.count(21);
    await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: checkpoint.id }]), { again: again.marks });
    expect(again.ids()).toEqual([...missed, live]);
    expect(new Set(again.events.map((e) => e.cursor)).size).toBe(21);
    expect(again.errors).toEqual([]);
  });

  it('never passes over an event whose transaction commits after a later one', async () => {
    const sub = subscribe(other.url, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: await head() });
    const insert = (c: PgClient, label: string) =>
      c.query(`INSERT INTO hub_event (kind, occurred_at, site_id, entity_type, entity_id, message, data) VALUES ('CHECKPOINT_TALLY_FILED', now(), $1, 'CheckpointTally', $2, $3, '{}')`, [checkpoint.id, label, label]);
    const slow = new PgClient({ connectionString: hub.dbUrl });
    const fast = new PgClient({ connectionString: hub.dbUrl });
    await slow.connect();
    await fast.connect();
    try {
      await slow.query('BEGIN');
      await insert(slow, 'slow'); // takes the lower sequence number
      await fast.query('BEGIN');
      await insert(fast, 'fast');
      await fast.query('COMMIT'); // commits first
      // A probe through the API, committed after "fast": while "slow" is open, neither is sent.
      const probe = await fileTally(hub.graphqlUrl);
      await slow.query('COMMIT');
      await sub.count(3);
      await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: checkpoint.id }]), { sub: sub.marks });
      expect(sub.ids()).toEqual(['slow', 'fast', probe]);
    } finally {
      await slow.end();
      await fast.end();
    }
  });

  it('checks access at every event against the account as it is now: bound later receives, unbound stops, deactivated is closed', async () => {
    const from = await head();
    const manager = subscribe(hub.graphqlUrl, w.tokens.hotelManager, { kinds: ['CRITICAL_FINDING_RAISED'], after: from });
    const newcomer = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const newcomerToken = await hub.login(newcomer.username);
    const later = subscribe(other.url, newcomerToken, { kinds: ['CRITICAL_FINDING_RAISED'], after: from });
    const command = subscribe(hub.graphqlUrl, w.tokens.command, { kinds: ['CRITICAL_FINDING_RAISED'], after: from });
    const commandOnB = subscribe(other.url, w.tokens.command, { kinds: ['CRITICAL_FINDING_RAISED'], after: from });

    const f1 = await fileCritical(new Date(NOW.getTime() - 3_600_000));
    await command.count(1);
    await commandOnB.count(1); // B has judged f1 for the newcomer too: not its site (yet)
    await manager.count(1);
    expect(manager.ids()).toEqual([f1]);
    expect(later.events).toEqual([]);

    // Bound to the hotel while subscribed: its later events reach the open subscription.
    const bind = await hub.gql(`mutation($i: SiteManagerInput!) { bindSiteManager(input: $i) { id } }`, { i: { siteId: w.hotel.id, accountId: newcomer.id } }, w.tokens.admin);
    expect(bind.errors).toBeUndefined();
    // Unbound while subscribed: nothing more, within the refresh bound.
    const unbind = await hub.gql(`mutation($i: SiteManagerInput!) { unbindSiteManager(input: $i) { id } }`, { i: { siteId: w.hotel.id, accountId: w.hotelManager.id } }, w.tokens.admin);
    expect(unbind.errors).toBeUndefined();
    await until(() => !!connectionOf(other.server, newcomer.id)?.actor.siteIds.includes(w.hotel.id), 'the newcomer binding to be seen');
    await until(() => !connectionOf(hub.server, w.hotelManager.id)?.actor.siteIds.includes(w.hotel.id), 'the unbinding to be seen');

    const f2 = await fileCritical(new Date(NOW.getTime() - 1_800_000), other.url);
    await command.count(2);
    await later.count(1);
    expect(later.ids()).toEqual([f2]);
    expect(command.ids()).toEqual([f1, f2]);
    expect(manager.ids()).toEqual([f1]);
    // Its HTTP requests are refused the site too: the socket agrees with them.
    const r = await hub.gql(`query($id: ID!) { site(id: $id) { id } }`, { id: w.hotel.id }, w.tokens.hotelManager);
    expect(r.data.site).toBeNull();

    // Deactivated: the socket is closed with 4403, within the bound.
    const off = await hub.gql(`mutation($i: SetAccountActiveInput!) { setAccountActive(input: $i) { id active } }`, { i: { accountId: newcomer.id, active: false } }, w.tokens.admin);
    expect(off.errors).toBeUndefined();
    await until(() => later.closed !== null, 'the deactivated account socket to close', 5_000);
    expect(later.closed!.code).toBe(4403);
    const f3 = await fileCritical(new Date(NOW.getTime() - 900_000));
    await command.count(3);
    // The unbound manager sees no marker unless bound somewhere: bind it to a site of its own,
    // then a marker there (and one for the command centre) behind f2 and f3.
    const elsewhere = await makeSite(hub.ds, { kind: 'HOTEL' });
    const rebind = await hub.gql(`mutation($i: SiteManagerInput!) { bindSiteManager(input: $i) { id } }`, { i: { siteId: elsewhere.id, accountId: w.hotelManager.id } }, w.tokens.admin);
    expect(rebind.errors).toBeUndefined();
    await until(() => !!connectionOf(hub.server, w.hotelManager.id)?.actor.siteIds.includes(elsewhere.id), 'the new binding to be seen');
    const marks = await writeMarkers(hub, [
      { kind: 'CRITICAL_FINDING_RAISED', siteId: null },
      { kind: 'CRITICAL_FINDING_RAISED', siteId: elsewhere.id },
    ]);
    await untilMarked(marks, { command: command.marks, commandOnB: commandOnB.marks, manager: manager.marks });
    expect(command.ids()).toEqual([f1, f2, f3]);
    expect(commandOnB.ids()).toEqual([f1, f2, f3]);
    expect(later.ids()).toEqual([f2]);
    expect(manager.ids()).toEqual([f1]);
  });

  it('closes the socket of an expired token with 4401', async () => {
    const short = await startAnother({ ...hub.config, tokenTtl: '5s' });
    try {
      const res = await fetch(short.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `mutation { login(input: { username: "${w.command.username}", password: "test-password-1" }) { token } }` }) });
      const token = ((await res.json()) as any).data.login.token;
      const sub = subscribe(hub.graphqlUrl, token, { after: await head() });
      await until(() => sub.closed !== null, 'the expired token socket to close', 8_000);
      expect(sub.closed!.code).toBe(4401);
    } finally {
      await short.stop();
    }
  });

  it('announces a finding filed already overdue once, escalated, though both processes scan', async () => {
    const sub = subscribe(hub.graphqlUrl, w.tokens.command, { kinds: ['FINDING_OVERDUE', 'CHECKPOINT_TALLY_FILED'], after: await head() });
    // Filed offline three days late: its 24-hour deadline passed two days ago.
    const late = await fileCritical(new Date(NOW.getTime() - 72 * 3_600_000), other.url);
    await Promise.all([hub.server.services.feedWatcher.scanNow(), other.server.services.feedWatcher.scanNow()]);
    await Promise.all([hub.server.services.feedWatcher.scanNow(), other.server.services.feedWatcher.scanNow()]);
    const probe = await fileTally(hub.graphqlUrl); // everything before it has been delivered once it arrives
    await until(() => sub.ids().includes(probe), 'the probe');
    const overdue = sub.events.filter((e) => e.kind === 'FINDING_OVERDUE' && e.entityId === late);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ siteId: w.hotel.id, entityType: 'Finding', data: { severity: 'CRITICAL', escalated: true } });
  });

  it('a hub process killed between the commit of an event and its delivery loses nothing for a subscriber that resumes on another', async () => {
    const x = await spawnHub();
    try {
      const sub = subscribe(x.url, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: await head() });
      const first = await fileTally(x.url);
      await sub.count(1);
      expect(sub.ids()).toEqual([first]);
      // A transaction holding an id, open: the feed delivers nothing committed after it began
      // until it ends, so the next event is committed but cannot have been delivered.
      const open = new PgClient({ connectionString: hub.dbUrl });
      await open.connect();
      let second: string;
      try {
        await open.query('BEGIN');
        await open.query('SELECT pg_current_xact_id()');
        second = await fileTally(x.url); // the mutation answered: committed
        const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM hub_event WHERE entity_id = $1`, [second]);
        expect(n).toBe(1);
        x.child.kill('SIGKILL');
        await x.exited;
      } finally {
        await open.query('ROLLBACK');
        await open.end();
      }
      await until(() => sub.closed !== null, 'the socket to drop');
      expect(sub.ids()).toEqual([first]);

      const again = subscribe(hub.graphqlUrl, w.tokens.command, { kinds: ['CHECKPOINT_TALLY_FILED'], after: sub.events[0].cursor });
      await again.count(1);
      await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: checkpoint.id }]), { again: again.marks });
      expect(again.ids()).toEqual([second]);
      expect(again.errors).toEqual([]);
    } finally {
      x.child.kill('SIGKILL');
    }
  }, 180_000);

  it('refuses a cursor from before retention, and one it never gave out, as BAD_USER_INPUT on after', async () => {
    const old = await head();
    await fileTally(hub.graphqlUrl); // recorded after the cursor; retention will delete it
    const bad = subscribe(hub.graphqlUrl, w.tokens.command, { after: 'not-a-cursor' });
    await until(() => bad.errors.length > 0, 'the error');
    expect(bad.errors[0][0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    hub.clock.now = new Date(NOW.getTime() + 8 * 86_400_000); // retention is 7 days
    try {
      await hub.server.services.feedWatcher.scanNow();
      const gone = subscribe(other.url, w.tokens.command, { after: old });
      await until(() => gone.errors.length > 0, 'the error');
      expect(gone.errors[0][0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(gone.events).toEqual([]);
    } finally {
      hub.clock.now = NOW;
    }
  });
});
