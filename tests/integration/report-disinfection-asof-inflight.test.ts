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

it('judges the areas in flight at a past cutoff as the walk does, through the day sets', async () => {
  const now = hub.clock.pin().getTime();
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const rules: { site_kind: string; area: string; h: number }[] = await hub.ds.query(
    `SELECT site_kind, area, max_interval_hours AS h FROM disinfection_rule WHERE site_kind IN ('HOTEL', 'ISOLATION_SITE', 'VENUE') ORDER BY site_kind, area`,
  );
  const rows: unknown[][] = [];
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
        rows.push([site.id, area, new Date(Math.round(t)), recorder, new Date(Math.min(Math.round(t + delay), now))]);
      }
    }
  }
  for (let k = 0; k < rows.length; k += 500) {
    const chunk = rows.slice(k, k + 500);
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
}, 120_000);
