import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `report_day.known_from`: the earliest instant one of a built day's records became known, beside
 * `known_until` (the latest). Kept for the sections whose days a report as of a past cutoff can
 * take whole when every record of the day became known after the cutoff (`known_from` later than
 * the cutoff): such a day counts nothing in the main figures and every record of it as a late
 * arrival, which its stored counts give without reading its rows.
 *   - inspections: the earliest known_at of the day's visits (corrections do not matter: a
 *     visit unknown at the cutoff counts once as late, whatever its corrections).
 *   - disputes_lodged: the earliest created_at of the disputes lodged that day.
 * NULL where not kept (other sections); 'infinity' for a day with no record. The inspection and
 * lodging days built so far lack it and are dropped (the hub's pass at start, or the next report,
 * builds them again, as JointInspectionDays did).
 */
export class ReportDayKnownFrom1796462500000 implements MigrationInterface {
  name = 'ReportDayKnownFrom1796462500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "report_day" ADD COLUMN "known_from" timestamptz`);
    await q.query(`DELETE FROM report_day WHERE section IN ('inspections', 'disputes_lodged')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "report_day" DROP COLUMN "known_from"`);
  }
}
