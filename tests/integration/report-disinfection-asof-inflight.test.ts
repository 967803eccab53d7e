import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeSite } from '../fixtures/factory';
import { disinfectionWalkSql } from '../../src/modules/report/report.sql';
import { reportParams } from '../../src/modules/report/report.service';
import { prng } from '../fixtures/samples';

/**
 * A whole-area report as of a past cutoff leaves the sites whose only late points are entries
 * recorded after the cutoff (no correction among them) in the day sets, which judge their logs as
 * they are now, and adds what the late entries change (report-sql.disinfection.ts, adj_figures): an
 * area failed as of the cutoff when it failed now or its walk from its last point before the late
 * entry fails; it is in breach when the walk says so, and its site with it. Here many sites log
 * with gaps of every length, most entries recorded 15-60 minutes after they started and some hours
 * later, and reports as of cutoffs all over the last days must equal walking every entry as it
 * stood at the cutoff; the cutoffs are chosen so that the late entries change each kind of figure.
 *
 * Half the sites' entries are written in the order they were recorded, as the hub writes them:
 * their neighbours (migration DisinfectionEntryNeighbours) are known, and an area whose first late
 * entry has no neighbour by E is judged from them without reading its entries. The other half
 * are written in the order they started, as a bulk import might, so that an entry recorded before
 * entries already written clears their neighbours, and those are read from the entries again.
 */
let hub: TestHub;
let command: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rand = prng(20261206);

