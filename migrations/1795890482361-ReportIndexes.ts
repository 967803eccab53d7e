import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the command-centre report (src/modules/report). Each is an expression index on
 * the UTC wall time of a timestamptz column (`(col AT TIME ZONE 'UTC')`, immutable), and the
 * report queries filter on the same expression. Why expressions: the tables belong to other
 * modules, and TypeORM's schema builder drops any plain-column index their entities do not
 * declare, while it never sees expression-only indexes; so these survive `migration:generate`
 * without edits to other modules' entities.
 */
export class ReportIndexes1795890482361 implements MigrationInterface {
  name = 'ReportIndexes1795890482361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Inspections submitted in the period.
    await queryRunner.query(`CREATE INDEX "report_inspection_submitted_idx" ON "inspection" ((submitted_at AT TIME ZONE 'UTC')) WHERE status IN ('SUBMITTED','CLOSED')`);
    // Findings raised in the period (by severity and status; late arrivals).
    await queryRunner.query(`CREATE INDEX "report_finding_raised_idx" ON "finding" ((raised_at AT TIME ZONE 'UTC'))`);
    // Overdue at the cutoff: unsettled findings by deadline; and findings changed after the cutoff
    // (rectification rate and overdue reconstruct their values at the cutoff).
    await queryRunner.query(`CREATE INDEX "report_finding_open_deadline_idx" ON "finding" ((deadline AT TIME ZONE 'UTC')) WHERE status NOT IN ('VERIFIED','WITHDRAWN')`);
    await queryRunner.query(`CREATE INDEX "report_finding_updated_idx" ON "finding" ((updated_at AT TIME ZONE 'UTC'))`);
    // Disputes resolved in the period (lodged in it: the dispute module's dispute_lodged_idx).
    await queryRunner.query(`CREATE INDEX "report_dispute_resolved_idx" ON "dispute" ((resolved_at AT TIME ZONE 'UTC'))`);
    // Supplies delivered in the period.
    await queryRunner.query(`CREATE INDEX "report_supply_delivery_delivered_idx" ON "supply_delivery" ((delivered_at AT TIME ZONE 'UTC'))`);
    // Disinfection entries started in the period (late arrivals).
    await queryRunner.query(`CREATE INDEX "report_disinfection_entry_started_idx" ON "disinfection_entry" ((started_at AT TIME ZONE 'UTC'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_disinfection_entry_started_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_supply_delivery_delivered_idx"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "public"."report_dispute_resolved_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_updated_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_open_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_finding_raised_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_inspection_submitted_idx"`);
  }
}
