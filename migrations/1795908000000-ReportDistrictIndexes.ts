import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the command-centre report of one district (issue 6): each leads with the site and
 * continues with the time the statement ranges over, so with a district the report reads the
 * rows of the district's sites only (`site_id::text = ANY(the district's sites)`), however
 * large the area around it. Expression-only, like ReportIndexes: `site_id::text` rather than
 * `site_id` because TypeORM's schema builder sees (and would drop) an index with a plain
 * column that no entity declares, and never sees one made only of expressions.
 */
export class ReportDistrictIndexes1795908000000 implements MigrationInterface {
  name = 'ReportDistrictIndexes1795908000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Inspections submitted in the period. Not partial: ANALYZE keeps statistics of an index's
    // expressions, and the planner uses them only from an index without a predicate; without
    // them it estimates every period at 0.5% of the table and goes through the time-only index.
    await queryRunner.query(`CREATE INDEX "report_inspection_site_submitted_idx" ON "inspection" ((site_id::text), (submitted_at AT TIME ZONE 'UTC'))`);
    // Findings raised in the period; due in it (rectification); unsettled by deadline (overdue); changed after the cutoff (both).
    await queryRunner.query(`CREATE INDEX "report_finding_site_raised_idx" ON "finding" ((site_id::text), (raised_at AT TIME ZONE 'UTC'))`);
    await queryRunner.query(`CREATE INDEX "report_finding_site_deadline_idx" ON "finding" ((site_id::text), (deadline AT TIME ZONE 'UTC'))`);
    await queryRunner.query(`CREATE INDEX "report_finding_site_open_deadline_idx" ON "finding" ((site_id::text), (deadline AT TIME ZONE 'UTC')) WHERE status NOT IN ('VERIFIED','WITHDRAWN')`);
    await queryRunner.query(`CREATE INDEX "report_finding_site_updated_idx" ON "finding" ((site_id::text), (updated_at AT TIME ZONE 'UTC'))`);
    // Disputes lodged, and resolved, in the period.
    await queryRunner.query(`CREATE INDEX "report_dispute_site_lodged_idx" ON "dispute" ((site_id::text), (lodged_at AT TIME ZONE 'UTC'))`);
    await queryRunner.query(`CREATE INDEX "report_dispute_site_resolved_idx" ON "dispute" ((site_id::text), (resolved_at AT TIME ZONE 'UTC'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_dispute_site_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_dispute_site_lodged_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_site_updated_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_site_open_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_site_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_site_raised_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_inspection_site_submitted_idx"`);
  }
}
