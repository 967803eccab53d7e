import { startTestHub, type TestHub } from '../helpers/harness';
import { districtMonth, explainReport, indexesIn, lastWeek, queryOf, seedExplainDataset } from '../../scripts/explain-report';

/**
 * The report's statements on 100k findings (scripts/explain-report.ts prints the same plans):
 * each section that reads a large table reaches its rows through an index; with a district,
 * through the district's sites.
 */
/** The site-leading indexes of ReportDistrictIndexes. */
const DISTRICT_INDEXES = [
  'report_inspection_site_submitted_idx',
  'report_finding_site_raised_idx',
  'report_finding_site_deadline_idx',
  'report_finding_site_open_deadline_idx',
  'report_finding_site_updated_idx',
  'report_dispute_site_lodged_idx',
  'report_dispute_site_resolved_idx',
];

let hub: TestHub;
beforeAll(async () => {
  // Seeding 100k findings in a few statements is a bulk load, not a request: no statement timeout.
  hub = await startTestHub({ env: { STATEMENT_TIMEOUT_MS: '0' } });
});
afterAll(() => hub.stop());

it('every report query uses its indexes on a dataset of 100k findings', async () => {
  const { now } = await seedExplainDataset(queryOf(hub.ds), 100_000);
  const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM finding`);
  expect(n).toBe(100_000);
  // A key change per finding, up to 200 hours after it was recorded (the dataset is inserted, not
  // changed through the hub, so its change log is empty).
  await hub.ds.query(
    `INSERT INTO finding_change (finding_id, changed_at, created_at, raised_at, o_severity, o_status, o_deadline, o_verified_at, n_severity, n_status, n_deadline, n_verified_at)
     SELECT id, created_at + (abs(hashtext(id::text)) % 200) * interval '1 hour', created_at, raised_at, severity, 'OPEN', deadline, NULL, severity, status, deadline, verified_at FROM finding`,
  );
  await hub.ds.query(`ANALYZE finding_change`);
  for (const district of [null, 'District 3']) {
    const explained = await explainReport(queryOf(hub.ds), district === null ? lastWeek(now) : districtMonth(now, district));
    const plans = Object.fromEntries(explained.map((p) => [p.name, indexesIn(p.plan)]));
    const full = Object.fromEntries(explained.map((p) => [p.name, p.plan]));
    if (district === null) {
      expect(plans.inspections).toContain('report_inspection_submitted_cover_idx');
      // The three finding sections in one statement: the tallies, the partial days through the
      // raised (deadline) index, the findings recorded on the cutoff's day through the update-time
      // index and those changed since they were recorded through a partial index by recording
      // time (FindingModifiedRecordedIndex), not every finding changed since that day; for
      // overdue the deadline tally (paused is one of its keys), the cutoff's own day through the
      // open-deadline index and the findings recorded after their deadline (a partial index);
      // never every overdue finding, nor the open disputes (only those of the changed findings,
      // by finding); the changes after the cutoff by their lag tier (FindingChangeLagTiers).
      expect(plans.findingFigures).toEqual(
        expect.arrayContaining(['finding_change_lag_idx', 'report_finding_changed_idx', 'report_finding_modified_recorded_idx', 'report_finding_raised_idx', 'finding_deadline_idx', 'finding_open_deadline_idx', 'report_finding_recorded_late_idx']),
      );
      expect(plans.findingFigures).not.toContain('dispute_open_finding_uq');
      expect(plans.findingFigures).not.toContain('report_finding_modified_idx');
      expect(full.findingFigures).toMatch(/Seq Scan on finding_deadline_tally/);
      expect(full.findingFigures).not.toMatch(/Seq Scan on (finding|dispute|finding_change) /);
      expect(plans.disputes).toEqual(expect.arrayContaining(['dispute_lodged_idx', 'report_dispute_resolved_idx']));
      // The whole-area statements never go through the district indexes.
      for (const p of Object.values(plans)) expect(p.filter((i) => DISTRICT_INDEXES.includes(i))).toEqual([]);
    } else {
      // One district: each statement reaches its rows through the district's sites (site-leading
      // indexes), never through an index of the whole area's rows in the period.
      // (Corrections since the period start, a handful, are still read area-wide, through either
      // submitted_at index; the planner picks. The visits themselves go through the district.)
      expect(plans.inspections).toContain('report_inspection_site_submitted_idx');
      expect(full.inspections).not.toMatch(/Seq Scan on inspection /); // (inspection_member, empty here, is read whole)
      expect(plans.findings).toContain('report_finding_site_raised_idx');
      expect(plans.findings).not.toContain('report_finding_raised_idx');
      expect(plans.rectification).toContain('report_finding_site_deadline_idx');
      expect(plans.rectification).not.toContain('finding_deadline_idx');
      expect(plans.overdue).toContain('report_finding_site_open_deadline_idx');
      expect(plans.overdue).not.toContain('report_finding_open_deadline_idx');
      expect(plans.disputes).toEqual(expect.arrayContaining(['report_dispute_site_lodged_idx', 'report_dispute_site_resolved_idx']));
      expect(plans.disputes).not.toContain('dispute_lodged_idx');
      expect(plans.disputes).not.toContain('report_dispute_resolved_idx');
    }
    expect(plans.checkpoint).toContain('checkpoint_tally_date_idx');
    expect(plans.verification).toContain('verification_record_received_idx');
    expect(plans.supplies).toContain('report_supply_delivery_delivered_idx');
    // Compliance: the lapses touching the period through their range index; the sites whose
    // entries up to the period's end changed after the cutoff found through the late-entry indexes
    // (of the entries recorded after the cutoff within two hours of their start, those that arrived
    // after their area's cover had run out, migration DisinfectionLapsedArrivals; and the partial
    // index of later ones and corrections), and for those, per requirement, the entries from their last
    // point before the first late one on, through the (site, area, started) index; never a scan of
    // the whole log. (On this small a lapse table the planner may read it whole; on the province
    // data it goes through disinfection_lapse_span_idx.)
    expect(full.disinfection).toMatch(/on disinfection_lapse /);
    expect(plans.disinfection).toEqual(expect.arrayContaining(['disinfection_lapsed_arrival_started_idx', 'report_disinfection_entry_late_idx']));
    expect(plans.disinfection).toContain('disinfection_entry_site_area_started_idx');
    expect(full.disinfection).not.toMatch(/Seq Scan on disinfection_entry/);
    expect(full.disinfection).toMatch(/Index (Only )?Scan Backward using disinfection_entry_site_area_started_idx/);
    // Late entries: through the recording time (few after a recent cutoff) or the period's entries.
    expect(plans.disinfectionLate.some((i) => ['report_disinfection_entry_recorded_started_idx', 'report_disinfection_entry_started_recorded_idx'].includes(i))).toBe(true);
    expect(full.disinfectionLate).not.toMatch(/Seq Scan on disinfection_entry/);
    // Corrections since the period start: through either submitted_at index (the planner picks by
    // how many corrections there are), never a scan of every inspection.
    expect(full.inspections).not.toMatch(/Seq Scan on inspection /); // (inspection_member, empty here, is read whole)
  }
  // One district as of a past instant: the findings changed since (their values at the cutoff are
  // reconstructed) are read through the district's sites too.
  const month = districtMonth(now, 'District 3');
  const cutoff = new Date(month.period.from.getTime() + 86_400_000);
  const explained = await explainReport(queryOf(hub.ds), { ...month, asOf: cutoff, cutoff });
  const plans = Object.fromEntries(explained.map((p) => [p.name, indexesIn(p.plan)]));
  expect(plans.rectification).toEqual(expect.arrayContaining(['report_finding_site_deadline_idx', 'report_finding_site_updated_idx']));
  expect(plans.overdue).toEqual(expect.arrayContaining(['report_finding_site_open_deadline_idx', 'report_finding_site_updated_idx']));
  expect(plans.rectification).not.toContain('report_finding_changed_idx');
  expect(plans.overdue).not.toContain('report_finding_changed_idx');
}, 180_000);