beforeAll(async () => {
  hub = await startTestHub();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

const FIGURES = 'siteKind sites requirements requirementsMet requirementsInBreachAtEnd sitesInBreachAtEnd';
const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { cutoff disinfection { ${FIGURES} } } }`;
type Row = { siteKind: string; sites: number; requirements: number; requirementsMet: number; requirementsInBreachAtEnd: number; sitesInBreachAtEnd: number };

const walk = (from: number, to: number, cutoff: number): Promise<Row[]> =>
  hub.ds.query(disinfectionWalkSql, reportParams({ period: { from: new Date(from), to: new Date(to) }, district: null, asOf: new Date(cutoff), cutoff: new Date(cutoff) }).slice(0, 4));

/** One site's entries (area, started, recorded), written in the order they were recorded, as the hub receives them. */
async function writeInRecordedOrder(siteId: string, recorder: string, rows: [string, Date, Date][]) {
  const sorted = [...rows].sort((a, b) => a[2].getTime() - b[2].getTime());
  await hub.ds.query(
    `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
     SELECT $1, x.area, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', x.started_at, 20, '保洁员', $2, x.recorded_at
     FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) x(area, started_at, recorded_at)`,
    [siteId, recorder, sorted.map((r) => r[0]), sorted.map((r) => r[1]), sorted.map((r) => r[2])],
  );
}

it('judges the areas in flight at a past cutoff as the walk does, through the day sets', async () => {
  const now = hub.clock.pin().getTime();
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const rules: { site_kind: string; area: string; h: number }[] = await hub.ds.query(
    `SELECT site_kind, area, max_interval_hours AS h FROM disinfection_rule WHERE site_kind IN ('HOTEL', 'ISOLATION_SITE', 'VENUE') ORDER BY site_kind, area`,
  );
  const rows: unknown[][] = [];
  const inOrder: unknown[][] = [];
  for (let i = 0; i < 18; i++) {
    const kind = (['HOTEL', 'ISOLATION_SITE', 'VENUE'] as const)[i % 3];
    const created = new Date(now - 40 * DAY);
    const site = await makeSite(hub.ds, { kind, createdAt: created, updatedAt: created });
    for (const { area, h } of rules.filter((r) => r.site_kind === kind)) {
      // Within the interval (three areas in five), or now and then a gap longer than it; each
      // entry recorded 15-60 minutes after it started, one in ten some hours later.
      const lapses = rand() < 0.4 ? 0.04 : 0;
      for (let t = now - 25 * DAY + rand() * h * HOUR; t < now - HOUR; t += h * HOUR * (rand() < lapses ? 1.1 + rand() : 0.4 + rand() * 0.55)) {
        const delay = rand() < 0.1 ? (2 + rand() * 10) * HOUR : (15 + rand() * 45) * 60_000;
        (i % 2 === 0 ? inOrder : rows).push([site.id, area, new Date(Math.round(t)), recorder, new Date(Math.min(Math.round(t + delay), now))]);
      }
    }
  }
  // The even sites' entries as the hub receives them (by recorded time), the odd ones' by start.
  inOrder.sort((a, b) => (a[4] as Date).getTime() - (b[4] as Date).getTime());
  await insert(inOrder);
  await insert(rows);

  // Every entry's known neighbours account for each entry recorded before it (its next is at or
  // before the first of them at or after it; its previous is the last before it, or a later one
  // recorded after it, which the report never takes for q); some are known and some cleared.
  const neighbours = await hub.ds.query(
    `SELECT count(*) FILTER (WHERE m.next_started_at IS NOT NULL)::int AS known, count(*) FILTER (WHERE m.next_started_at IS NULL)::int AS cleared,
            count(*) FILTER (WHERE m.next_started_at > coalesce((SELECT min(e.started_at) FROM disinfection_entry e WHERE e.site_id = m.site_id AND e.area = m.area
                                   AND e.started_at >= m.started_at AND e.id <> m.id AND e.recorded_at <= m.recorded_at), 'infinity')
                              OR m.prev_started_at < coalesce((SELECT max(e.started_at) FROM disinfection_entry e WHERE e.site_id = m.site_id AND e.area = m.area
                                   AND e.started_at < m.started_at AND e.recorded_at <= m.recorded_at), '-infinity'))::int AS wrong
     FROM disinfection_entry m`,
  );
  expect(neighbours).toEqual([{ known: expect.any(Number), cleared: expect.any(Number), wrong: 0 }]);
  expect(neighbours[0].known).toBeGreaterThan(1000);
  expect(neighbours[0].cleared).toBeGreaterThan(100);
  await expect(hub.ds.query(`UPDATE disinfection_entry SET notes = 'x' WHERE id = (SELECT min(id::text)::uuid FROM disinfection_entry)`)).rejects.toThrow(/append-only/);
  await expectArrivalsRebuilt();

  // The entries that arrived after their area's cover had run out (migration
  // DisinfectionLapsedArrivals), as the triggers keep them, are what a rebuild makes of the log:
  // some with the entry before them cleared (-infinity), some with it known.
  async function expectArrivalsRebuilt() {
    const read = () => hub.ds.query(`SELECT entry_id, site_id, area, started_at, recorded_at, prev_started_at, next_started_at, corr, lapse_from, kind, slot FROM disinfection_lapsed_arrival ORDER BY entry_id`);
    const kept = await read();
    await hub.ds.query(`SELECT disinfection_lapsed_arrival_rebuild(NULL)`);
    expect(await read()).toEqual(kept);
    const [n] = await hub.ds.query(
      `SELECT count(*) FILTER (WHERE lapse_from = '-infinity')::int AS cleared, count(*) FILTER (WHERE lapse_from > '-infinity')::int AS known FROM disinfection_lapsed_arrival`,
    );
    expect(n.cleared).toBeGreaterThan(50);
    expect(n.known).toBeGreaterThan(200);
  }

  async function insert(all: unknown[][]) {
    for (let k = 0; k < all.length; k += 500) await insertChunk(all.slice(k, k + 500));
  }
  async function insertChunk(chunk: unknown[][]) {
    await hub.ds.query(
      `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
       SELECT x.site_id, x.area, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', x.started_at, 20, '保洁员', x.recorded_by, x.recorded_at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::timestamptz[]) x(site_id, area, started_at, recorded_by, recorded_at)`,
      [0, 1, 2, 3, 4].map((c) => chunk.map((r) => r[c])),
    );
  }

  // Cutoffs at random instants of the last 20 days, each with periods of 2 and 10 days before it
  // up to now (so E is the cutoff) and one ending before it.
  const seen = { met: 0, breach: 0, sites: 0 };
  for (let k = 0; k < 16; k++) {
    const cutoff = Math.round(now - 2 * DAY - rand() * 18 * DAY);
    for (const [from, to] of [[cutoff - 2 * DAY, now], [cutoff - 10 * DAY, now], [cutoff - 2 * DAY - 7 * HOUR, cutoff - Math.round(rand() * 3 * HOUR)]]) {
      const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, asOf: new Date(cutoff).toISOString() }, command);
      expect(r.errors).toBeUndefined();
      const expected = await walk(from, to, cutoff);
      expect({ cutoff, from, to, rows: r.data.report.disinfection }).toEqual({ cutoff, from, to, rows: expected });
      // What the late entries change: the same stretch judged on the log as it is now.
      const e = Math.min(to, cutoff);
      const judgedNow = await walk(from, e, now);
      const sum = (rs: Row[], f: keyof Row) => rs.reduce((a, x) => a + (x[f] as number), 0);
      if (sum(expected, 'requirementsMet') !== sum(judgedNow, 'requirementsMet')) seen.met++;
      if (sum(expected, 'requirementsInBreachAtEnd') !== sum(judgedNow, 'requirementsInBreachAtEnd')) seen.breach++;
      if (sum(expected, 'sitesInBreachAtEnd') !== sum(judgedNow, 'sitesInBreachAtEnd')) seen.sites++;
    }
  }
  // The cutoffs found areas whose figures the late entries change, of every kind.
  expect(seen.met).toBeGreaterThan(3);
  expect(seen.breach).toBeGreaterThan(3);
  expect(seen.sites).toBeGreaterThan(3);

  // A rule changed: every entry's cover is judged by the new interval (the lapsed arrivals rebuilt
  // with the lapses), and the reports still walk.
  await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = max_interval_hours + 3 WHERE site_kind = 'VENUE'`);
  await hub.ds.query(`UPDATE disinfection_rule SET max_interval_hours = max_interval_hours - 2 WHERE site_kind = 'ISOLATION_SITE'`);
  await expectArrivalsRebuilt();
  // Two sites' kinds changed (each gets a slot in its new kind after its rows were rebuilt: the
  // rows carry the new kind and slot, migration DisinfectionArrivalSlots), and the reports still walk.
  const [hotel] = await hub.ds.query(`SELECT s.id FROM site s JOIN disinfection_lapsed_arrival a ON a.site_id = s.id WHERE s.kind = 'HOTEL' ORDER BY s.id LIMIT 1`);
  const [venue] = await hub.ds.query(`SELECT s.id FROM site s JOIN disinfection_lapsed_arrival a ON a.site_id = s.id WHERE s.kind = 'VENUE' ORDER BY s.id LIMIT 1`);
  await hub.ds.query(`UPDATE site SET kind = 'VENUE' WHERE id = $1`, [hotel.id]);
  await hub.ds.query(`UPDATE site SET kind = 'HOTEL' WHERE id = $1`, [venue.id]);
  const moved = await hub.ds.query(
    `SELECT DISTINCT a.kind, a.slot = ss.slot AS same_slot FROM disinfection_lapsed_arrival a JOIN site_slot ss ON ss.site_id = a.site_id WHERE a.site_id IN ($1, $2) ORDER BY a.kind`,
    [hotel.id, venue.id],
  );
  expect(moved).toEqual([{ kind: 'HOTEL', same_slot: true }, { kind: 'VENUE', same_slot: true }]);
  await expectArrivalsRebuilt();
  for (let k = 0; k < 6; k++) {
    const cutoff = Math.round(now - 2 * DAY - rand() * 18 * DAY);
    const [from, to] = [cutoff - 3 * DAY, now];
    const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, asOf: new Date(cutoff).toISOString() }, command);
    expect(r.errors).toBeUndefined();
    expect({ cutoff, rows: r.data.report.disinfection }).toEqual({ cutoff, rows: await walk(from, to, cutoff) });
  }
}, 180_000);

it("takes a new area's origin for its last point when its first entry was recorded after the cutoff", async () => {
  // An isolation site registered 2.5 hours before the cutoff (every 4 hours), each area's first
  // entry started 2.2 hours before it and recorded half an hour after; then an entry every 3 hours,
  // written as recorded. As of the cutoff, with the period starting after the site's registration,
  // the areas are covered from their origin: met, and not in breach at E.
  const now = hub.clock.pin().getTime();
  const cutoff = now - 3 * DAY;
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const site = await makeSite(hub.ds, { kind: 'ISOLATION_SITE', createdAt: new Date(cutoff - 2.5 * HOUR), updatedAt: new Date(cutoff - 2.5 * HOUR) });
  const areas: { area: string }[] = await hub.ds.query(`SELECT area FROM disinfection_rule WHERE site_kind = 'ISOLATION_SITE' ORDER BY area`);
  const rows: [string, Date, Date][] = [];
  for (const { area } of areas) {
    rows.push([area, new Date(cutoff - 2.2 * HOUR), new Date(cutoff + 0.5 * HOUR)]);
    for (let t = cutoff + 0.8 * HOUR; t < now - HOUR; t += 3 * HOUR) rows.push([area, new Date(t), new Date(t + 20 * 60_000)]);
  }
  await writeInRecordedOrder(site.id, recorder, rows);
  const from = cutoff - 2 * HOUR;
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(now).toISOString() }, asOf: new Date(cutoff).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  expect(r.data.report.disinfection).toEqual(await walk(from, now, cutoff));
});

it('clears the neighbours that an entry, or a correction, written after entries recorded later falls between', async () => {
  const now = hub.clock.pin().getTime();
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const site = await makeSite(hub.ds, { kind: 'HOTEL', createdAt: new Date(now - 10 * DAY), updatedAt: new Date(now - 10 * DAY) });
  const write = async (area: string, startedH: number, recordedH: number, correctsId?: string): Promise<string> =>
    (
      await hub.ds.query(
        `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at, corrects_id, correction_reason)
         VALUES ($1, $2, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $3, 20, '保洁员', $4, $5, $6, $7) RETURNING id`,
        [site.id, area, new Date(now - startedH * HOUR), recorder, new Date(now - recordedH * HOUR), correctsId ?? null, correctsId ? 'wrong time' : null],
      )
    )[0].id;
  const neighbours = async (id: string) =>
    (await hub.ds.query(`SELECT prev_started_at AS prev, next_started_at AS next FROM disinfection_entry WHERE id = $1`, [id]))[0] as { prev: Date | null; next: Date | null };
  const at = (h: number) => new Date(now - h * HOUR);

  // In order: each knows the one before (none after yet).
  const a = await write('LOBBY', 50, 49);
  const b = await write('LOBBY', 30, 29);
  const c = await write('LOBBY', 10, 9);
  expect(await neighbours(a)).toEqual({ prev: -Infinity, next: Infinity });
  expect(await neighbours(c)).toEqual({ prev: at(30), next: Infinity });
  // Another area's entries, and a later one of this area, recorded out of order elsewhere, leave c alone.
  await write('RESTROOMS', 40, 39);
  await write('LOBBY', 5, 4);
  expect(await neighbours(c)).toEqual({ prev: at(30), next: Infinity });
  // Recorded at -20 h (before c, after b), started between b and c: c's previous changes, b's next too
  // (b was recorded before it: its neighbours stand).
  const d = await write('LOBBY', 20, 19.5);
  expect(await neighbours(c)).toEqual({ prev: null, next: null });
  expect(await neighbours(b)).toEqual({ prev: at(50), next: Infinity });
  expect(await neighbours(d)).toEqual({ prev: at(30), next: at(10) });
  // A correction of a, recorded before b: a no longer counts, so b's previous is cleared.
  await write('LOBBY', 48, 35, a);
  expect(await neighbours(b)).toEqual({ prev: null, next: null });
  // The report still judges from the entries themselves: as the walk does at every cutoff.
  for (const h of [40, 25, 19.6, 15, 9.5, 6]) {
    const cutoff = now - h * HOUR;
    const from = cutoff - 2 * DAY;
    const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(now).toISOString() }, asOf: new Date(cutoff).toISOString() }, command);
    expect(r.errors).toBeUndefined();
    expect(r.data.report.disinfection).toEqual(await walk(from, now, cutoff));
  }
});

it('walks a site registered during the period whose entries arrived after its cover ran out, in flight at the cutoff', async () => {
  // An isolation site registered a day before the cutoff C (50 minutes into an hour, so the
  // lapse the late entry closes lies wholly in the part of C's hour that no hour set holds): each
  // area's cover runs out 40 minutes before C, and the entry that restores it started 30 minutes
  // before C and was recorded 20 minutes after. As of C every area failed and is in breach at E;
  // as the log is now it failed once, and is not. Such a site is left out of the day sets (it
  // started after the period), so it is walked, not adjusted in the sets.
  const now = hub.clock.pin().getTime();
  const cutoff = Math.floor((now - 3 * DAY) / HOUR) * HOUR + 50 * 60_000;
  const created = cutoff - DAY;
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const site = await makeSite(hub.ds, { kind: 'ISOLATION_SITE', createdAt: new Date(created), updatedAt: new Date(created) });
  const areas: { area: string; h: number }[] = await hub.ds.query(`SELECT area, max_interval_hours AS h FROM disinfection_rule WHERE site_kind = 'ISOLATION_SITE' ORDER BY area`);
  const rows: [string, Date, Date][] = [];
  for (const { area, h } of areas) {
    for (let t = cutoff - 40 * 60_000 - h * HOUR; t > created; t -= (h - 1) * HOUR) rows.push([area, new Date(t), new Date(t + 10 * 60_000)]);
    rows.push([area, new Date(cutoff - 30 * 60_000), new Date(cutoff + 20 * 60_000)]);
    rows.push([area, new Date(cutoff + 2 * HOUR), new Date(cutoff + 2 * HOUR + 10 * 60_000)]);
  }
  await writeInRecordedOrder(site.id, recorder, rows);
  // Each area's late entry is an arrival after its cover ran out, in flight at C.
  const [inFlight] = await hub.ds.query(
    `SELECT count(*)::int AS n FROM disinfection_lapsed_arrival WHERE site_id = $1 AND started_at > $2::timestamptz - interval '2 hours' AND started_at <= $2 AND recorded_at > $2 AND lapse_from < $2`,
    [site.id, new Date(cutoff)],
  );
  expect(inFlight.n).toBe(areas.length);
  for (const from of [cutoff - 2 * DAY, cutoff - DAY - 2 * HOUR]) {
    const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(now).toISOString() }, asOf: new Date(cutoff).toISOString() }, command);
    expect(r.errors).toBeUndefined();
    const expected = await walk(from, now, cutoff);
    expect(r.data.report.disinfection).toEqual(expected);
    const isolation = expected.find((x) => x.siteKind === 'ISOLATION_SITE')!;
    expect(isolation.sitesInBreachAtEnd).toBeGreaterThanOrEqual(1);
  }
});

it('judges the areas in flight of sites closed since, before and after the cutoff, as the walk does', async () => {
  // Two isolation sites there long before the period, each area's cover running out 40 minutes
  // before the cutoff C and restored by an entry started 30 minutes before C, recorded 20 minutes
  // after it. One was closed an hour before C (not judged at E), the other three hours after C
  // (judged at E as active then, while the mask kept of the sites not active now holds it).
  const now = hub.clock.pin().getTime();
  const cutoff = Math.floor((now - 4 * DAY) / HOUR) * HOUR + 50 * 60_000;
  const created = cutoff - 20 * DAY;
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const areas: { area: string; h: number }[] = await hub.ds.query(`SELECT area, max_interval_hours AS h FROM disinfection_rule WHERE site_kind = 'ISOLATION_SITE' ORDER BY area`);
  const closedAt = [cutoff - HOUR, cutoff + 3 * HOUR];
  const sites = [];
  for (const closed of closedAt) {
    const site = await makeSite(hub.ds, { kind: 'ISOLATION_SITE', createdAt: new Date(created), updatedAt: new Date(created) });
    const rows: [string, Date, Date][] = [];
    for (const { area, h } of areas) {
      for (let t = cutoff - 40 * 60_000 - h * HOUR; t > cutoff - 3 * DAY; t -= (h - 1) * HOUR) rows.push([area, new Date(t), new Date(t + 10 * 60_000)]);
      rows.push([area, new Date(cutoff - 30 * 60_000), new Date(cutoff + 20 * 60_000)]);
    }
    await writeInRecordedOrder(site.id, recorder, rows);
    await hub.ds.query(`UPDATE site SET status = 'CLOSED', updated_at = $2 WHERE id = $1`, [site.id, new Date(closed)]);
    sites.push(site.id);
  }
  const [inFlight] = await hub.ds.query(
    `SELECT count(*)::int AS n FROM disinfection_lapsed_arrival WHERE site_id = ANY($1) AND started_at > $2::timestamptz - interval '2 hours' AND started_at <= $2 AND recorded_at > $2 AND lapse_from < $2`,
    [sites, new Date(cutoff)],
  );
  expect(inFlight.n).toBe(2 * areas.length);
  const from = cutoff - 2 * DAY;
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(now).toISOString() }, asOf: new Date(cutoff).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  const expected = await walk(from, now, cutoff);
  expect(r.data.report.disinfection).toEqual(expected);
  // (the site closed after the cutoff is in breach at E)
  expect(expected.find((x) => x.siteKind === 'ISOLATION_SITE')!.sitesInBreachAtEnd).toBeGreaterThanOrEqual(1);
});
