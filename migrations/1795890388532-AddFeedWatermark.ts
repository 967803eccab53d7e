import { MigrationInterface, QueryRunner } from "typeorm";

export class AddFeedWatermark1795890388532 implements MigrationInterface {
    name = 'AddFeedWatermark1795890388532'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "feed_watermark" ("name" text NOT NULL, "scanned_to" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_01320fc1e5d471ac9e457200399" PRIMARY KEY ("name"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "feed_watermark"`);
    }
}
