import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The visits that became known to the server more than two hours after they were submitted
 * (offline filings received late), by the instant they became known (report-sql.inspections.ts,
 * INSPECTION_KNOWN_LATE). A report as of a past cutoff finds through it, and through the submitted
 * index in the two hours before the cutoff, the visits of the days around the cutoff not known at
 * it, instead of reading those days whole. A filing received on time is not in it.
 */
export class ReportInspectionKnownLate1796468000000 implements MigrationInterface {
  name = 'ReportInspectionKnownLate1796468000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "report_inspection_known_late_idx" ON "inspection" ((greatest(created_at, coalesce(received_at, submitted_at)) AT TIME ZONE 'UTC'))
      WHERE status IN ('SUBMITTED','CLOSED') AND corrects_inspection_id IS NULL AND greatest(created_at, coalesce(received_at, submitted_at)) - submitted_at > interval '2 hours'`);
    await q.query(`CREATE INDEX "report_inspection_known_early_idx" ON "inspection" ((submitted_at AT TIME ZONE 'UTC'))
      WHERE status IN ('SUBMITTED','CLOSED') AND corrects_inspection_id IS NULL AND greatest(created_at, coalesce(received_at, submitted_at)) < submitted_at`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_inspection_known_early_idx"`);
    await q.query(`DROP INDEX "public"."report_inspection_known_late_idx"`);
  }
}
