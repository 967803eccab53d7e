import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeSite, makeTeam } from '../fixtures/factory';
import { publishChecklist } from '../fixtures/checklists';
import { disputeSql } from '../../src/modules/report/report-disputes';
import { reportParams } from '../../src/modules/report/report.service';
import { DAY_DISPUTES_SQL, wholeDays } from '../../src/modules/report/report-days';
import { prng } from '../fixtures/samples';
import { expectAsOfCutoffsTrue } from '../helpers/report-days';

/**
 * The whole-area report's disputes are read through day sets (migration DisputeDaySets): per
 * closed UTC day, the disputes lodged (by kind) and resolved (by kind and outcome, with the
 * hours each finding dispute took). Here a generated month of disputes (finding disputes
 * resolved after hours or days, upheld, overturned, amended; some open, some withdrawn; site
 * conflicts recorded resolved; some recorded long after they were lodged), then, after every
 * kind of write: a built day holds exactly what the disputes say of it now (or is gone), and the
 * report's disputes through GraphQL equal the statement that reads every dispute of the period
 * (disputeSql), median included, for periods and cutoffs anywhere.
 */
let hub: TestHub;
let command: string;
let lodger: string;
let reviewer: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The test's "now": the hub's clock, pinned when the hub starts (run at other hours with
// tests/bin/at-time). `later()` moves it on a second, for rows recorded after the rest.
let now: number;
const later = () => hub.clock.advance(1000).getTime();

const rand = prng(20261205);
const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

const SECTIONS = ['disputes_lodged', 'disputes_resolved'] as const;
const stored = async () => {
  const days: { section: string; day: string; known_until: Date; known_from: Date | number | null }[] = await hub.ds.query(
    `SELECT section, day::text, known_until, known_from FROM report_day WHERE section IN ('disputes_lodged', 'disputes_resolved') ORDER BY section, day`,
  );
  const rows = await hub.ds.query(`SELECT section, day::text, kind, outcome, disputes, hours FROM report_day_disputes ORDER BY section, day, kind, outcome NULLS LAST`);
  return { days, rows };
};

/** Every built day holds what the disputes say of it now. */
async function expectDaysTrue() {
  const { days, rows } = await stored();
  for (const section of SECTIONS) {
    const mine = days.filter((d) => d.section === section);
    const fresh: any[] = await hub.ds.query(`SELECT day::text, kind, outcome, disputes, hours, known_at, known_from FROM (${DAY_DISPUTES_SQL(section)}) x ORDER BY day, kind, outcome NULLS LAST`, [mine.map((d) => d.day)]);
    expect(rows.filter((r: { section: string }) => r.section === section).map(({ section: _s, ...r }: any) => r)).toEqual(fresh.map(({ known_at: _k, known_from: _f, ...r }) => r));
    for (const d of mine) {
      const latest = fresh.filter((f) => f.day === d.day).map((f) => new Date(f.known_at).getTime());
      // A day with nothing on it is known from '-infinity' (node-pg: -Infinity, which no Date holds).
      expect(instantOf(d.known_until)).toBe(latest.length ? Math.max(...latest) : -Infinity);
      // The earliest recording of a lodging day's disputes (migration ReportDayKnownFrom; 'infinity' when none); not kept for resolutions.
      const earliest = fresh.filter((f) => f.day === d.day).map((f) => new Date(f.known_from).getTime());
      if (section === 'disputes_lodged') expect(instantOf(d.known_from!)).toBe(earliest.length ? Math.min(...earliest) : Infinity);
      else expect(d.known_from).toBeNull();
    }
  }
  return days;
}

/** A timestamptz as node-pg gives it (a Date, or ±Infinity for ±'infinity') in milliseconds. */
const instantOf = (v: Date | number | string) => (typeof v === 'number' ? v : new Date(v).getTime());

const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime) { report(period: $p, asOf: $asOf) { cutoff disputes { lodged resolved byKind { kind lodged resolved } byOutcome { outcome count } medianHoursToResolve } lateArrivals { disputes } } }`;

async function expectReportTrue(from: number, to: number, asOf: number | null = null) {
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, asOf: asOf === null ? null : new Date(asOf).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  const cutoff = new Date(r.data.report.cutoff);
  const params = reportParams({ period: { from: new Date(from), to: new Date(to) }, district: null, asOf: asOf === null ? null : new Date(asOf), cutoff }).slice(0, 4);
  const [row] = await hub.ds.query(disputeSql(false), params);
  const expected = {
    lodged: row.byKind.reduce((s: number, k: { lodged: number }) => s + k.lodged, 0),
    resolved: row.byKind.reduce((s: number, k: { resolved: number }) => s + k.resolved, 0),
    byKind: row.byKind,
    byOutcome: row.byOutcome,
    medianHoursToResolve: row.medianHoursToResolve == null ? null : Math.round(row.medianHoursToResolve * 100) / 100,
  };
  expect({ from, to, asOf, disputes: r.data.report.disputes, late: r.data.report.lateArrivals.disputes }).toEqual({ from, to, asOf, disputes: expected, late: row.late });
  return expected;
}

let siteIds: string[];
const findings: { id: string; siteId: string }[] = [];
const disputes: { id: string; lodged: number; status: string }[] = [];

async function dispute(d: { findingIdx?: number; siteId?: string; lodged: number; status: string; resolvedAfter?: number; outcome?: string; created?: number }) {
  const finding = d.findingIdx === undefined ? null : findings[d.findingIdx];
  const resolved = d.status === 'RESOLVED' ? Math.min(d.lodged + (d.resolvedAfter ?? HOUR), now - 60_000) : null;
  const created = new Date(Math.min(d.created ?? d.lodged, now - 30_000));
  const updated = new Date(Math.max(created.getTime(), resolved ?? 0, d.status === 'WITHDRAWN' ? d.lodged + HOUR : 0));
  const [row] = await hub.ds.query(
    `INSERT INTO dispute (kind, finding_id, site_id, status, category, reason, lodged_by_id, lodged_at, reviewer_id, assigned_at, outcome, rationale, resolved_at, resolved_by_id, withdrawn_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, '异议', $6, $7, $8, $9, $10, $11, $12, $8, $13, $14, $15) RETURNING id`,
    [
      finding ? 'FINDING' : 'SITE_CONFLICT', finding?.id ?? null, finding?.siteId ?? d.siteId, d.status, finding ? null : 'NEIGHBOURHOOD', lodger, new Date(d.lodged),
      d.status === 'LODGED' ? null : reviewer, d.status === 'LODGED' ? null : new Date(d.lodged), d.status === 'RESOLVED' && finding ? (d.outcome ?? pick(['UPHELD', 'OVERTURNED', 'AMENDED'])) : null,
      d.status === 'RESOLVED' ? '裁定' : null, resolved ? new Date(resolved) : null, d.status === 'WITHDRAWN' ? new Date(d.lodged + HOUR) : null, created, updated,
    ],
  );
  disputes.push({ id: row.id, lodged: d.lodged, status: d.status });
  return row.id as string;
}

beforeAll(async () => {
  hub = await startTestHub();
  now = hub.clock.pin().getTime();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  lodger = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  reviewer = (await makeAccount(hub.ds, 'REVIEWER')).id;
  const inspector = (await makeAccount(hub.ds, 'INSPECTOR')).id;
  const team = await makeTeam(hub.ds, inspector);
  const { versionId } = await publishChecklist(hub.ds, ['HOTEL'], [{ code: 'DISP' }]);
  const created = { createdAt: new Date(now - 60 * DAY), updatedAt: new Date(now - 60 * DAY), district: '异议-日集' };
  siteIds = [];
  for (let k = 0; k < 4; k++) siteIds.push((await makeSite(hub.ds, { kind: 'HOTEL', ...created })).id);
  for (const siteId of siteIds) {
    const [insp] = await hub.ds.query(
      `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, outcome, submitted_at, started_at, created_at, updated_at, due_at) VALUES ($1, $2, $3, 'SUBMITTED', 'FAIL', $4, $4, $4, $4, $4) RETURNING id`,
      [siteId, team.id, versionId, new Date(now - 40 * DAY)],
    );
    for (let k = 0; k < 20; k++) {
      const [f] = await hub.ds.query(
        `INSERT INTO finding (inspection_id, site_id, team_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, '问题', 'MAJOR', 'OPEN', $5, $5::timestamptz + interval '60 days', 1, $5, $5) RETURNING id`,
        [insp.id, siteId, team.id, inspector, new Date(now - 40 * DAY)],
      );
      findings.push({ id: f.id, siteId });
    }
  }
  // A month of disputes: per finding at most one open; resolved after an hour to five days;
  // a few recorded days after they were lodged; site conflicts recorded resolved at once.
  let fi = 0;
  for (let t = now - 30 * DAY; t < now - 2 * HOUR; t += (1 + rand() * 7) * HOUR) {
    const r = rand();
    const created = rand() < 0.08 ? Math.min(t + rand() * 3 * DAY, now - 60_000) : t;
    if (r < 0.25) await dispute({ siteId: pick(siteIds), lodged: t, status: 'RESOLVED', resolvedAfter: 0, created });
    else {
      const status = r < 0.8 ? 'RESOLVED' : r < 0.9 ? 'WITHDRAWN' : pick(['LODGED', 'UNDER_REVIEW']);
      await dispute({ findingIdx: fi++ % findings.length, lodged: t, status, resolvedAfter: rand() * 5 * DAY, created });
    }
  }
}, 120_000);
afterAll(() => hub.stop());

it('builds the closed days of a report, keeps them true through every kind of write, and answers as reading every dispute does', async () => {
  const from = now - 20 * DAY - 5 * HOUR;
  expect((await stored()).days).toEqual([]);
  const first = await expectReportTrue(from, now);
  expect(first.lodged).toBeGreaterThan(30);
  expect(first.medianHoursToResolve).toBeGreaterThan(1);
  const built = await expectDaysTrue();
  const days = wholeDays(new Date(from), new Date(now));
  expect(built.map((d) => `${d.section} ${d.day}`)).toEqual([...days.map((d) => `disputes_lodged ${d}`), ...days.map((d) => `disputes_resolved ${d}`)]);
  for (let k = 0; k < 25; k++) {
    const f = Math.round(from + rand() * 18 * DAY);
    const t = Math.round(f + HOUR + rand() * (now - f - HOUR));
    await expectReportTrue(f, t, rand() < 0.4 ? Math.round(f + rand() * (t - f)) : null);
  }
  const midnight = Math.floor((now - 9 * DAY) / DAY) * DAY;
  await expectReportTrue(midnight, midnight + 4 * DAY);
  await expectReportTrue(midnight + 5 * HOUR, midnight + 6 * DAY, midnight + 3 * DAY);
  expect(await expectDaysTrue()).toEqual(built);
  const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
  const left = async () => (await stored()).days.map((d) => `${d.section} ${d.day}`);

  // An open dispute of ten days ago resolved now: no closed day changes (its lodging day counts
  // it whatever its status; its resolution day is today).
  const open = disputes.find((d) => (d.status === 'LODGED' || d.status === 'UNDER_REVIEW') && d.lodged < now - 3 * DAY);
  if (open) {
    await hub.ds.query(`UPDATE dispute SET status = 'RESOLVED', reviewer_id = $2, assigned_at = now(), outcome = 'UPHELD', rationale = '维持', resolved_at = now(), resolved_by_id = $2, updated_at = now() WHERE id = $1`, [open.id, reviewer]);
    expect((await stored()).days).toEqual(built);
    await expectReportTrue(from, now);
  }
  // A resolution moved to another day, a dispute recorded now about eight days ago, one deleted.
  const moved = disputes.find((d) => d.status === 'RESOLVED' && d.lodged > now - 15 * DAY && d.lodged < now - 12 * DAY)!;
  const [{ resolved_at: before }] = await hub.ds.query(`SELECT resolved_at FROM dispute WHERE id = $1`, [moved.id]);
  await hub.ds.query(`UPDATE dispute SET resolved_at = resolved_at + interval '2 days', updated_at = now() WHERE id = $1`, [moved.id]);
  expect(await left()).not.toContain(`disputes_resolved ${dayOf(new Date(before).getTime())}`);
  expect(await left()).not.toContain(`disputes_resolved ${dayOf(new Date(before).getTime() + 2 * DAY)}`);
  expect(await left()).toContain(`disputes_lodged ${dayOf(moved.lodged)}`);
  const eightAgo = now - 8 * DAY - 3 * HOUR;
  await dispute({ siteId: siteIds[0], lodged: eightAgo, status: 'RESOLVED', resolvedAfter: 0, created: later() });
  expect(await left()).not.toContain(`disputes_lodged ${dayOf(eightAgo)}`);
  await expectReportTrue(from, now, now - 2 * DAY); // recorded after the cutoff: a late arrival
  await expectReportTrue(from, now);
  // Lodged before the period and recorded now, resolved in it: a late arrival as of a cutoff
  // before it was recorded, whether resolved before that cutoff (read with the rows resolved by
  // it) or after (counted apart: resolved_after_late). And one recorded before the cutoff and
  // resolved after it: not late, and not resolved as of the cutoff.
  const lateBefore = await expectReportTrue(from, now, now - 5 * DAY);
  const lateArrivals = async (asOf: number) =>
    (await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(now).toISOString() }, asOf: new Date(asOf).toISOString() }, command)).data.report.lateArrivals.disputes;
  const lateThen = await lateArrivals(now - 5 * DAY);
  await dispute({ findingIdx: 0, lodged: from - 5 * DAY, status: 'RESOLVED', resolvedAfter: 22 * DAY, created: later() }); // resolved ~3 days ago
  await dispute({ findingIdx: 1, lodged: from - 5 * DAY, status: 'RESOLVED', resolvedAfter: 17 * DAY, created: later() }); // resolved ~8 days ago
  await dispute({ findingIdx: 2, lodged: from - 5 * DAY, status: 'RESOLVED', resolvedAfter: 22 * DAY, created: from - 5 * DAY }); // known, resolved after the cutoff
  expect(await lateArrivals(now - 5 * DAY)).toBe(lateThen + 2);
  expect(await expectReportTrue(from, now, now - 5 * DAY)).toEqual(lateBefore);
  await expectReportTrue(from, now, now - 10 * DAY);
  await expectReportTrue(from, now);
  const gone = disputes.find((d) => d.status === 'WITHDRAWN' && d.lodged < now - 5 * DAY)!;
  await hub.ds.query(`DELETE FROM dispute WHERE id = $1`, [gone.id]);
  expect(await left()).not.toContain(`disputes_lodged ${dayOf(gone.lodged)}`);
  await expectReportTrue(from, now);
  await expectDaysTrue();

  // As of cutoffs well before the end: the lodging days none of whose disputes was recorded by the
  // cutoff are counted from their totals (late only), not read; the days around it from the rows.
  await expectAsOfCutoffsTrue(hub.ds, 'disputes_lodged', { from, now }, [14 * DAY + 7 * HOUR, 10 * DAY, 6 * DAY + 30 * 60_000, 3 * DAY + 11 * HOUR, 1 * DAY + 2 * HOUR], expectReportTrue);
  // A dispute recorded a few minutes before the instant it says it was lodged, just after a
  // midnight: as of a cutoff between the two, its day holds one dispute known by then (known_from
  // at or before the cutoff), so the day is read from the rows and the dispute counts as lodged.
  const m6 = Math.floor((now - 6 * DAY) / DAY) * DAY;
  await dispute({ siteId: siteIds[1], lodged: m6 + 5 * 60_000, status: 'RESOLVED', resolvedAfter: 0, created: m6 - 5 * 60_000 });
  await expectReportTrue(from, now); // builds its day again
  await expectDaysTrue();
  const withEarly = await expectReportTrue(from, now, m6 - 60_000);
  const [{ lodged: rowsSay }] = await hub.ds.query(`SELECT count(*)::int AS lodged FROM dispute WHERE lodged_at >= $1 AND lodged_at < $2 AND created_at <= $2`, [new Date(from), new Date(m6 - 60_000)]);
  expect(withEarly.lodged).toBe(rowsSay + 1);
});
