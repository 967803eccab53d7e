import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { disposeAll, outboxHead, startAnotherHub, subscribeFeed, untilMarked, writeMarkers, type FeedSubscriber } from '../helpers/feed';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/**
 * Compliance breaches on the live feed have no holes: every required area's breach is announced
 * once, also one that began before the last scan (an entry recorded late or corrected, a rule
 * shortened, a site created or reopened already overdue), with two hub processes scanning.
 * The watcher follows the hub's clock; the tests run its scans themselves.
 */
let hub: TestHub;
let other: Awaited<ReturnType<typeof startAnotherHub>>;
let NOW: Date;
let commandToken: string;
let onA: FeedSubscriber;
let onB: FeedSubscriber;
const HOUR = 3_600_000;
const at = (h: number) => new Date(NOW.getTime() + h * HOUR);

beforeAll(async () => {
  hub = await startTestHub({ env: { FEED_SCAN_INTERVAL_MS: '3600000' } });
  other = await startAnotherHub(hub);
  // The database's clock: what stamps a site's created_at.
  NOW = hub.clock.pin(await hub.dbNow());
  commandToken = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  const from = await outboxHead(hub);
  onA = subscribeFeed(hub.graphqlUrl, commandToken, { kinds: ['SITE_OUT_OF_COMPLIANCE'], after: from });
  onB = subscribeFeed(other.url, commandToken, { kinds: ['SITE_OUT_OF_COMPLIANCE'], after: from });
});
afterAll(async () => {
  await disposeAll();
  await other?.stop();
  await hub.stop();
});

/** Both processes' watchers, at once, twice (a scan already running finishes first). */
async function scanBoth() {
  for (let i = 0; i < 2; i++) await Promise.all([hub.server.services.feedWatcher.scanNow(), other.server.services.feedWatcher.scanNow()]);
}

/** Scans, then a marker behind the scans: what both subscribers received about `siteId`, as area → events. */
async function announced(siteId: string): Promise<Record<string, any[]>> {
  await scanBoth();
  await untilMarked(await writeMarkers(hub, [{ kind: 'SITE_OUT_OF_COMPLIANCE', siteId: null }]), { A: onA.marks, B: onB.marks });
  const of = (s: FeedSubscriber) => s.events.filter((e) => e.siteId === siteId && !before.has(e.cursor));
  expect(of(onB).map((e) => e.cursor)).toEqual(of(onA).map((e) => e.cursor));
  const byArea: Record<string, any[]> = {};
  for (const e of of(onA)) (byArea[e.data.area] ??= []).push(e);
  return byArea;
}

/** Events announced before a scenario began (left out of what `announced` returns). */
const before = new Set<string>();

/**
 * A hotel registered two days ago and never logged (its areas' first intervals start at the
 * registration, migration DisinfectionOrigin): its never-logged breaches are announced first and
 * set aside, so each scenario sees only what its own writes cause.
 */
async function hotelWithManager() {
  const site = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: at(-48) });
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  await bindManager(hub.ds, site.id, manager.id);
  const baseline = await announced(site.id);
  expect(Object.keys(baseline).length).toBeGreaterThan(0);
  for (const events of Object.values(baseline)) for (const e of events) before.add(e.cursor);
  return { site, token: await hub.login(manager.username) };
}

const ENTRY = { agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'WIPE', durationMinutes: 20, operatorName: '王丽' };
async function record(siteId: string, token: string, area: string, startedAt: Date): Promise<string> {
  const r = await hub.gql(`mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`, { i: { ...ENTRY, siteId, idempotencyKey: randomUUID(), area, startedAt: startedAt.toISOString() } }, token);
  expect(r.errors).toBeUndefined();
  return r.data.recordDisinfection.id;
}

