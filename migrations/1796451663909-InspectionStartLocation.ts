import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Where the device was when an inspection started (fileInspection's optional startLocation):
 * latitude, longitude (WGS84) and the fix's accuracy in metres; null when not recorded.
 */

export class InspectionStartLocation1796451663909 implements MigrationInterface {
    name = 'InspectionStartLocation1796451663909'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inspection" ADD "start_latitude" double precision`);
        await queryRunner.query(`ALTER TABLE "inspection" ADD "start_longitude" double precision`);
        await queryRunner.query(`ALTER TABLE "inspection" ADD "start_accuracy_meters" double precision`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "start_accuracy_meters"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "start_longitude"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP COLUMN "start_latitude"`);
    }

}
