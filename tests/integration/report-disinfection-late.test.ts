import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';
import { prng } from '../fixtures/samples';

/**
 * The report's late disinfection entries (lateArrivals.disinfectionEntries: started in the period,
 * recorded after the cutoff) are read from a tally per (hour started, hour recorded) kept by
 * triggers (migration DisinfectionLateTally), plus the entries at the edges. What must hold: the
 * figure, through GraphQL, equals counting the entries one by one, for periods and cutoffs at
 * hour edges and within hours, as of past cutoffs, after entries filed one by one, in bulk and
 * through the mutation, after an update or delete, and before and after the tally is folded;
 * and the tally, folded or not, holds every entry under its hours.
 */
let hub: TestHub;
let command: string;
let recorder: string;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
let now: number;
let H: number; // the start of now's UTC hour
const rand = prng(20261205);

/** Every entry as written: its id, when it started and when it was recorded. */
const entries = new Map<string, { started: number; recorded: number }>();
let siteId: string;
let managerName: string;

/** A started time within the last 35 days, sometimes exactly at an hour (or a millisecond off it). */
function started(): number {
  const t = Math.round(H - 35 * DAY + rand() * 35 * DAY);
  const r = rand();
  if (r < 0.15) return Math.floor(t / HOUR) * HOUR;
  if (r < 0.2) return Math.floor(t / HOUR) * HOUR - 1;
  return t;
}
/** When it was recorded: mostly within the half hour, some hours or days later, some at an hour edge; never after now. */
function recordedFor(s: number): number {
  const r = rand();
  let t = r < 0.5 ? s + rand() * 30 * MIN : r < 0.75 ? s + rand() * 6 * HOUR : r < 0.9 ? s + rand() * 12 * DAY : Math.ceil((s + rand() * 3 * HOUR) / HOUR) * HOUR;
  t = Math.round(t);
  return Math.min(t, now);
}

/** Inserts the given entries in one statement (the trigger sees them all in one transition table). */
async function insert(rows: { started: number; recorded: number }[]) {
  const ids: { id: string }[] = await hub.ds.query(
    `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
     SELECT $1, 'LOBBY', 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', s, 20, '保洁员', $2, r FROM unnest($3::timestamptz[], $4::timestamptz[]) AS x(s, r) RETURNING id`,
    [siteId, recorder, rows.map((x) => new Date(x.started)), rows.map((x) => new Date(x.recorded))],
  );
  ids.forEach((x, i) => entries.set(x.id, rows[i]));
}

