import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeAgency, makeSite, makeTeam } from '../fixtures/factory';
import { publishChecklist } from '../fixtures/checklists';
import { inspectionsSql } from '../../src/modules/report/report.sql';
import { reportParams } from '../../src/modules/report/report.service';
import { DAY_INSPECTIONS_SQL, HOUR_INSPECTIONS_SQL, inspectionHours, wholeDays } from '../../src/modules/report/report-days';
import { prng } from '../fixtures/samples';
import { expectAsOfCutoffsTrue } from '../helpers/report-days';

/**
 * The whole-area report's inspections are read through day sets (migration InspectionDaySets):
 * per closed UTC day and site kind, the visits by outcome and the set of sites visited. Here a
 * generated month of visits with what makes the bookkeeping hard (corrections, corrections of a
 * day filed days later, offline filings received late, cancelled and scheduled inspections,
 * several visits of a site in a day and across days), then, after every kind of write:
 *   - a built day holds exactly what the inspections say of it now (or is gone), and
 *   - the report's inspections through GraphQL equal the statement that reads every visit of
 *     the period (inspectionsSql), for periods and cutoffs anywhere, late arrivals included.
 */
let hub: TestHub;
let command: string;
let teamId: string;
let versionId: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The test's "now": the hub's clock, pinned when the hub starts (run at other hours with
// tests/bin/at-time). `later()` moves it on a second, for rows recorded after the rest.
let now: number;
const later = () => hub.clock.advance(1000).getTime();

const rand = prng(20261204);
const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const OUTCOMES = ['PASS', 'PASS', 'PASS_WITH_FINDINGS', 'FAIL'];
const randJoint = prng(18);
let members: { accountId: string; agencyId: string }[] = [];

interface Visit {
  siteId: string;
  submitted: number;
  outcome?: string;
  status?: string;
  received?: number | null;
  created?: number;
  corrects?: string | null;
}
async function visit(v: Visit): Promise<string> {
  const status = v.status ?? 'SUBMITTED';
  const submitted = status === 'SUBMITTED' || status === 'CLOSED' ? new Date(v.submitted) : null;
  const created = new Date(Math.min(v.created ?? v.submitted, hub.clock.now.getTime()));
  const [row] = await hub.ds.query(
    `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, outcome, submitted_at, received_at, started_at, created_at, updated_at, due_at, corrects_inspection_id, correction_reason, cancelled_at, cancel_reason)
     VALUES ($1, $2, $3, $4::text, $5, $6, $7, $8, $9, $9, $8, $10, CASE WHEN $10::uuid IS NULL THEN NULL ELSE '更正结论' END,
             CASE WHEN $4::text = 'CANCELLED' THEN $9::timestamptz END, CASE WHEN $4::text = 'CANCELLED' THEN '取消' END) RETURNING id`,
    [v.siteId, teamId, versionId, status, submitted ? (v.outcome ?? pick(OUTCOMES)) : null, submitted, v.received ? new Date(v.received) : null, new Date(v.submitted - HOUR), created, v.corrects ?? null],
  );
  // Half the visits by a joint team: members of two agencies recorded on the inspection (a separate
  // sequence, so the visits themselves are the same as without it).
  if (randJoint() < 0.5) for (const m of members) await hub.ds.query(`INSERT INTO inspection_member (inspection_id, account_id, agency_id, is_leader) VALUES ($1, $2, $3, false)`, [row.id, m.accountId, m.agencyId]);
  return row.id;
}

const stored = async () => {
  const days: { day: string; known_until: Date; known_from: Date | number }[] = await hub.ds.query(`SELECT day::text, known_until, known_from FROM report_day WHERE section = 'inspections' ORDER BY day`);
  const counts = await hub.ds.query(
    `SELECT c.day::text, c.kind, c.total, c.pass, c.pass_with_findings, c.fail, c.joint,
            (SELECT array_agg(x.chunk * 8192 + i ORDER BY x.chunk * 8192 + i) FROM report_day_set x, generate_series(0, 8191) i
              WHERE x.section = 'inspections' AND x.day = c.day AND x.kind = c.kind AND get_bit(x.bits, i) = 1) AS slots
       FROM report_day_inspections c ORDER BY c.day, c.kind`,
  );
  return { days, counts };
};

/** Every built day holds what the inspections say of it now. Returns the built days. */
async function expectDaysTrue(): Promise<string[]> {
  const { days, counts } = await stored();
  const fresh: any[] = await hub.ds.query(`SELECT day::text, kind, total, pass, pass_with_findings, fail, joint, slots, known_until, known_from FROM (${DAY_INSPECTIONS_SQL}) x ORDER BY day, kind`, [days.map((d) => d.day)]);
  expect(counts).toEqual(fresh.map(({ known_until: _k, known_from: _f, ...r }) => r));
  for (const d of days) {
    const latest = fresh.filter((f) => f.day === d.day).map((f) => new Date(f.known_until).getTime());
    // A day with nothing on it is known from '-infinity' (node-pg: -Infinity, which no Date holds).
    expect(instantOf(d.known_until)).toBe(latest.length ? Math.max(...latest) : -Infinity);
    // The earliest a visit of the day became known (migration ReportDayKnownFrom; 'infinity' when none).
    const earliest = fresh.filter((f) => f.day === d.day).map((f) => new Date(f.known_from).getTime());
    expect(instantOf(d.known_from)).toBe(earliest.length ? Math.min(...earliest) : Infinity);
  }
  const [{ orphans }] = await hub.ds.query(`SELECT count(*)::int AS orphans FROM report_day_set s WHERE s.section = 'inspections' AND NOT EXISTS (SELECT 1 FROM report_day_inspections c WHERE c.day = s.day AND c.kind = s.kind)`);
  expect(orphans).toBe(0);
  return days.map((d) => d.day);
}

/**
 * Every built hour (migration InspectionHourSets) holds what the inspections say of it now: its
 * counts, its set of sites, when its first and last visit became known. Returns how many there are.
 */
async function expectHoursTrue(): Promise<number> {
  const hours: { hour: Date; known_until: Date | number; known_from: Date | number }[] = await hub.ds.query(
    `SELECT hour, known_until, known_from FROM report_hour WHERE section = 'inspections' ORDER BY hour`,
  );
  const counts = await hub.ds.query(
    `SELECT c.hour, c.kind, c.total, c.pass, c.pass_with_findings, c.fail, c.joint,
            (SELECT array_agg(x.chunk * 8192 + i ORDER BY x.chunk * 8192 + i) FROM report_hour_set x, generate_series(0, 8191) i
              WHERE x.section = 'inspections' AND x.what = 's' AND x.hour = c.hour AND x.kind = c.kind AND get_bit(x.bits, i) = 1) AS slots
       FROM report_hour_inspections c ORDER BY c.hour, c.kind`,
  );
  const fresh: any[] = await hub.ds.query(
    `SELECT hour, kind, total, pass, pass_with_findings, fail, joint, slots, known_until, known_from FROM (${HOUR_INSPECTIONS_SQL}) x ORDER BY hour, kind`,
    [hours.map((h) => h.hour)],
  );
  expect(counts).toEqual(fresh.map(({ known_until: _k, known_from: _f, ...r }) => r));
  for (const h of hours) {
    const of = fresh.filter((f) => f.hour.getTime() === h.hour.getTime());
    expect(instantOf(h.known_until)).toBe(of.length ? Math.max(...of.map((f) => new Date(f.known_until).getTime())) : -Infinity);
    expect(instantOf(h.known_from)).toBe(of.length ? Math.min(...of.map((f) => new Date(f.known_from).getTime())) : Infinity);
  }
  const [{ orphans }] = await hub.ds.query(
    `SELECT count(*)::int AS orphans FROM report_hour_set s WHERE s.section = 'inspections' AND NOT EXISTS (SELECT 1 FROM report_hour_inspections c WHERE c.hour = s.hour AND c.kind = s.kind)`,
  );
  expect(orphans).toBe(0);
  return hours.length;
}

/** A timestamptz as node-pg gives it (a Date, or ±Infinity for ±'infinity') in milliseconds. */
const instantOf = (v: Date | number | string) => (typeof v === 'number' ? v : new Date(v).getTime());

const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { cutoff inspections { total sitesInspected joint byKind { siteKind total pass passWithFindings fail sitesInspected joint } } lateArrivals { inspections } } }`;

/** The report over [from, to) (whole area) equals reading every visit of the period. */
async function expectReportTrue(from: number, to: number, asOf: number | null = null) {
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, asOf: asOf === null ? null : new Date(asOf).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  const cutoff = new Date(r.data.report.cutoff);
  const params = reportParams({ period: { from: new Date(from), to: new Date(to) }, district: null, asOf: asOf === null ? null : new Date(asOf), cutoff }).slice(0, 4);
  const rows: any[] = await hub.ds.query(inspectionsSql(false), params);
  const sum = (k: string) => rows.reduce((s, x) => s + x[k], 0);
  const expected = {
    total: sum('total'),
    sitesInspected: sum('sitesInspected'),
    joint: sum('joint'),
    byKind: rows.filter((x) => x.total > 0).map(({ late: _l, ...x }) => x),
  };
  expect({ from, to, asOf, inspections: r.data.report.inspections, late: r.data.report.lateArrivals.inspections }).toEqual({ from, to, asOf, inspections: expected, late: sum('late') });
  return expected;
}

let sites: { id: string; kind: string }[];
const visits: { id: string; siteId: string; submitted: number }[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  now = hub.clock.pin().getTime();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  teamId = (await makeTeam(hub.ds, (await makeAccount(hub.ds, 'INSPECTOR')).id)).id;
  for (const kind of ['POLICE', 'MARKET_REGULATION']) {
    const agencyId = (await makeAgency(hub.ds, kind)).id;
    members.push({ accountId: (await makeAccount(hub.ds, 'INSPECTOR', { agencyId })).id, agencyId });
  }
  versionId = (await publishChecklist(hub.ds, ['HOTEL', 'VENUE', 'ISOLATION_SITE'], [{ code: 'DAYS' }])).versionId;
  const created = { createdAt: new Date(now - 60 * DAY), updatedAt: new Date(now - 60 * DAY), district: '检查-日集' };
  sites = [];
  for (const kind of ['HOTEL', 'HOTEL', 'HOTEL', 'VENUE', 'VENUE', 'ISOLATION_SITE', 'ISOLATION_SITE', 'ISOLATION_SITE']) sites.push(await makeSite(hub.ds, { kind, ...created }));
  // A month of visits: most sites a few times a week, some twice in a day; a few offline filings
  // received days later; cancelled and scheduled ones that must not count.
  for (let t = now - 30 * DAY; t < now - HOUR; t += (2 + rand() * 10) * HOUR) {
    const s = pick(sites);
    const r = rand();
    if (r < 0.06) await visit({ siteId: s.id, submitted: t, status: pick(['CANCELLED', 'SCHEDULED', 'IN_PROGRESS']) });
    else {
      const received = r < 0.14 ? Math.min(t + rand() * 4 * DAY, now - 60_000) : null;
      visits.push({ id: await visit({ siteId: s.id, submitted: t, received, created: received ?? t }), siteId: s.id, submitted: t });
    }
  }
  // Corrections, each submitted some days after the visit it restates; one corrected twice.
  for (let k = 0; k < 10; k++) {
    const v = pick(visits.filter((x) => x.submitted < now - 4 * DAY));
    const at = Math.min(v.submitted + rand() * 3 * DAY, now - 60_000);
    await visit({ siteId: v.siteId, submitted: at, corrects: v.id });
    if (k === 0) await visit({ siteId: v.siteId, submitted: Math.min(at + DAY, now - 60_000), corrects: v.id });
  }
}, 120_000);
afterAll(() => hub.stop());

it('builds the closed days of a report, keeps them true through every kind of write, and answers as reading every visit does', async () => {
  const from = now - 20 * DAY - 3 * HOUR;
  expect((await stored()).days).toEqual([]);
  const first = await expectReportTrue(from, now);
  expect(first.total).toBeGreaterThan(20);
  expect(first.sitesInspected).toBeLessThan(first.total); // sites visited more than once
  expect(first.joint).toBeGreaterThan(5);
  expect(first.joint).toBeLessThan(first.total);
  const built = await expectDaysTrue();
  expect(built).toEqual(wholeDays(new Date(from), new Date(now)));
  // The whole hours of the period's two partial days (how many depends on the hour the test runs at).
  expect(await expectHoursTrue()).toBe(inspectionHours(new Date(from), new Date(now), new Date(now)).length);
  // Periods and cutoffs anywhere inside it, from the same days (or from the rows, where a day
  // holds a visit known only after the cutoff: the late filings and corrections).
  for (let k = 0; k < 25; k++) {
    const f = Math.round(from + rand() * 18 * DAY);
    const t = Math.round(f + HOUR + rand() * (now - f - HOUR));
    await expectReportTrue(f, t, rand() < 0.4 ? Math.round(f + rand() * (t - f)) : null);
  }
  const midnight = Math.floor((now - 9 * DAY) / DAY) * DAY;
  await expectReportTrue(midnight, midnight + 4 * DAY);
  await expectReportTrue(midnight + 3 * HOUR, midnight + 4 * DAY, midnight + 2 * DAY);
  expect(await expectDaysTrue()).toEqual(built); // no write came between: nothing rebuilt

  // A visit filed offline five days ago, received now: its day goes, and only it.
  const fiveAgo = now - 5 * DAY - 2 * HOUR;
  const receivedNow = later();
  await visit({ siteId: sites[3].id, submitted: fiveAgo, received: receivedNow, created: receivedNow });
  const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
  expect((await stored()).days.map((d) => d.day)).toEqual(built.filter((d) => d !== dayOf(fiveAgo)));
  await expectReportTrue(from, now, now - 3 * DAY); // before it was received: not counted, not late either (received after the cutoff, submitted in the period: late)
  await expectReportTrue(from, now);
  await expectDaysTrue();
  await expectHoursTrue();

  // A correction today of a visit of twelve days ago: that day goes (the correction's own day is today).
  const old = visits.find((v) => v.submitted > now - 12 * DAY && v.submitted < now - 11 * DAY)!;
  await visit({ siteId: old.siteId, submitted: later() - 1000, corrects: old.id, outcome: 'FAIL' });
  expect((await stored()).days.map((d) => d.day)).not.toContain(dayOf(old.submitted));
  await expectReportTrue(from, now);
  await expectReportTrue(from, now, now - 2 * HOUR); // the correction after the cutoff: a late arrival
  await expectDaysTrue();
  await expectHoursTrue();

  // A visit cancelled after the fact, one moved to another day, one deleted.
  const [a, b, c] = visits.filter((v) => v.submitted < now - 2 * DAY && v.submitted > now - 18 * DAY && v.id !== old.id).slice(3, 6);
  await hub.ds.query(`UPDATE inspection SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = '重复录入', updated_at = now() WHERE id = $1`, [a.id]);
  await hub.ds.query(`UPDATE inspection SET submitted_at = submitted_at - interval '3 days', updated_at = now() WHERE id = $1`, [b.id]);
  await hub.ds.query(`DELETE FROM inspection WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inspection c WHERE c.corrects_inspection_id = $1)`, [c.id]);
  const left = (await stored()).days.map((d) => d.day);
  for (const t of [a.submitted, b.submitted, b.submitted - 3 * DAY, c.submitted]) expect(left).not.toContain(dayOf(t));
  await expectReportTrue(from, now);
  await expectDaysTrue();
  await expectHoursTrue();

  // A site changing kind: every day goes.
  await hub.ds.query(`UPDATE site SET kind = 'VENUE', updated_at = now() WHERE id = $1`, [sites[0].id]);
  expect((await stored()).days).toEqual([]);
  await expectReportTrue(from, now);
  expect(await expectDaysTrue()).toEqual(built);
  await expectHoursTrue();

  // As of cutoffs well before the end: the days none of whose visits was known by the cutoff are
  // counted from their totals (late only), not read; the days around the cutoff from the rows.
  await expectAsOfCutoffsTrue(hub.ds, 'inspections', { from, now }, [15 * DAY + 5 * HOUR, 10 * DAY, 6 * DAY + 30 * 60_000, 3 * DAY + 13 * HOUR, 1 * DAY + 2 * HOUR], expectReportTrue);
  // A visit filed offline whose device clock ran ahead: submitted (by its clock) just after a
  // midnight, received and recorded a few minutes before it. As of a cutoff between the two it was
  // known, so its day (known_from at or before the cutoff) is read from the rows and counts it.
  const m6 = Math.floor((now - 6 * DAY) / DAY) * DAY;
  await visit({ siteId: sites[5].id, submitted: m6 + 3 * 60_000, received: m6 - 2 * 60_000, created: m6 - 2 * 60_000, outcome: 'PASS' });
  await expectReportTrue(from, now); // builds its day again
  await expectDaysTrue();
  const before = await expectReportTrue(from, now, m6 - 3 * 60_000);
  const withEarly = await expectReportTrue(from, now, m6 - 60_000);
  expect(withEarly.total - before.total).toBeGreaterThanOrEqual(1);
});

it('as of any cutoff, takes the days around it from their stored counts less the visits not known at it, and answers as reading every visit does', async () => {
  const from = now - 20 * DAY - 3 * HOUR;
  await expectReportTrue(from, now); // builds whatever the last test's writes dropped
  await expectDaysTrue();
  // A site visited twice in one day, the first visit known on time and the second received two
  // days later; a site whose only visit of a day was received a day late; a visit corrected a day
  // later whose correction came after a cutoff; a visit received ninety minutes late (the
  // two-hour window before the cutoff, not the partial index).
  const d7 = Math.floor((now - 7 * DAY) / DAY) * DAY;
  await visit({ siteId: sites[6].id, submitted: d7 + 9 * HOUR, outcome: 'PASS' });
  await visit({ siteId: sites[6].id, submitted: d7 + 15 * HOUR, received: d7 + 2 * DAY + 15 * HOUR, created: d7 + 2 * DAY + 15 * HOUR, outcome: 'FAIL' });
  await visit({ siteId: sites[7].id, submitted: d7 + 20 * HOUR, received: d7 + DAY + 21 * HOUR, created: d7 + DAY + 21 * HOUR, outcome: 'PASS' });
  const corrected = await visit({ siteId: sites[1].id, submitted: d7 + 11 * HOUR, outcome: 'PASS' });
  await visit({ siteId: sites[1].id, submitted: d7 + DAY + 10 * HOUR, corrects: corrected, outcome: 'FAIL' });
  await visit({ siteId: sites[2].id, submitted: d7 + 23 * HOUR + 30 * 60_000, received: d7 + DAY + HOUR, created: d7 + DAY + HOUR, outcome: 'PASS_WITH_FINDINGS' });
  // Three filed from devices whose clocks ran 30 to 50 minutes ahead: known before they say they
  // were submitted (two early in a day, where a cutoff's day is read up to it, one late in it).
  await visit({ siteId: sites[4].id, submitted: d7 + 12 * HOUR + 30 * 60_000, received: d7 + 12 * HOUR, created: d7 + 12 * HOUR, outcome: 'FAIL' });
  await visit({ siteId: sites[3].id, submitted: d7 + 16 * HOUR + 30 * 60_000, received: d7 + 16 * HOUR, created: d7 + 16 * HOUR, outcome: 'PASS' });
  await visit({ siteId: sites[0].id, submitted: d7 + 12 * HOUR + 40 * 60_000, received: d7 + 11 * HOUR + 50 * 60_000, created: d7 + 11 * HOUR + 50 * 60_000, outcome: 'PASS' });
  await expectReportTrue(from, now);
  await expectDaysTrue();

  // Every instant a visit or a correction became known, just before and at it, and every five
  // hours besides: the days with visits known on both sides of the cutoff are taken from their
  // stored counts, and the test counts what that path had to handle.
  const known: number[] = (
    await hub.ds.query(`SELECT DISTINCT greatest(created_at, coalesce(received_at, submitted_at)) AS k FROM inspection
                        WHERE status IN ('SUBMITTED','CLOSED') AND submitted_at >= $1 ORDER BY 1`, [new Date(from)])
  ).map((r: { k: Date }) => r.k.getTime());
  const cutoffs = [
    ...known.filter((_, n) => n % 3 === 0).flatMap((k) => [k - 1, k]),
    ...Array.from({ length: 100 }, (_, n) => from + n * 5 * HOUR),
    ...Array.from({ length: 12 }, (_, n) => d7 + 11 * HOUR + 45 * 60_000 + n * 5 * 60_000), // around the early ones
    ...Array.from({ length: 8 }, (_, n) => d7 + 15 * HOUR + 55 * 60_000 + n * 5 * 60_000),
  ].filter((c) => c > from && c < now);
  const seen = { mixed: 0, unknownInMixed: 0, lateCorrectionInMixed: 0, siteGone: 0, earlyAfterCutoff: 0, hoursBuilt: 0, hoursUnknown: 0 };
  for (const c of cutoffs) {
    const [s] = await hub.ds.query(
      `WITH m AS (SELECT day FROM report_day WHERE section = 'inspections' AND known_until > $1 AND known_from <= $1),
            v AS (SELECT i.id, i.site_id, (i.submitted_at AT TIME ZONE 'UTC')::date AS day, greatest(i.created_at, coalesce(i.received_at, i.submitted_at)) <= $1 AS known
                  FROM inspection i WHERE i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND (i.submitted_at AT TIME ZONE 'UTC')::date IN (SELECT day FROM m))
       SELECT (SELECT count(*) FROM m)::int AS mixed, (SELECT count(*) FROM v WHERE NOT known)::int AS "unknownInMixed",
              (SELECT count(*) FROM v JOIN inspection c ON c.corrects_inspection_id = v.id WHERE v.known AND greatest(c.created_at, coalesce(c.received_at, c.submitted_at)) > $1)::int AS "lateCorrectionInMixed",
              (SELECT count(*) FROM (SELECT site_id, day FROM v GROUP BY 1, 2 HAVING NOT bool_or(known)) g)::int AS "siteGone",
              (SELECT count(*) FROM report_hour WHERE section = 'inspections' AND known_until <= $1)::int AS "hoursBuilt",
              (SELECT count(*) FROM report_hour WHERE section = 'inspections' AND known_until > $1 AND known_from > $1)::int AS "hoursUnknown",
              (SELECT count(*) FROM inspection i WHERE i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND i.submitted_at > $1
                 AND (i.submitted_at AT TIME ZONE 'UTC')::date = ($1::timestamptz AT TIME ZONE 'UTC')::date AND greatest(i.created_at, coalesce(i.received_at, i.submitted_at)) <= $1)::int AS "earlyAfterCutoff"`,
      [new Date(c)],
    );
    for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += s[k];
    await expectReportTrue(from, now, c);
    await expectReportTrue(c - 2 * DAY - 7 * HOUR, Math.min(c + 3 * DAY, now), c);
  }
  expect(cutoffs.length).toBeGreaterThan(100);
  expect(seen.mixed).toBeGreaterThan(100);
  expect(seen.unknownInMixed).toBeGreaterThan(100);
  expect(seen.lateCorrectionInMixed).toBeGreaterThan(0);
  expect(seen.siteGone).toBeGreaterThan(20);
  expect(seen.earlyAfterCutoff).toBeGreaterThan(10);
  expect(seen.hoursBuilt).toBeGreaterThan(1000);
  expect(seen.hoursUnknown).toBeGreaterThan(100);
  expect(await expectHoursTrue()).toBeGreaterThan(100);
}, 120_000);
