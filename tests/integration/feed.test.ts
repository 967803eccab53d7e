import type { Client } from 'graphql-ws';
import { startTestHub, type TestHub } from '../helpers/harness';
import { collect as collectFeed, connect as connectFeed, settle, subscribe } from '../helpers/feed';
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

const connect = (token?: string) => connectFeed(hub, clients, token);
/** Subscribes, once the previous subscription has started (the bus counts them). */
const collect = (client: Client, kinds?: string[]) => subscribe(hub, client, kinds);

const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`;

describe('live feed', () => {
  it('refuses a connection without a valid token', async () => {
    const c = connect('not-a-token');
    const sub = collectFeed(hub, c);
    await sub.next(1, 1500);
    expect(sub.events).toHaveLength(0);
    expect(sub.errors.length).toBeGreaterThan(0);
  });

  it('announces a site falling out of disinfection compliance, only to those who may see it', async () => {
    const mine = await makeSite(hub.ds, { kind: 'HOTEL' });
    const other = await makeSite(hub.ds, { kind: 'HOTEL' });
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

    const t0 = hub.clock.advance(-60_000); // pinned a minute before the machine clock
    const r = await hub.gql(
      RECORD,
      { i: { siteId: mine.id, idempotencyKey: 'lobby-1', area: 'LOBBY', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'WIPE', startedAt: new Date(t0.getTime() - 60_000).toISOString(), durationMinutes: 20, operatorName: '王丽' } },
      managerToken,
    );
    expect(r.errors).toBeUndefined();

    const commandSub = await collect(connect(await hub.login(command.username)), ['SITE_OUT_OF_COMPLIANCE']);
    const mineSub = await collect(connect(managerToken));
    const otherSub = await collect(connect(await hub.login(otherManager.username)));
    const staffSub = await collect(connect(await hub.login(staff.username)));
    const outsiderSub = await collect(connect(await hub.login(outsider.username)), ['SITE_OUT_OF_COMPLIANCE']);
    await hub.server.services.feedWatcher.scanNow(); // the watcher's watermark at t0

    // 25 hours later the lobby (every 24 h) is overdue.
    hub.clock.now = new Date(t0.getTime() + 25 * 3600_000);
    const seen = await commandSub.next(1);
    const lobby = seen.find((e) => e.siteId === mine.id && e.data.area === 'LOBBY');
    expect(lobby).toMatchObject({ kind: 'SITE_OUT_OF_COMPLIANCE', entityType: 'Site', entityId: mine.id, data: { area: 'LOBBY', maxIntervalHours: 24 } });
    const mineSeen = await mineSub.next(1);
    expect(mineSeen.some((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toBe(true);
    // Further scans at the same clock, then a marker behind them to each subscriber: whatever they
    // were going to get has arrived.
    await hub.server.services.feedWatcher.scanNow();
    await hub.server.services.feedWatcher.scanNow();
    const SOC = 'SITE_OUT_OF_COMPLIANCE' as const;
    await settle(hub, { sub: commandSub, kind: SOC, siteId: null }, { sub: otherSub, kind: SOC, siteId: other.id }, { sub: staffSub, kind: SOC, siteId: mine.id }, { sub: outsiderSub, kind: SOC, siteId: null });
    expect(otherSub.real().filter((e) => e.siteId !== other.id)).toEqual([]);
    expect(staffSub.real().some((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toBe(true);
    expect(staffSub.real().filter((e) => e.siteId !== mine.id)).toEqual([]);
    expect(outsiderSub.real().filter((e) => e.siteId === mine.id)).toEqual([]);
    // Announced once, not at every scan.
    expect(commandSub.real().filter((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toHaveLength(1);
  });

  it('announces a CRITICAL finding the moment it is raised: to the command centre and the site, not to other sites', async () => {
    const w = await makeField(hub);
    const version = await seededVersion(hub.ds, 'HOTEL-EPI');
    const commandSub = await collect(connect(w.tokens.command), ['CRITICAL_FINDING_RAISED']);
    const siteSub = await collect(connect(w.tokens.hotelManager), ['CRITICAL_FINDING_RAISED']);
    const otherSub = await collect(connect(w.tokens.otherManager));
    // Staff of the same hotel record disinfection; findings are not theirs to read, nor their events.
    const staff = await makeAccount(hub.ds, 'FACILITY_STAFF');
    const bound = await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) SELECT $1, $2, account_id FROM site_manager WHERE site_id = $1 LIMIT 1 RETURNING site_id`, [w.hotel.id, staff.id]);
    expect(bound).toHaveLength(1);
    const staffSub = await collect(connect(await hub.login(staff.username)));

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
    await settle(hub, { sub: commandSub, kind: 'CRITICAL_FINDING_RAISED', siteId: null }, { sub: otherSub, kind: 'SITE_OUT_OF_COMPLIANCE', siteId: w.otherHotel.id }, { sub: staffSub, kind: 'SITE_OUT_OF_COMPLIANCE', siteId: w.hotel.id });
    expect(commandSub.real()).toHaveLength(1); // the MINOR one is not announced
    expect(otherSub.real()).toEqual([]);
    expect(staffSub.real()).toEqual([]);

    // When its deadline passes unverified, it is announced again: overdue, and escalated.
    const overdueSub = await collect(connect(w.tokens.command), ['FINDING_OVERDUE']);
    hub.clock.now = new Date(new Date(event.data.deadline).getTime() + 60_000);
    const overdue = (await overdueSub.next(1)).filter((e) => e.entityId === critical.data.raiseFinding.id);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ kind: 'FINDING_OVERDUE', siteId: w.hotel.id, data: { severity: 'CRITICAL', escalated: true } });
  });

  it('announces a filed checkpoint tally with its figures; a retry of the same filing is not announced again', async () => {
    const checkpoint = await makeSite(hub.ds, { kind: 'CHECKPOINT', roadType: 'HIGHWAY_EXIT', roadName: 'G85' });
    const inspector = await makeAccount(hub.ds, 'INSPECTOR');
    const command = await makeAccount(hub.ds, 'COMMAND');
    const hotelManager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const managedSite = await makeSite(hub.ds);
    await bindManager(hub.ds, managedSite.id, hotelManager.id);
    const commandSub = await collect(connect(await hub.login(command.username)), ['CHECKPOINT_TALLY_FILED']);
    const managerSub = await collect(connect(await hub.login(hotelManager.username)));
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
    await settle(hub, { sub: commandSub, kind: 'CHECKPOINT_TALLY_FILED', siteId: null }, { sub: managerSub, kind: 'SITE_OUT_OF_COMPLIANCE', siteId: managedSite.id });
    expect(commandSub.real()).toHaveLength(1);
    expect(managerSub.real()).toEqual([]);
  });
});
