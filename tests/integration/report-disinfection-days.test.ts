import { startTestHub, waitFor, type TestHub } from '../helpers/harness';
import { makeAccount, makeSite } from '../fixtures/factory';
import { disinfectionWalkSql } from '../../src/modules/report/report.sql';
import { reportParams } from '../../src/modules/report/report.service';
import { DAY_SETS_SQL, HOUR_SETS_SQL, ensureComplianceDays, wholeDays, type ComplianceHourSection } from '../../src/modules/report/report-days';
import { prng } from '../fixtures/samples';

/**
 * The whole-area compliance is read through day sets (migration ComplianceDaySets): per closed
 * UTC day, a bitmap of the required areas with a lapse touching that day, built by the report
 * and dropped by whatever write changes it. What must hold, after every kind of write:
 *   - a built day holds exactly what the lapses say of that day now (or is gone), and
 *   - the report's compliance, through GraphQL, equals walking every entry at its cutoff,
 * and a build that runs while a writer is changing a day waits for it, so it never keeps a day
 * that misses the write.
 */
let hub: TestHub;
let command: string;
let recorder: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The test's "now": the hub's clock, pinned when the hub starts (so "the current hour" and
// "today" are fixed for the file; run at other hours with tests/bin/at-time). `later()` moves it
// on a second, for entries recorded after the rest.
let now: number;
let T0: number;
const later = () => hub.clock.advance(1000).getTime();

const rand = prng(20261203);

async function entry(siteId: string, area: string, started: number, recorded = started + 30 * 60_000, correctsId: string | null = null): Promise<string> {
  const [row] = await hub.ds.query(
    `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at, corrects_id, correction_reason)
     VALUES ($1, $2, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $3, 20, '保洁员', $4, $5, $6, CASE WHEN $6::uuid IS NULL THEN NULL ELSE '更正' END) RETURNING id`,
    [siteId, area, new Date(started), recorder, new Date(Math.min(recorded, hub.clock.now.getTime())), correctsId],
  );
  return row.id;
}

/** The built days of the compliance section, and their sets as stored. */
const stored = async () => {
  const days: { day: string }[] = await hub.ds.query(`SELECT day::text FROM report_day WHERE section = 'compliance' ORDER BY day`);
  const sets = await hub.ds.query(`SELECT day::text, kind, chunk, ${positions} AS bits FROM report_day_set WHERE section = 'compliance' ORDER BY day, kind, chunk`);
  return { days: days.map((d) => d.day), sets };
};

const positions = `(SELECT array_agg(i) FROM generate_series(0, 8191) i WHERE get_bit(bits, i) = 1)`;
/** Every built hour set holds what the lapses say of its hour now. Returns how many are built. */
async function expectHoursTrue(): Promise<number> {
  let n = 0;
  for (const section of ['touch', 'open', 'open_before', 'through'] as ComplianceHourSection[]) {
    const hours: { hour: Date }[] = await hub.ds.query(`SELECT hour FROM report_hour WHERE section = $1 ORDER BY hour`, [section]);
    const kept = await hub.ds.query(`SELECT hour, kind, what, chunk, ${positions} AS bits FROM report_hour_set WHERE section = $1 ORDER BY hour, kind, what, chunk`, [section]);
    const fresh = await hub.ds.query(`SELECT hour, kind, what, chunk, ${positions} AS bits FROM (${HOUR_SETS_SQL(section)}) s ORDER BY hour, kind, what, chunk`, [hours.map((h) => h.hour)]);
    expect({ section, kept }).toEqual({ section, kept: fresh });
    n += hours.length;
  }
  return n;
}

/** Every built day (and hour) holds what the lapses say of it now. Returns the built days. */
async function expectDaysTrue(): Promise<string[]> {
  const { days, sets } = await stored();
  const fresh = await hub.ds.query(`SELECT day::text, kind, chunk, ${positions} AS bits FROM (${DAY_SETS_SQL}) s ORDER BY day, kind, chunk`, [days]);
  expect(sets).toEqual(fresh);
  await expectHoursTrue();
  return days;
}

const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { cutoff disinfection { siteKind sites requirements requirementsMet requirementsInBreachAtEnd sitesInBreachAtEnd } } }`;

/** The report over [from, to] (whole area) equals the walk; returns its rows. */
async function expectReportTrue(from: number, to: number, asOf: number | null = null) {
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, asOf: asOf === null ? null : new Date(asOf).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  const cutoff = new Date(r.data.report.cutoff);
  const params = reportParams({ period: { from: new Date(from), to: new Date(to) }, district: null, asOf: asOf === null ? null : new Date(asOf), cutoff }).slice(0, 4);
  expect({ from, to, asOf, rows: r.data.report.disinfection }).toEqual({ from, to, asOf, rows: await hub.ds.query(disinfectionWalkSql, params) });
  return r.data.report.disinfection as { siteKind: string; sites: number; requirements: number; requirementsMet: number; sitesInBreachAtEnd: number }[];
}

let sites: { id: string; kind: string }[];
let rules: { site_kind: string; area: string; max_interval_hours: number }[];
const logged: { id: string; siteId: string; area: string; started: number }[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  now = hub.clock.pin().getTime();
  T0 = now - 25 * DAY;
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const at = (t: number) => ({ createdAt: new Date(t), updatedAt: new Date(t), district: '消毒-日集' });
  sites = [
    await makeSite(hub.ds, { kind: 'HOTEL', ...at(T0) }),
    await makeSite(hub.ds, { kind: 'ISOLATION_SITE', ...at(T0) }),
    await makeSite(hub.ds, { kind: 'DETENTION_FACILITY', ...at(T0) }),
    await makeSite(hub.ds, { kind: 'VENUE', ...at(T0) }), // never logged
    await makeSite(hub.ds, { kind: 'HOTEL', ...at(now - 9 * DAY) }), // created during most periods below
    await makeSite(hub.ds, { kind: 'ISOLATION_SITE', ...at(T0), status: 'CLOSED' }), // closed: not judged
  ];
  rules = await hub.ds.query(`SELECT site_kind, area, max_interval_hours FROM disinfection_rule`);
  // Logs up to an hour ago, with gaps within the interval; in some, a few beyond it (lapses in
  // the middle of days and across midnights).
  for (const [i, s] of [sites[0], sites[1], sites[2], sites[4], sites[5]].entries()) {
    const beyond = [0, 0.03, 0.1, 0, 0.05][i];
    for (const r of rules.filter((x) => x.site_kind === s.kind)) {
      const h = r.max_interval_hours * HOUR;
      for (let t = T0 - rand() * h; t < now - HOUR; t += rand() < beyond ? h * (1.2 + 2 * rand()) : h * (0.3 + 0.6 * rand())) {
        logged.push({ id: await entry(s.id, r.area, Math.round(t)), siteId: s.id, area: r.area, started: Math.round(t) });
      }
    }
  }
}, 120_000);
afterAll(() => hub.stop());

it('builds the closed days of a report, keeps them true through every kind of write, and answers as the walk does', async () => {
  const from = now - 15 * DAY - 5 * HOUR;
  // The first report builds the whole days of its period; the sets are what the lapses say.
  expect((await stored()).days).toEqual([]);
  const first = await expectReportTrue(from, now);
  const built = await expectDaysTrue();
  expect(built).toEqual(wholeDays(new Date(from), new Date(now)));
  expect(built.length).toBeGreaterThanOrEqual(14);
  // And the hours of its two partial days, and the open sets of today before this hour.
  const [{ touch, open, before }] = await hub.ds.query(
    `SELECT count(*) FILTER (WHERE section = 'touch')::int AS touch, count(*) FILTER (WHERE section = 'open')::int AS open, count(*) FILTER (WHERE section = 'open_before')::int AS before FROM report_hour`,
  );
  // touch: the whole hours from the period start to its day's end, and those of today before
  // the current hour; open: today's hours before the current one.
  const wholeHoursToMidnight = from % DAY === 0 ? 0 : 24 - Math.ceil((from % DAY) / HOUR);
  const hoursToday = Math.floor((now % DAY) / HOUR);
  expect(touch).toBe(wholeHoursToMidnight + hoursToday);
  expect(before).toBe(1);
  expect(open).toBe(hoursToday);
  expect(first.some((k) => k.requirementsMet < k.requirements)).toBe(true); // there is something to find
  expect(first.some((k) => k.requirementsMet > 0)).toBe(true);
  // Periods inside it, edges anywhere, cutoffs in the past: all from the same sets.
  for (let k = 0; k < 12; k++) {
    const f = Math.round(from + rand() * 12 * DAY);
    const t = Math.round(f + DAY + rand() * (now - f - DAY));
    await expectReportTrue(f, t, rand() < 0.3 ? Math.round(f + rand() * (t - f)) : null);
  }
  // Periods that begin or end exactly at midnight UTC (no partial day at that end).
  const midnight = Math.floor((now - 10 * DAY) / DAY) * DAY;
  await expectReportTrue(midnight, midnight + 5 * DAY);
  await expectReportTrue(midnight - 7 * HOUR, midnight + 3 * DAY);
  expect((await stored()).days).toEqual(built); // nothing rebuilt: no write came between

  // A late entry for five days ago, recorded now: only the days of [t, t + interval] go.
  const hotelArea = rules.find((r) => r.site_kind === 'HOTEL')!;
  const t = now - 5 * DAY - 7 * HOUR;
  await entry(sites[0].id, hotelArea.area, t, later());
  const afterLate = (await stored()).days;
  const dropped = built.filter((d) => !afterLate.includes(d));
  expect(dropped.length).toBeGreaterThan(0);
  const lo = new Date(t).toISOString().slice(0, 10);
  const hi = new Date(t + hotelArea.max_interval_hours * HOUR).toISOString().slice(0, 10);
  expect(dropped.every((d) => d >= lo && d <= hi)).toBe(true);
  await expectDaysTrue();
  await expectReportTrue(from, now); // rebuilds what went
  await expectReportTrue(from, now, now - 6 * DAY); // a cutoff before the late entry: that site walked
  expect(await expectDaysTrue()).toEqual(built);

  // An area never logged gets its first entry now: its open-ended lapse (from the beginning of
  // time) ends, so the open sets before today go; the report still answers as the walk does.
  const venueArea = rules.find((r) => r.site_kind === 'VENUE')!.area;
  const today = new Date(Math.floor(now / DAY) * DAY);
  const openBefore = async () => (await hub.ds.query(`SELECT count(*)::int AS n FROM report_hour WHERE section = 'open_before' AND hour = $1`, [today]))[0].n;
  expect(await openBefore()).toBe(1);
  const firstLog = later();
  await entry(sites[3].id, venueArea, firstLog - 1000, firstLog);
  expect(await openBefore()).toBe(0);
  await expectDaysTrue();
  await expectReportTrue(from, hub.clock.now.getTime());
  await expectDaysTrue();

  // A correction that moves an entry by half a day, to another area.
  const victim = logged.find((e) => e.siteId === sites[1].id && e.started > now - 8 * DAY && e.started < now - 6 * DAY)!;
  const otherArea = rules.find((r) => r.site_kind === 'ISOLATION_SITE' && r.area !== victim.area)!.area;
  await entry(victim.siteId, otherArea, victim.started + 12 * HOUR, later(), victim.id);
  await expectDaysTrue();
  await expectReportTrue(from, now);

  // A site recorded as created in the past belongs in days built already: they go.
  await makeSite(hub.ds, { kind: 'SAMPLING_POINT', createdAt: new Date(now - 12 * DAY), updatedAt: new Date(now - 12 * DAY), district: '消毒-日集' });
  expect((await stored()).days.every((d) => d < new Date(now - 12 * DAY).toISOString().slice(0, 10))).toBe(true);
  await expectReportTrue(now - 11 * DAY, now); // it counts, from its (never-ending) lapse
  await expectDaysTrue();

  // A site that changes kind, a rule that changes: every day goes, and comes back true.
  await hub.ds.query(`UPDATE site SET kind = 'VENUE', updated_at = now() WHERE id = $1`, [sites[4].id]);
  expect((await stored()).days).toEqual([]);
  await expectReportTrue(from, now);
  await expectDaysTrue();
  const slots = await hub.ds.query(`SELECT s.kind = ss.kind AS same FROM site s JOIN site_slot ss ON ss.site_id = s.id`);
  expect(slots.length).toBe(sites.length + 1);
  expect(slots.every((x: { same: boolean }) => x.same)).toBe(true);
  await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = max_interval_hours + 6 WHERE site_kind = 'DETENTION_FACILITY'`);
  expect((await stored()).days).toEqual([]);
  await expectReportTrue(from, now);
  await expectDaysTrue();
});

