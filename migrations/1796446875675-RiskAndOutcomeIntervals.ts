import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The next inspection follows the site's risk and its last outcome: per site kind, the
 * re-inspection interval is multiplied by high_risk_interval_factor for HIGH and CRITICAL risk
 * sites and by fail_interval_factor after a FAIL (both 0.5 by default, 0 < f <= 1).
 */

export class RiskAndOutcomeIntervals1796446875675 implements MigrationInterface {
    name = 'RiskAndOutcomeIntervals1796446875675'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "standard_profile" ADD "high_risk_interval_factor" double precision NOT NULL DEFAULT '0.5'`);
        await queryRunner.query(`ALTER TABLE "standard_profile" ADD "fail_interval_factor" double precision NOT NULL DEFAULT '0.5'`);
        await queryRunner.query(`ALTER TABLE "standard_profile" ADD CONSTRAINT "standard_profile_interval_factor_check" CHECK (high_risk_interval_factor > 0 AND high_risk_interval_factor <= 1 AND fail_interval_factor > 0 AND fail_interval_factor <= 1)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "standard_profile" DROP CONSTRAINT "standard_profile_interval_factor_check"`);
        await queryRunner.query(`ALTER TABLE "standard_profile" DROP COLUMN "fail_interval_factor"`);
        await queryRunner.query(`ALTER TABLE "standard_profile" DROP COLUMN "high_risk_interval_factor"`);
    }

}
