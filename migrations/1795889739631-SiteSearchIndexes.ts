import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for listing sites: trigram GIN indexes so `search` (ILIKE '%…%' on name and address,
 * any script) need not scan the table, and (name, id) for the keyset order of `sites`.
 */
export class SiteSearchIndexes1795889739631 implements MigrationInterface {
    name = 'SiteSearchIndexes1795889739631'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE INDEX "site_name_trgm_idx" ON "site" USING gin ("name" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "site_address_trgm_idx" ON "site" USING gin ("address" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "site_name_id_idx" ON "site" ("name", "id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."site_name_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."site_address_trgm_idx"`);
        await queryRunner.query(`DROP INDEX "public"."site_name_trgm_idx"`);
        // pg_trgm stays: other migrations may rely on it, and an unused extension is harmless.
    }
}
