import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that bound the command-centre report's disinfection statements to the period (issue 6).
 * Expression-only, like ReportIndexes (TypeORM's schema builder never sees them, so they survive
 * `migration:generate` without edits to the disinfection module's entity).
 *
 * - Late entries (started in the period, recorded after the cutoff): both times in one index, so
 *   the scan reads the period's index range and fetches only the late rows. It replaces the
 *   started-only index of ReportIndexes, its prefix.
 * - Corrections by site: the compliance statement asks once per requirement whether the site has
 *   any correction, instead of probing for one per entry.
 * - Corrections of inspections by submission time: the inspections statement reads the
 *   corrections submitted since the period start, not every inspection submitted since then.
 */
export class ReportPeriodIndexes1795906000000 implements MigrationInterface {
  name = 'ReportPeriodIndexes1795906000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "report_disinfection_entry_started_recorded_idx" ON "disinfection_entry" ((started_at AT TIME ZONE 'UTC'), (recorded_at AT TIME ZONE 'UTC'))`);
    await queryRunner.query(`DROP INDEX "public"."report_disinfection_entry_started_idx"`);
    await queryRunner.query(`CREATE INDEX "report_disinfection_correction_site_idx" ON "disinfection_entry" ((site_id::text), (recorded_at AT TIME ZONE 'UTC')) WHERE corrects_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "report_inspection_correction_submitted_idx" ON "inspection" ((submitted_at AT TIME ZONE 'UTC')) WHERE corrects_inspection_id IS NOT NULL AND status IN ('SUBMITTED','CLOSED')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_inspection_correction_submitted_idx"`);
    await queryRunner.query(`DROP INDEX "public"."report_disinfection_correction_site_idx"`);
    await queryRunner.query(`CREATE INDEX "report_disinfection_entry_started_idx" ON "disinfection_entry" ((started_at AT TIME ZONE 'UTC'))`);
    await queryRunner.query(`DROP INDEX "public"."report_disinfection_entry_started_recorded_idx"`);
  }
}