it("reads the ended lapses under way at a past period's end from its hour's through set, which the writes that change it drop", async () => {
  const at = (t: number) => ({ createdAt: new Date(t), updatedAt: new Date(t), district: '消毒-日集' });
  const hotel = await makeSite(hub.ds, { kind: 'HOTEL', ...at(T0) });
  const venue = await makeSite(hub.ds, { kind: 'VENUE', ...at(T0) }); // never logged: in a lapse from its origin on, open-ended
  // The hotel logs every area every 8 hours, at 20 past, up to an hour ago; its guest rooms (24 h)
  // not between 10 and 4 days ago: one ended lapse, under way for days.
  const gapFrom = now - 10 * DAY;
  const gapTo = now - 4 * DAY;
  let lastBefore = 0;
  let firstAfter = Infinity;
  for (const r of rules.filter((x) => x.site_kind === 'HOTEL')) {
    for (let t = Math.floor(T0 / HOUR) * HOUR + HOUR + 20 * 60_000; t < now - HOUR; t += 8 * HOUR) {
      if (r.area === 'GUEST_ROOMS' && t > gapFrom && t < gapTo) continue;
      if (r.area === 'GUEST_ROOMS' && t <= gapFrom) lastBefore = t;
      if (r.area === 'GUEST_ROOMS' && t >= gapTo) firstAfter = Math.min(firstAfter, t);
      await entry(hotel.id, r.area, t);
    }
  }
  const hourOf = (t: number) => new Date(Math.floor(t / HOUR) * HOUR);
  const built = async (e: number) => (await hub.ds.query(`SELECT count(*)::int AS n FROM report_hour WHERE section = 'through' AND hour = $1`, [hourOf(e)]))[0].n;
  const inThrough = async (e: number, siteId: string) =>
    (await hub.ds.query(
      `SELECT count(*)::int AS n FROM report_hour_set x JOIN site_slot ss ON ss.kind = x.kind AND x.chunk = ss.slot / 8192
       WHERE x.section = 'through' AND x.what = 's' AND x.hour = $1 AND ss.site_id = $2 AND get_bit(x.bits, ss.slot % 8192) = 1`,
      [hourOf(e), siteId],
    ))[0].n === 1;
  const hotelsInBreach = (rows: { siteKind: string; sitesInBreachAtEnd: number }[]) => rows.find((k) => k.siteKind === 'HOTEL')!.sitesInBreachAtEnd;
  // Ends inside the lapse: on an hour (as the console's periods end, at a local midnight), within
  // one, and in the hour the lapse ends in, before its end (then read from the lapse itself).
  const e1 = Math.floor((now - 7 * DAY) / HOUR) * HOUR;
  const e2 = e1 + 17 * 60_000;
  const e3 = firstAfter - 10 * 60_000;
  expect(e1 > lastBefore + DAY && e3 > lastBefore + DAY).toBe(true);
  for (const e of [e1, e2, e3]) {
    await expectReportTrue(e - 8 * DAY, e);
    expect(await built(e)).toBe(1);
  }
  expect(await inThrough(e1, hotel.id)).toBe(true);
  expect(await inThrough(e3, hotel.id)).toBe(false); // the lapse ends within e3's hour
  // A period within e2's hour is read from the lapses alone (none of it built: a lapse under way
  // through it fails it, which the set would not say).
  await expectReportTrue(e2 - 10 * 60_000, e2);
  expect(await expectHoursTrue()).toBeGreaterThan(0);

  // The report reads the set: emptied by hand, the hotel is no longer in breach at e1.
  const [{ hotels }] = await hub.ds.query(`SELECT count(*)::int AS hotels FROM site WHERE kind = 'HOTEL'`);
  expect(hotels).toBeGreaterThan(1);
  const inBreach = hotelsInBreach(await expectReportTrue(e1 - 8 * DAY, e1));
  await hub.ds.query(`UPDATE report_hour_set SET bits = bits & ~bits WHERE section = 'through' AND hour = $1`, [hourOf(e1)]);
  const r = await hub.gql(REPORT, { p: { from: new Date(e1 - 8 * DAY).toISOString(), to: new Date(e1).toISOString() } }, command);
  expect(hotelsInBreach(r.data.report.disinfection)).toBeLessThan(inBreach);
  await hub.ds.query(`DELETE FROM report_hour WHERE section = 'through'`);

  // A late entry 12 hours before e1 splits the lapse: e1's hour goes (within [t, t + 24 h]), e3's stays.
  for (const e of [e1, e3]) await expectReportTrue(e - 8 * DAY, e);
  await entry(hotel.id, 'GUEST_ROOMS', e1 - 12 * HOUR, later());
  expect(await built(e1)).toBe(0);
  expect(await built(e3)).toBe(1);
  await expectHoursTrue();
  for (const e of [e1, e2, e3]) await expectReportTrue(e - 8 * DAY, e);
  expect(await inThrough(e1, hotel.id)).toBe(false);

  // The venue's first entry, now: its open-ended lapse becomes an ended one, under way at e1.
  expect(await inThrough(e1, venue.id)).toBe(false);
  const firstLog = later();
  await entry(venue.id, 'ENTRANCE', firstLog - 1000, firstLog);
  expect(await built(e1)).toBe(0);
  await expectHoursTrue();
  for (const e of [e1, e2, e3]) await expectReportTrue(e - 8 * DAY, e);
  expect(await inThrough(e1, venue.id)).toBe(true);
  await expectHoursTrue();
});

