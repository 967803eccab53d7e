import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, waitFor, type TestHub } from '../helpers/harness';
import { isMarker, untilMarked, writeMarkers } from '../helpers/feed';
import { randomUUID } from 'node:crypto';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';
import { makeField, seededVersion } from '../fixtures/checklists';

/**
 * The live feed over graphql-ws: same server, same path, same token; each subscriber gets only
 * what it may see. Clock-driven events (a site's disinfection interval running out) come from the
 * watcher, which follows the hub's clock.
 */
let hub: TestHub;
const clients: Client[] = [];
beforeAll(async () => {
  hub = await startTestHub({ env: { FEED_SCAN_INTERVAL_MS: '100' } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await hub.stop();
});

function connect(token?: string): Client {
  const c = createClient({
    url: hub.graphqlUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  clients.push(c);
  return c;
}

/**
 * Where each test's subscriptions start: the outbox's newest position when the test began, so a
 * subscription receives the test's events however long it takes to start (no race with writes).
 */
let from = '0-0';
/**
 * Each test starts on the machine's clock, with no scan at a clock a previous test moved on
 * still under way: sites made later would otherwise be judged at that clock (an area never
 * logged breaches one interval after its site was created).
 */
afterEach(async () => {
  hub.clock.unpin();
  await hub.server.services.feedWatcher.scanNow();
  await hub.server.services.feedWatcher.scanNow();
});
beforeEach(async () => {
  const [r] = await hub.ds.query(`SELECT tx_id::text AS tx, seq::text AS seq FROM hub_event ORDER BY tx_id DESC, seq DESC LIMIT 1`);
  from = r ? `${r.tx}-${r.seq}` : '0-0';
});

/**
 * Collects events of a subscription (test markers apart, in `marks`); `next(n)` waits until n
 * have arrived (or an error), failing the test after a bounded wait.
 */
function collect(client: Client, kinds?: string[]) {
  const events: any[] = [];
  const marks: any[] = [];
  const errors: unknown[] = [];
  const started = Promise.resolve();
  client.subscribe(
    { query: `subscription($k: [HubEventKind!], $a: String) { events(kinds: $k, after: $a) { id cursor kind siteId entityType entityId message data } }`, variables: { k: kinds ?? null, a: from } },
    {
      next: (m) => {
        const e = (m.data as any)?.events;
        if (!e) errors.push(m.errors);
        else (isMarker(e) ? marks : events).push(e);
      },
      error: (e) => void errors.push(e),
      complete: () => undefined,
    },
  );
  return {
    events,
    marks,
    errors,
    started,
    async next(n: number) {
      await waitFor(() => events.length >= n || errors.length > 0, `${n} events (have ${events.length})`);
      return events;
    },
  };
}

const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`;

describe('live feed', () => {
  it('refuses a connection without a valid token', async () => {
    const c = connect('not-a-token');
    const sub = collect(c);
    await waitFor(() => sub.errors.length > 0, 'the refusal');
    expect(sub.events).toHaveLength(0);
    expect(sub.marks).toHaveLength(0);
    expect(sub.errors.length).toBeGreaterThan(0);
  });

  it('announces a site falling out of disinfection compliance, only to those who may see it', async () => {
    // Registered an hour before the entry below (entries before a site's registration do not count).
    const registered = new Date(hub.clock.now.getTime() - 3600_000);
    const mine = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: registered, updatedAt: registered });
    const other = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: registered, updatedAt: registered });
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const otherManager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const command = await makeAccount(hub.ds, 'COMMAND');
    await bindManager(hub.ds, mine.id, manager.id);
    await bindManager(hub.ds, other.id, otherManager.id);
    const managerToken = await hub.login(manager.username);
    // Staff of the site read its disinfection records; an inspector who never inspected it does not.
    const staff = await makeAccount(hub.ds, 'FACILITY_STAFF');
    await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [mine.id, staff.id, manager.id]);
    const outsider = await makeAccount(hub.ds, 'INSPECTOR');

    // A minute ago by the hub's clock: the lobby's cover runs out 24 h after this entry.
    const t0 = hub.clock.pin(new Date(hub.clock.now.getTime() - 60_000));
    const r = await hub.gql(
      RECORD,
      { i: { siteId: mine.id, idempotencyKey: 'lobby-1', area: 'LOBBY', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'WIPE', startedAt: new Date(t0.getTime() - 60_000).toISOString(), durationMinutes: 20, operatorName: '王丽' } },
      managerToken,
    );
    expect(r.errors).toBeUndefined();

    const commandSub = collect(connect(await hub.login(command.username)), ['SITE_OUT_OF_COMPLIANCE']);
    const mineSub = collect(connect(managerToken));
    const otherSub = collect(connect(await hub.login(otherManager.username)));
    const staffSub = collect(connect(await hub.login(staff.username)));
    const outsiderSub = collect(connect(await hub.login(outsider.username)), ['SITE_OUT_OF_COMPLIANCE']);
    await Promise.all([commandSub.started, mineSub.started, otherSub.started, staffSub.started, outsiderSub.started]);
    // Scans at t0 (a scan already running finishes first): nothing of these sites is due yet.
    await hub.server.services.feedWatcher.scanNow();
    await hub.server.services.feedWatcher.scanNow();

    // 25 hours later the lobby (every 24 h) is overdue.
    hub.clock.now = new Date(t0.getTime() + 25 * 3600_000);
    // (The areas never logged breach too, 12 or 24 h after the sites were created.)
    const isLobby = (e: any) => e.siteId === mine.id && e.data.area === 'LOBBY';
    await waitFor(() => commandSub.events.some(isLobby) || commandSub.errors.length > 0, 'the lobby breach');
    const lobby = commandSub.events.find(isLobby);
    expect(lobby).toMatchObject({ kind: 'SITE_OUT_OF_COMPLIANCE', entityType: 'Site', entityId: mine.id, data: { area: 'LOBBY', maxIntervalHours: 24 } });
    await waitFor(() => mineSub.events.some(isLobby) || mineSub.errors.length > 0, 'the lobby breach to reach the manager');
    // Two more scans at this clock (the first may already have been running), then markers
    // behind them: whatever those scans or the ones before wrote has been delivered or filtered.
    await hub.server.services.feedWatcher.scanNow();
    await hub.server.services.feedWatcher.scanNow();
    const marks = await writeMarkers(hub, [
      { kind: 'SITE_OUT_OF_COMPLIANCE', siteId: null }, // command centre, the outsider inspector
      { kind: 'SITE_OUT_OF_COMPLIANCE', siteId: mine.id }, // manager and staff of mine
      { kind: 'SITE_OUT_OF_COMPLIANCE', siteId: other.id }, // the other manager
    ]);
    await untilMarked(marks, { command: commandSub.marks, mine: mineSub.marks, other: otherSub.marks, staff: staffSub.marks, outsider: outsiderSub.marks });
    expect(mineSub.events.filter((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toHaveLength(1);
    expect(mineSub.events.filter((e) => e.siteId !== mine.id)).toEqual([]);
    expect(otherSub.events.filter((e) => e.siteId !== other.id)).toEqual([]);
    expect(staffSub.events.filter((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toHaveLength(1);
    expect(staffSub.events.filter((e) => e.siteId !== mine.id)).toEqual([]);
    expect(outsiderSub.events.filter((e) => e.siteId === mine.id)).toEqual([]);
    // Announced once, not at every scan.
    expect(commandSub.events.filter((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toHaveLength(1);
  });

  it('announces a CRITICAL finding the moment it is raised: to the command centre and the site, not to other sites', async () => {
    const w = await makeField(hub);
    const version = await seededVersion(hub.ds, 'HOTEL-EPI');
    const commandSub = collect(connect(w.tokens.command), ['CRITICAL_FINDING_RAISED']);
    const siteSub = collect(connect(w.tokens.hotelManager), ['CRITICAL_FINDING_RAISED']);
    const otherSub = collect(connect(w.tokens.otherManager));
    // Staff of the same hotel record disinfection; findings are not theirs to read, nor their events.
    const staff = await makeAccount(hub.ds, 'FACILITY_STAFF');
    const bound = await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) SELECT $1, $2, account_id FROM site_manager WHERE site_id = $1 LIMIT 1 RETURNING site_id`, [w.hotel.id, staff.id]);
    expect(bound).toHaveLength(1);
    const staffSub = collect(connect(await hub.login(staff.username)));
    await Promise.all([commandSub.started, siteSub.started, otherSub.started, staffSub.started]);

    const s = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: version, dueAt: new Date(hub.clock.now.getTime() + 3600_000).toISOString() } }, w.tokens.command);
    const id = s.data.scheduleInspection.id;
    await hub.gql(`mutation($id: ID!) { startInspection(input: { inspectionId: $id }) { id } }`, { id }, w.tokens.lead);
    const RAISE = `mutation($i: RaiseFindingInput!) { raiseFinding(input: $i) { id severity } }`;
    const minor = await hub.gql(RAISE, { i: { idempotencyKey: randomUUID(), inspectionId: id, title: '登记簿字迹不清', severity: 'MINOR' } }, w.tokens.lead);
    const critical = await hub.gql(RAISE, { i: { idempotencyKey: randomUUID(), inspectionId: id, title: '未落实住客实名登记', severity: 'CRITICAL' } }, w.tokens.lead);
    expect(minor.errors).toBeUndefined();
    expect(critical.errors).toBeUndefined();

    const [event] = await commandSub.next(1);
    expect(event).toMatchObject({ kind: 'CRITICAL_FINDING_RAISED', siteId: w.hotel.id, entityType: 'Finding', entityId: critical.data.raiseFinding.id, data: { severity: 'CRITICAL' } });
    expect(event.message).toContain('未落实住客实名登记');
    expect((await siteSub.next(1)).map((e) => e.entityId)).toEqual([critical.data.raiseFinding.id]);
    const marks = await writeMarkers(hub, [
      { kind: 'CRITICAL_FINDING_RAISED', siteId: w.hotel.id }, // command centre, the hotel's manager
      { kind: 'CRITICAL_FINDING_RAISED', siteId: w.otherHotel.id }, // the other manager
      { kind: 'SITE_OUT_OF_COMPLIANCE', siteId: w.hotel.id }, // the hotel's staff
    ]);
    await untilMarked(marks, { command: commandSub.marks, site: siteSub.marks, other: otherSub.marks, staff: staffSub.marks });
    expect(commandSub.events).toHaveLength(1); // the MINOR one is not announced
    expect(siteSub.events.map((e) => e.entityId)).toEqual([critical.data.raiseFinding.id]);
    expect(otherSub.events).toEqual([]);
    expect(staffSub.events).toEqual([]);

    // When its deadline passes unverified, it is announced again: overdue, and escalated.
    const overdueSub = collect(connect(w.tokens.command), ['FINDING_OVERDUE']);
    await overdueSub.started;
    hub.clock.now = new Date(new Date(event.data.deadline).getTime() + 60_000);
    await waitFor(() => overdueSub.events.some((e) => e.entityId === critical.data.raiseFinding.id), 'the overdue event');
    // Announced once: two more scans at this clock, then a marker behind them.
    await hub.server.services.feedWatcher.scanNow();
    await hub.server.services.feedWatcher.scanNow();
    await untilMarked(await writeMarkers(hub, [{ kind: 'FINDING_OVERDUE', siteId: w.hotel.id }]), { overdue: overdueSub.marks });
    const overdue = overdueSub.events.filter((e) => e.entityId === critical.data.raiseFinding.id);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ kind: 'FINDING_OVERDUE', siteId: w.hotel.id, data: { severity: 'CRITICAL', escalated: true } });
  });

  it('announces a filed checkpoint tally with its figures; a retry of the same filing is not announced again', async () => {
    const checkpoint = await makeSite(hub.ds, { kind: 'CHECKPOINT', roadType: 'HIGHWAY_EXIT', roadName: 'G85' });
    const inspector = await makeAccount(hub.ds, 'INSPECTOR');
    const command = await makeAccount(hub.ds, 'COMMAND');
    const hotelManager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const hotel = await makeSite(hub.ds);
    await bindManager(hub.ds, hotel.id, hotelManager.id);
    const commandSub = collect(connect(await hub.login(command.username)), ['CHECKPOINT_TALLY_FILED']);
    const managerSub = collect(connect(await hub.login(hotelManager.username)));
    await Promise.all([commandSub.started, managerSub.started]);
    const input = {
      idempotencyKey: randomUUID(),
      checkpointId: checkpoint.id,
      shiftDate: '2026-11-27',
      shift: 'NIGHT',
      vehiclesChecked: 412,
      personsScreened: 673,
      vehiclesTurnedBack: 15,
      personsTurnedBack: 23,
      certificatesVerified: 112,
      samplesTaken: 7,
      officersOnDuty: [{ name: '李科长', isLeader: true }],
    };
    const token = await hub.login(inspector.username);
    const FILE = `mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id warnings } }`;
    const r = await hub.gql(FILE, { i: input }, token);
    expect(r.errors).toBeUndefined();
    await hub.gql(FILE, { i: input }, token); // a retry
    const [event] = await commandSub.next(1);
    expect(event).toMatchObject({ kind: 'CHECKPOINT_TALLY_FILED', siteId: checkpoint.id, entityId: r.data.fileCheckpointTally.id, data: { vehiclesChecked: 412, personsScreened: 673, shift: 'NIGHT' } });
    expect(event.data.warnings.length).toBe(1); // one leader on duty: the command centre sees the warning
    // A marker both may see (a tally at the manager's hotel), behind the filing and its retry.
    await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: hotel.id }]), { command: commandSub.marks, manager: managerSub.marks });
    expect(commandSub.events).toHaveLength(1);
    expect(managerSub.events).toEqual([]);
  });
});
