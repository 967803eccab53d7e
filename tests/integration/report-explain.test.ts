import { startTestHub, type TestHub } from '../helpers/harness';
import { explainReport, indexesIn, lastWeek, queryOf, seedExplainDataset } from '../../scripts/explain-report';

/**
 * The report's statements on 100k findings (scripts/explain-report.ts prints the same plans):
 * each section that reads a large table reaches its rows through an index.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

it('every report query uses its indexes on a dataset of 100k findings', async () => {
  const { now } = await seedExplainDataset(queryOf(hub.ds), 100_000);
  const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM finding`);
  expect(n).toBe(100_000);
  for (const district of [null, 'District 3']) {
    const explained = await explainReport(queryOf(hub.ds), lastWeek(now, district));
    const plans = Object.fromEntries(explained.map((p) => [p.name, indexesIn(p.plan)]));
    const full = Object.fromEntries(explained.map((p) => [p.name, p.plan]));
    expect(plans.inspections).toContain('report_inspection_submitted_idx');
    expect(plans.findings).toContain('report_finding_raised_idx');
    expect(plans.rectification).toEqual(expect.arrayContaining(['finding_deadline_idx', 'report_finding_updated_idx']));
    expect(plans.overdue).toEqual(expect.arrayContaining(['report_finding_open_deadline_idx', 'report_finding_updated_idx']));
    expect(plans.checkpoint).toContain('checkpoint_tally_date_idx');
    expect(plans.verification).toContain('verification_record_created_idx');
    expect(plans.supplies).toContain('report_supply_delivery_delivered_idx');
    // Compliance: per requirement, the entries from one interval before the period on, through
    // the (site, area, started) index; never a scan of the whole log.
    expect(plans.disinfection).toContain('disinfection_entry_site_area_started_idx');
    expect(full.disinfection).not.toMatch(/Seq Scan on disinfection_entry/);
    expect(full.disinfection).toMatch(/Index (Only )?Scan Backward using disinfection_entry_site_area_started_idx/);
    expect(plans.disinfectionLate).toContain('report_disinfection_entry_started_recorded_idx');
    expect(full.disinfectionLate).not.toMatch(/Seq Scan on disinfection_entry/);
    // Corrections since the period start: through either submitted_at index (the planner picks by
    // how many corrections there are), never a scan of every inspection.
    expect(full.inspections).not.toMatch(/Seq Scan on inspection/);
    expect(plans.disputes).toEqual(expect.arrayContaining(['dispute_lodged_idx', 'report_dispute_resolved_idx']));
  }
}, 180_000);
