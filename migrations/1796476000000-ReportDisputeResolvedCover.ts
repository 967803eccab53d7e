import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A whole-area report as of a past cutoff C reads the disputes resolved in what the built days
 * leave of its period (report-disputes.ts, disputeDaysSql). Every day resolved after C is such a
 * stretch (its resolutions were recorded after C), and a dispute resolved after C counts only as
 * a late arrival: recorded after C and not lodged in the period. So those are counted from the
 * resolution index alone (`resolved_after_late`), not fetched from the table: ten days of
 * resolutions at province, ten days back. The index now carries created_at and lodged_at, and
 * resolved_at itself (an index-only scan of an expression index needs its column too).
 */
export class ReportDisputeResolvedCover1796476000000 implements MigrationInterface {
  name = 'ReportDisputeResolvedCover1796476000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_dispute_resolved_idx"`);
    await q.query(`CREATE INDEX "report_dispute_resolved_idx" ON "dispute" ((resolved_at AT TIME ZONE 'UTC')) INCLUDE ("resolved_at", "created_at", "lodged_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_dispute_resolved_idx"`);
    await q.query(`CREATE INDEX "report_dispute_resolved_idx" ON "dispute" ((resolved_at AT TIME ZONE 'UTC'))`);
  }
}
