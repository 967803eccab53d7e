import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facility staff (issue 4): the FACILITY_STAFF role, and site_staff binding a staff account to
 * the site whose manager registered it (its scope, like site_manager for managers).
 */
export class SiteStaff1795900411088 implements MigrationInterface {
  name = 'SiteStaff1795900411088';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" DROP CONSTRAINT "account_role_check"`);
    await queryRunner.query(`ALTER TABLE "account" ADD CONSTRAINT "account_role_check" CHECK (role IN ('ADMIN','COMMAND','INSPECTOR','FACILITY_MANAGER','FACILITY_STAFF','REVIEWER'))`);
    await queryRunner.query(`CREATE TABLE "site_staff" ("site_id" uuid NOT NULL, "account_id" uuid NOT NULL, "registered_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_12bdb548625f000c6b59644e415" PRIMARY KEY ("site_id", "account_id"))`);
    await queryRunner.query(`CREATE INDEX "site_staff_account_idx" ON "site_staff" ("account_id") `);
    await queryRunner.query(`ALTER TABLE "site_staff" ADD CONSTRAINT "FK_9fc3c960252b809603db2a1a510" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "site_staff" ADD CONSTRAINT "FK_6344e20cecf9002904f3898fd07" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "site_staff" ADD CONSTRAINT "FK_ff3f6487ab0f01064e2e5a53a0e" FOREIGN KEY ("registered_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "site_staff" DROP CONSTRAINT "FK_ff3f6487ab0f01064e2e5a53a0e"`);
    await queryRunner.query(`ALTER TABLE "site_staff" DROP CONSTRAINT "FK_6344e20cecf9002904f3898fd07"`);
    await queryRunner.query(`ALTER TABLE "site_staff" DROP CONSTRAINT "FK_9fc3c960252b809603db2a1a510"`);
    await queryRunner.query(`DROP INDEX "public"."site_staff_account_idx"`);
    await queryRunner.query(`DROP TABLE "site_staff"`);
    // Fails while FACILITY_STAFF accounts exist: switch them off and remove them first.
    await queryRunner.query(`ALTER TABLE "account" DROP CONSTRAINT "account_role_check"`);
    await queryRunner.query(`ALTER TABLE "account" ADD CONSTRAINT "account_role_check" CHECK (role IN ('ADMIN','COMMAND','INSPECTOR','FACILITY_MANAGER','REVIEWER'))`);
  }
}