describe('compliance breaches on the live feed', () => {
  it("announces once a breach that began before the last scan: a site's first entry recorded 30 hours late", async () => {
    const { site, token } = await hotelWithManager();
    expect(await announced(site.id)).toEqual({}); // scanned past now: nothing more of this site is due
    // The lobby (every 24 h) logged 30 hours ago, recorded only now: its cover ran out 6 hours ago.
    await record(site.id, token, 'LOBBY', at(-30));
    const seen = await announced(site.id);
    expect(Object.keys(seen)).toEqual(['LOBBY']);
    expect(seen.LOBBY).toHaveLength(1);
    expect(seen.LOBBY[0]).toMatchObject({ kind: 'SITE_OUT_OF_COMPLIANCE', entityType: 'Site', entityId: site.id, occurredAt: at(-6).toISOString(), data: { area: 'LOBBY', maxIntervalHours: 24, lastDisinfectedAt: at(-30).toISOString() } });

    // Rewriting the same lapse (the lapses rebuilt, an older entry recorded) announces nothing more.
    await hub.ds.query(`SELECT disinfection_lapse_rebuild(NULL)`);
    await record(site.id, token, 'LOBBY', at(-40));
    expect((await announced(site.id)).LOBBY).toHaveLength(1);
    // Logged again an hour ago: covered, nothing more.
    await record(site.id, token, 'LOBBY', at(-1));
    expect((await announced(site.id)).LOBBY).toHaveLength(1);
  });

  it('announces a breach made by a correction that moves the last entry back', async () => {
    const { site, token } = await hotelWithManager();
    const id = await record(site.id, token, 'GUEST_ROOMS', at(-2));
    expect(await announced(site.id)).toEqual({});
    const c = await hub.gql(
      `mutation($i: CorrectDisinfectionInput!) { correctDisinfection(input: $i) { id } }`,
      { i: { ...ENTRY, correctsId: id, reason: '时间录错', idempotencyKey: randomUUID(), area: 'GUEST_ROOMS', startedAt: at(-26).toISOString() } },
      token,
    );
    expect(c.errors).toBeUndefined();
    const seen = await announced(site.id);
    expect(Object.keys(seen)).toEqual(['GUEST_ROOMS']);
    expect(seen.GUEST_ROOMS).toHaveLength(1);
    expect(seen.GUEST_ROOMS[0]).toMatchObject({ occurredAt: at(-2).toISOString(), data: { lastDisinfectedAt: at(-26).toISOString() } });
  });

  it('announces a breach made by a rule shortened, and not again when the rule is put back', async () => {
    const { site, token } = await hotelWithManager();
    await record(site.id, token, 'RESTROOMS', at(-10)); // every 12 h: covered for 2 more hours
    expect(await announced(site.id)).toEqual({});
    await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = 8 WHERE site_kind = 'HOTEL' AND area = 'RESTROOMS'`);
    try {
      const seen = await announced(site.id);
      expect(Object.keys(seen)).toEqual(['RESTROOMS']);
      expect(seen.RESTROOMS[0]).toMatchObject({ occurredAt: at(-2).toISOString(), data: { maxIntervalHours: 8 } });
    } finally {
      await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = 12 WHERE site_kind = 'HOTEL' AND area = 'RESTROOMS'`);
    }
    await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = 8 WHERE site_kind = 'HOTEL' AND area = 'RESTROOMS'`);
    await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = 12 WHERE site_kind = 'HOTEL' AND area = 'RESTROOMS'`);
    expect((await announced(site.id)).RESTROOMS).toHaveLength(1);
  });

  it('announces each area of a site created already overdue, of a new site once an interval passes with nothing logged, and of a site reopened after its cover ran out while closed', async () => {
    const [{ areas }] = await hub.ds.query(`SELECT array_agg(area ORDER BY area) AS areas FROM disinfection_rule WHERE site_kind = 'HOTEL'`);
    expect(areas.length).toBeGreaterThan(2);
    // Registered three days ago (an import), never logged: every required area is past its interval.
    const old = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: at(-72) });
    const seen = await announced(old.id);
    expect(Object.keys(seen).sort()).toEqual(areas);
    for (const area of areas) {
      expect(seen[area]).toHaveLength(1);
      expect(seen[area][0].data.lastDisinfectedAt).toBeNull();
    }

    // Registered now: nothing until an interval has passed.
    const fresh = await makeSite(hub.ds, { kind: 'HOTEL' });
    expect(await announced(fresh.id)).toEqual({});
    // Closed while its lobby's cover runs out: nothing while closed, announced when reopened.
    const { site: closing, token } = await hotelWithManager();
    for (const area of areas) await record(closing.id, token, area, at(-10));
    const version = async () => (await hub.gql(`query($id: ID!) { site(id: $id) { version } }`, { id: closing.id }, commandToken)).data.site.version;
    const closed = await hub.gql(`mutation($i: CloseSiteInput!) { closeSite(input: $i) { status } }`, { i: { id: closing.id, version: await version(), reason: '停业整顿' } }, commandToken);
    expect(closed.errors).toBeUndefined();

    hub.clock.pin(at(25));
    try {
      const later = await announced(fresh.id);
      expect(Object.keys(later).sort()).toEqual(areas);
      for (const area of areas) expect(later[area]).toHaveLength(1);
      expect(await announced(closing.id)).toEqual({});
      const reopened = await hub.gql(`mutation($i: ReopenSiteInput!) { reopenSite(input: $i) { status } }`, { i: { id: closing.id, version: await version() } }, commandToken);
      expect(reopened.errors).toBeUndefined();
      const back = await announced(closing.id);
      expect(Object.keys(back).sort()).toEqual(areas);
      for (const area of areas) expect(back[area]).toHaveLength(1);
      // And the one created overdue is not announced again.
      for (const area of areas) expect((await announced(old.id))[area]).toHaveLength(1);
    } finally {
      hub.clock.pin(NOW);
    }
  });
});
