import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A whole-area report reads the findings of its period's two partial UTC days one by one
 * (report-sql.findings.ts: raised in them, and due in them), the whole days from the tallies. At
 * province a partial day holds up to ~1,500 findings, each fetched from the table (a bitmap of
 * the two ends: ~2.8 ms each section for a period not cut on a midnight). The raised-time and
 * deadline indexes now carry what those reads ask of a finding, and each end is read apart, so
 * both are index-only scans (~0.4 ms). The indexes keep their names and stay as many: the
 * raised-time index is an expression index, so it carries raised_at itself too (an index-only
 * scan of one needs its column).
 */
export class ReportFindingPartialDayCover1796477000000 implements MigrationInterface {
  name = 'ReportFindingPartialDayCover1796477000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_finding_raised_idx"`);
    await q.query(`CREATE INDEX "report_finding_raised_idx" ON "finding" ((raised_at AT TIME ZONE 'UTC')) INCLUDE ("raised_at", "severity", "status", "created_at")`);
    await q.query(`DROP INDEX "public"."finding_deadline_idx"`);
    await q.query(`CREATE INDEX "finding_deadline_idx" ON "finding" ("deadline") INCLUDE ("status", "verified_at", "created_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."finding_deadline_idx"`);
    await q.query(`CREATE INDEX "finding_deadline_idx" ON "finding" ("deadline")`);
    await q.query(`DROP INDEX "public"."report_finding_raised_idx"`);
    await q.query(`CREATE INDEX "report_finding_raised_idx" ON "finding" ((raised_at AT TIME ZONE 'UTC'))`);
  }
}