it('a build waits for a writer that is changing one of its days, and keeps its write', async () => {
  const days = wholeDays(new Date(now - 4 * DAY), new Date(now));
  await hub.ds.query(`DELETE FROM report_day WHERE section = 'compliance'`);
  const runner = hub.ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    // An entry filling a long gap three days ago, not committed yet.
    await runner.query(
      `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
       VALUES ($1, $2, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $3, 20, '保洁员', $4, now())`,
      [sites[3].id, rules.find((r) => r.site_kind === 'VENUE')!.area, new Date(now - 3 * DAY), recorder],
    );
    let done = false;
    const build = ensureComplianceDays(hub.ds, days).then((n) => ((done = true), n));
    // Wait until the build is blocked on the writer's lock (a server process of this database
    // waiting for an advisory lock); if it never blocks, this fails.
    await waitFor(async () => (await hub.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`))[0].n > 0, 'the build to wait for the lock');
    expect(done).toBe(false); // waiting for the writer's lock
    await runner.commitTransaction();
    expect(await build).toBe(days.length);
  } finally {
    await runner.release();
  }
  expect(await expectDaysTrue()).toEqual(days);
  await expectReportTrue(now - 4 * DAY - HOUR, now);
});

it('keeps the sites no longer active as a mask through every change, and judges a site closed after a past cutoff as of that cutoff only', async () => {
  /** The kept mask is what a rebuild from the sites says; returns its rows. */
  const expectMaskTrue = async () => {
    const read = () => hub.ds.query(`SELECT what, kind, chunk, ${positions} AS bits FROM report_site_mask ORDER BY what, kind, chunk`);
    const kept = await read();
    await hub.ds.query(`SELECT report_site_mask_rebuild(NULL)`);
    expect(kept).toEqual(await read());
    // And the active sites kept per kind (migration ReportSiteCount) are those counted now.
    expect(await hub.ds.query(`SELECT kind, active FROM report_site_count WHERE active > 0 ORDER BY kind`)).toEqual(
      await hub.ds.query(`SELECT kind, count(*)::int AS active FROM site WHERE status = 'ACTIVE' GROUP BY kind ORDER BY kind`),
    );
    return kept as { what: string; kind: string; bits: number[] }[];
  };
  const slotOf = async (id: string) => (await hub.ds.query(`SELECT kind, slot FROM site_slot WHERE site_id = $1`, [id]))[0] as { kind: string; slot: number };
  const inMask = (mask: { what: string; kind: string; bits: number[] }[], s: { kind: string; slot: number }) =>
    mask.some((m) => m.what === 's' && m.kind === s.kind && (m.bits ?? []).includes(s.slot));
  const from = now - 15 * DAY - 5 * HOUR;
  const isolation = (rows: { siteKind: string; sites: number }[]) => rows.find((k) => k.siteKind === 'ISOLATION_SITE')?.sites ?? 0;

  // The site closed when the hub started is in it; the isolation site that keeps its log is not.
  const closed = await slotOf(sites[5].id);
  const open = await slotOf(sites[1].id);
  expect(inMask(await expectMaskTrue(), closed)).toBe(true);
  expect(inMask(await expectMaskTrue(), open)).toBe(false);
  const before = isolation(await expectReportTrue(from, hub.clock.now.getTime()));

  // It closes now: out of the report up to now, still judged as of a cutoff before it closed.
  await hub.ds.query(`UPDATE site SET status = 'CLOSED', updated_at = $2 WHERE id = $1`, [sites[1].id, new Date(later())]);
  expect(inMask(await expectMaskTrue(), open)).toBe(true);
  expect(isolation(await expectReportTrue(from, hub.clock.now.getTime()))).toBe(before - 1);
  expect(isolation(await expectReportTrue(from, now, now - 3 * DAY))).toBe(before);

  // It opens again; a closed site changes kind (a new slot in its new kind).
  await hub.ds.query(`UPDATE site SET status = 'ACTIVE', updated_at = $2 WHERE id = $1`, [sites[1].id, new Date(later())]);
  expect(inMask(await expectMaskTrue(), open)).toBe(false);
  expect(isolation(await expectReportTrue(from, hub.clock.now.getTime()))).toBe(before);
  await hub.ds.query(`UPDATE site SET kind = 'HOTEL', updated_at = $2 WHERE id = $1`, [sites[5].id, new Date(later())]);
  const mask = await expectMaskTrue();
  expect(inMask(mask, closed)).toBe(false);
  expect(inMask(mask, await slotOf(sites[5].id))).toBe(true);
  await expectReportTrue(from, hub.clock.now.getTime());
  await expectReportTrue(from, now, now - 2 * DAY);

  // An active site changes kind, and both change in one statement: each kind's count follows.
  await hub.ds.query(`UPDATE site SET kind = CASE WHEN id = $1 THEN 'HOTEL' ELSE 'ISOLATION_SITE' END, updated_at = $3 WHERE id IN ($1, $2)`, [sites[1].id, sites[5].id, new Date(later())]);
  await expectMaskTrue();
  expect(isolation(await expectReportTrue(from, hub.clock.now.getTime()))).toBe(before - 1);
  await expectReportTrue(from, now, now - 2 * DAY);
});
