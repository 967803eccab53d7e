import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report as of a past cutoff reads every finding changed (or recorded) after the cutoff, three
 * times (findings raised, rectification due, overdue: report-sql.findings.ts, `changed`), and
 * needs of each only a few columns. Through the update-time index alone that was a heap fetch per
 * finding: at province, 13,552 findings changed in the last 10 days took 78 ms of the findings
 * statement's 114 (wide rows, scattered). This index holds those columns, so the three read it
 * index-only; it replaces the update-time index (the same key).
 */
export class ReportFindingChangedCover1796463000000 implements MigrationInterface {
  name = 'ReportFindingChangedCover1796463000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "report_finding_changed_idx" ON "finding" (("updated_at" AT TIME ZONE 'UTC'))
       INCLUDE ("updated_at", "id", "severity", "status", "deadline", "deadline_paused", "created_at", "verified_at", "raised_at")`,
    );
    await q.query(`DROP INDEX "public"."report_finding_updated_idx"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "report_finding_updated_idx" ON "finding" (("updated_at" AT TIME ZONE 'UTC'))`);
    await q.query(`DROP INDEX "public"."report_finding_changed_idx"`);
  }
}
