import { Client } from 'pg';
import { startTestHub, type TestHub } from '../helpers/harness';
import { loadReportScenario, DISTRICT_A, DISTRICT_B, type ReportScenario } from '../fixtures/report-scenario';
import { reportStatements } from '../../src/modules/report/report.service';

/*
 * The report's sections run as named prepared statements (common/prepared.ts `queryPrepared`):
 * PostgreSQL may then run a section on its generic plan, planned without the parameters' values.
 *   - every section's statement, for each shape of the report, answers the same on its generic
 *     plan (plan_cache_mode = force_generic_plan) as planned for its values (unnamed);
 *   - the hub's report answers the same, run again and again on a small pool (so its connections
 *     reach the runs after which PostgreSQL may switch to the generic plan), as with
 *     PREPARED_STATEMENTS=false.
 */

let hub: TestHub;
let sc: ReportScenario;
let command: string;
beforeAll(async () => {
  hub = await startTestHub({ env: { REPORT_LANES: '1' } });
  sc = await loadReportScenario(hub.ds);
  command = await hub.login(sc.accounts.command.username);
});
afterAll(async () => {
  await hub.stop();
});

const shapes = () => {
  const midway = new Date(sc.from.getTime() + 36 * 3_600_000);
  const period = { from: sc.from, to: sc.to };
  return [
    { period, district: null, asOf: null, cutoff: sc.to },
    { period, district: null, asOf: midway, cutoff: midway },
    { period, district: DISTRICT_A, asOf: null, cutoff: sc.to },
    { period, district: DISTRICT_B, asOf: midway, cutoff: midway },
  ];
};

describe('report sections as prepared statements', () => {
  it('each section answers the same on its generic plan as on a plan for its values', async () => {
    const c = new Client({ connectionString: hub.dbUrl });
    await c.connect();
    try {
      let compared = 0;
      for (const [i, shape] of shapes().entries()) {
        for (const s of reportStatements(shape)) {
          const custom = await c.query(s.sql, s.params);
          await c.query('SET plan_cache_mode = force_generic_plan');
          const generic = await c.query({ name: `t${i}_${s.name}`, text: s.sql, values: s.params });
          await c.query('RESET plan_cache_mode');
          expect([s.name, generic.rows]).toEqual([s.name, custom.rows]);
          compared += 1;
        }
      }
      // 11 statements for a district, 9 for the whole area (its three finding sections are one).
      expect(compared).toBe(40);
    } finally {
      await c.end();
    }
  });

  it("the hub's report, run again and again, answers what it answers without prepared statements", async () => {
    const q = `query($period: ReportPeriodInput!, $district: String, $asOf: DateTime) {
      report(period: $period, district: $district, asOf: $asOf) {
        inspections { total joint byKind { siteKind total pass fail } } findings { total bySeverityStatus { severity status count } }
        rectification { due withdrawn rectified rectifiedOnTime } overdue { count escalated }
        disputes { lodged resolved byOutcome { outcome count } medianHoursToResolve }
        disinfection { siteKind sites requirements requirementsMet sitesInBreachAtEnd }
        checkpoint { tallies vehiclesChecked } verification { received answered } supplies { itemCode quantity } operations { deployments }
        lateArrivals { total inspections findings disputes disinfectionEntries }
      } }`;
    for (const shape of shapes()) {
      const vars = { period: { from: shape.period.from.toISOString(), to: shape.period.to.toISOString() }, district: shape.district, asOf: shape.asOf?.toISOString() ?? null };
      hub.config.preparedStatements = false;
      const unnamed = await hub.gql(q, vars, command);
      expect(unnamed.errors).toBeUndefined();
      hub.config.preparedStatements = true;
      // One lane, one report at a time: the pool hands back the connection just released, so its
      // statements run well past the five custom plans after which PostgreSQL weighs the generic one.
      for (let run = 0; run < 20; run++) {
        const r = await hub.gql(q, vars, command);
        expect(r.errors).toBeUndefined();
        expect(r.data).toEqual(unnamed.data);
      }
    }
  }, 120_000);
});