const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { cutoff lateArrivals { disinfectionEntries } } }`;

/** The report's figure over [from, to) as of asOf equals counting the entries; returns it. */
async function expectLate(from: number, to: number, asOf: number | null = null): Promise<number> {
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, asOf: asOf === null ? null : new Date(asOf).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  const cutoff = new Date(r.data.report.cutoff).getTime();
  let n = 0;
  for (const e of entries.values()) if (e.started >= from && e.started < to && e.recorded > cutoff) n++;
  expect({ from: new Date(from), to: new Date(to), cutoff: new Date(cutoff), late: r.data.report.lateArrivals.disinfectionEntries }).toEqual({ from: new Date(from), to: new Date(to), cutoff: new Date(cutoff), late: n });
  return n;
}

/** The tally, folded or not, holds every entry under its (hour started, hour recorded). */
async function expectTallyTrue() {
  const diff = await hub.ds.query(
    `(SELECT started_hour, recorded_hour, sum(entries)::int AS n FROM disinfection_late_tally GROUP BY 1, 2 HAVING sum(entries) <> 0
      EXCEPT SELECT date_trunc('hour', started_at AT TIME ZONE 'UTC'), date_trunc('hour', recorded_at AT TIME ZONE 'UTC'), count(*)::int FROM disinfection_entry GROUP BY 1, 2)
     UNION ALL
     (SELECT date_trunc('hour', started_at AT TIME ZONE 'UTC'), date_trunc('hour', recorded_at AT TIME ZONE 'UTC'), count(*)::int FROM disinfection_entry GROUP BY 1, 2
      EXCEPT SELECT started_hour, recorded_hour, sum(entries)::int FROM disinfection_late_tally GROUP BY 1, 2 HAVING sum(entries) <> 0)`,
  );
  expect(diff).toEqual([]);
}

/** Periods and cutoffs at hour edges, within hours, spanning no whole hour, as of past cutoffs. */
async function expectAll(): Promise<number> {
  const some = [...entries.values()].filter((e) => e.recorded - e.started > HOUR && e.started > H - 24 * DAY && e.recorded < H - DAY)[0];
  const cases: [number, number, number | null][] = [
    [H - 30 * DAY, H, H - 10 * DAY], // the shape: 30 days, as of 10 days ago, all at hour edges
    [H - 30 * DAY + 17 * MIN, now, H - 10 * DAY + 1_234_567], // mid-hour period and cutoff
    [H - 30 * DAY + 17 * MIN, H - 2 * DAY + 43 * MIN, null], // the cutoff is the period end (mid-hour)
    [H - 20 * DAY, H - 5 * DAY, null], // the cutoff is the period end (an hour edge)
    [H - 34 * DAY, now, null], // the cutoff is now
    [H - 5 * DAY + 10 * MIN, H - 5 * DAY + 50 * MIN, H - 5 * DAY + 20 * MIN], // within one hour
    [H - 5 * DAY + 10 * MIN, H - 5 * DAY + 70 * MIN, H - 5 * DAY + 10 * MIN], // across one hour edge, no whole hour; asOf = from
    [H - 5 * DAY, H - 4 * DAY, H - 5 * DAY + 30 * MIN], // whole hours only, the cutoff within them
    [H - 12 * DAY - 1, H - 3 * DAY + 1, H - 3 * DAY], // a millisecond either side of the hours
    [H - 25 * DAY, H - DAY, some.recorded], // the cutoff exactly at an entry's recording
    [H - 25 * DAY, H - DAY, some.recorded - 1],
    [H - 25 * DAY, now, H - 25 * DAY + 3 * HOUR - 1],
  ];
  let total = 0;
  for (const [from, to, asOf] of cases) total += await expectLate(from, to, asOf);
  return total;
}

beforeAll(async () => {
  hub = await startTestHub();
  now = hub.clock.pin().getTime();
  H = Math.floor(now / HOUR) * HOUR;
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  recorder = manager.id;
  managerName = manager.username;
  siteId = (await makeSite(hub.ds, { kind: 'HOTEL', createdAt: new Date(now - 40 * DAY), updatedAt: new Date(now - 40 * DAY) })).id;
  await bindManager(hub.ds, siteId, manager.id);
}, 60_000);
afterAll(() => hub.stop());

it('counts the late entries as counting them one by one, through inserts, an update, a delete and folding', async () => {
  // One by one, then in bulk statements.
  for (let i = 0; i < 60; i++) {
    const s = started();
    await insert([{ started: s, recorded: recordedFor(s) }]);
  }
  for (let b = 0; b < 4; b++) {
    await insert([...Array(150)].map(() => {
      const s = started();
      return { started: s, recorded: recordedFor(s) };
    }));
  }
  await expectTallyTrue();
  const [{ unfolded }] = await hub.ds.query(`SELECT count(*)::int AS unfolded FROM disinfection_late_tally WHERE NOT folded`);
  expect(unfolded).toBeGreaterThan(0);
  const total = await expectAll();
  expect(total).toBeGreaterThan(50); // the cases do count late entries

  // Through the mutation: entries recorded now (the hub's clock), late for any earlier cutoff.
  const token = await hub.login(managerName);
  const filed = await hub.gql(
    `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`,
    { i: { idempotencyKey: 'late-1', siteId, area: 'LOBBY', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt: new Date(H - 2 * HOUR).toISOString(), durationMinutes: 30, operatorName: '王师傅' } },
    token,
  );
  expect(filed.errors).toBeUndefined();
  const [row] = await hub.ds.query(`SELECT started_at, recorded_at FROM disinfection_entry WHERE id = $1`, [filed.data.recordDisinfection.id]);
  entries.set(filed.data.recordDisinfection.id, { started: row.started_at.getTime(), recorded: row.recorded_at.getTime() });
  await expectTallyTrue();
  expect(await expectLate(H - 3 * HOUR, H - HOUR, H - 2 * HOUR + 5 * MIN)).toBeGreaterThanOrEqual(1);

  // Entries are append-only (a trigger refuses UPDATE and DELETE); should maintenance lift that
  // (here in a transaction that disables it), the tally follows an update and a delete all the same.
  const [a, b] = [...entries.keys()];
  const moved = { started: H - 7 * DAY + 30 * MIN, recorded: H - 6 * DAY + 15 * MIN };
  await hub.ds.transaction(async (em) => {
    await em.query(`ALTER TABLE disinfection_entry DISABLE TRIGGER disinfection_entry_append_only`);
    await em.query(`UPDATE disinfection_entry SET started_at = $2, recorded_at = $3 WHERE id = $1`, [a, new Date(moved.started), new Date(moved.recorded)]);
    await em.query(`DELETE FROM disinfection_entry WHERE id = $1`, [b]);
    await em.query(`ALTER TABLE disinfection_entry ENABLE TRIGGER disinfection_entry_append_only`);
  });
  entries.set(a, moved);
  entries.delete(b);
  await expectTallyTrue();
  expect(await expectLate(H - 8 * DAY, H - 6 * DAY, H - 6 * DAY - 10 * HOUR)).toBeGreaterThanOrEqual(1);
  const beforeFold = await expectAll();

  // Folding (the clock watcher's scan) leaves one row per key and the same answers.
  await hub.server.services.feedWatcher.scanNow();
  const [{ n, keys, open }] = await hub.ds.query(
    `SELECT count(*)::int AS n, count(DISTINCT (started_hour, recorded_hour))::int AS keys, count(*) FILTER (WHERE NOT folded)::int AS open FROM disinfection_late_tally`,
  );
  expect({ n, open }).toEqual({ n: keys, open: 0 });
  await expectTallyTrue();
  expect(await expectAll()).toBe(beforeFold);

  // After the fold, more entries (appended rows again), and the same answers.
  for (let i = 0; i < 30; i++) {
    const s = started();
    await insert([{ started: s, recorded: recordedFor(s) }]);
  }
  await expectTallyTrue();
  await expectAll();
  // A rebuild (what a bulk load runs) recounts the same tally.
  await hub.ds.query(`SELECT disinfection_late_tally_rebuild()`);
  await expectTallyTrue();
  await expectAll();
}, 120_000);

it("counts of the cutoff's own hour only the entries started in the period's whole hours, the cutoff in either half of it", async () => {
  // The cutoff's hour X; entries recorded in it on either side of the cutoff, started before the
  // period, in its partial hours, in its whole hours and after it.
  const X = H - 9 * DAY;
  const [from, to] = [X - 2 * DAY + 20 * MIN, X + 5 * HOUR + 10 * MIN];
  const rows: { started: number; recorded: number }[] = [];
  for (const recorded of [X + 5 * MIN, X + 25 * MIN, X + 35 * MIN, X + 55 * MIN]) {
    for (const s of [from - DAY, from - MIN, from + 5 * MIN, X - 3 * HOUR, X + 2 * MIN, to - 5 * MIN, to + HOUR]) {
      if (s < recorded || s > to) rows.push({ started: s, recorded: recorded + (s > recorded ? s - recorded + MIN : 0) });
    }
  }
  await insert(rows);
  await expectTallyTrue();
  // The cutoff in the hour's second half (the entries recorded after it read) and in its first
  // (the hour's tally less those recorded up to it).
  expect(await expectLate(from, to, X + 45 * MIN)).toBeGreaterThan(3);
  expect(await expectLate(from, to, X + 15 * MIN)).toBeGreaterThan(6);
});
