import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest inspections of a site (Site.inspections, the nested read of issue 6): a backward
 * scan of (site_id, created_at, id) reads exactly `first` rows per site, where the
 * (site_id, submitted_at) index made PostgreSQL fetch and sort all of them.
 */
export class InspectionSiteCreatedIndex1795905000000 implements MigrationInterface {
  name = 'InspectionSiteCreatedIndex1795905000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "inspection_site_created_idx" ON "inspection" ("site_id", "created_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."inspection_site_created_idx"`);
  }
}
