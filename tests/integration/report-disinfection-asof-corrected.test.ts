import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeSite } from '../fixtures/factory';
import { disinfectionWalkSql } from '../../src/modules/report/report.sql';
import { reportParams } from '../../src/modules/report/report.service';

/**
 * A report as of a past cutoff walks the areas with an entry in flight at the cutoff from their
 * last point q before it. Here that q depends on a correction recorded before the cutoff: a
 * hotel's ELEVATORS (12-hour interval) were logged every 6 hours until 13 hours before the cutoff,
 * then once 8 hours before it, an entry corrected (moved to the LOBBY) an hour later, still before
 * the cutoff; 30 minutes before the cutoff an entry started that was recorded after it. As of the
 * cutoff, the last effective ELEVATORS entry is the one 13 hours back: the area failed the period
 * and is in breach at the cutoff. Counting the corrected entry (e.g. not knowing that the site has
 * a correction by the cutoff, so not probing its entries' corrections) would find it met. Both the
 * whole area (through the day sets) and a district's report must equal walking every entry.
 */
let hub: TestHub;
let command: string;
const HOUR = 3_600_000;
const DISTRICT = '消毒-更正';

beforeAll(async () => {
  hub = await startTestHub();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

const REPORT = `query($p: ReportPeriodInput!, $asOf: DateTime, $d: String) { report(period: $p, asOf: $asOf, district: $d) { cutoff disinfection { siteKind sites requirements requirementsMet requirementsInBreachAtEnd sitesInBreachAtEnd } } }`;

it('judges an area in flight at the cutoff without an entry corrected before it', async () => {
  const now = hub.clock.pin().getTime();
  const cutoff = now - 10 * 24 * HOUR;
  const created = new Date(now - 40 * 24 * HOUR);
  const site = await makeSite(hub.ds, { kind: 'HOTEL', district: DISTRICT, createdAt: created, updatedAt: created });
  const recorder = (await makeAccount(hub.ds, 'FACILITY_MANAGER')).id;
  const rules: { area: string }[] = await hub.ds.query(`SELECT area FROM disinfection_rule WHERE site_kind = 'HOTEL' ORDER BY area`);
  expect(rules.map((r) => r.area)).toContain('ELEVATORS');
  expect(rules.map((r) => r.area)).toContain('LOBBY');

  const insert = async (area: string, started: number, recorded: number, correctsId: string | null = null): Promise<string> => {
    const [row] = await hub.ds.query(
      `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at, corrects_id, correction_reason)
       VALUES ($1, $2, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $3, 20, '保洁员', $4, $5, $6, CASE WHEN $6::uuid IS NULL THEN NULL ELSE '更正' END) RETURNING id`,
      [site.id, area, new Date(started), recorder, new Date(recorded), correctsId],
    );
    return row.id;
  };
  // Every area every 6 hours from 39 days back to 2 hours ago, recorded 30 minutes after it
  // started; the ELEVATORS not between 13 hours before the cutoff and 3 hours after it.
  for (const { area } of rules) {
    for (let t = cutoff - 13 * HOUR; t > now - 39 * 24 * HOUR; t -= 6 * HOUR) await insert(area, t, t + 30 * 60_000);
    const resume = area === 'ELEVATORS' ? cutoff + 3 * HOUR : cutoff - 7 * HOUR;
    for (let t = resume; t < now - 2 * HOUR; t += 6 * HOUR) await insert(area, t, t + 30 * 60_000);
  }
  const moved = await insert('ELEVATORS', cutoff - 8 * HOUR, cutoff - 7.5 * HOUR);
  await insert('LOBBY', cutoff - 8 * HOUR, cutoff - 7 * HOUR, moved); // corrected before the cutoff
  await insert('ELEVATORS', cutoff - 30 * 60_000, cutoff + 20 * 60_000); // in flight at the cutoff

  const from = now - 30 * 24 * HOUR;
  const walk = await hub.ds.query(
    disinfectionWalkSql,
    reportParams({ period: { from: new Date(from), to: new Date(now) }, district: null, asOf: new Date(cutoff), cutoff: new Date(cutoff) }).slice(0, 4),
  );
  // The walk: of the hotel's areas, only the ELEVATORS failed, in breach at the cutoff.
  expect(walk).toEqual([{ siteKind: 'HOTEL', sites: 1, requirements: rules.length, requirementsMet: rules.length - 1, requirementsInBreachAtEnd: 1, sitesInBreachAtEnd: 1 }]);
  for (const d of [null, DISTRICT]) {
    const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(now).toISOString() }, asOf: new Date(cutoff).toISOString(), d }, command);
    expect(r.errors).toBeUndefined();
    expect(new Date(r.data.report.cutoff).getTime()).toBe(cutoff);
    expect({ district: d, rows: r.data.report.disinfection }).toEqual({ district: d, rows: walk });
  }
});
