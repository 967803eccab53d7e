import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What the seed reports that had nowhere to go: field operations (police deployed, 出动警力 …人次;
 * warnings pushed, 推送预警提示 …条 reaching …人), and a team kind for the Party-member commando
 * teams (党员突击队) beside the (joint) inspection teams.
 */

export class FieldOperationsAndTeamKinds1796447515625 implements MigrationInterface {
    name = 'FieldOperationsAndTeamKinds1796447515625'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "field_operation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(24) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "district" text, "description" text NOT NULL, "officers_deployed" integer, "messages_pushed" integer, "people_reached" integer, "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "field_operation_figures_check" CHECK ((kind = 'POLICE_DEPLOYMENT' AND officers_deployed > 0 AND messages_pushed IS NULL AND people_reached IS NULL) OR (kind = 'WARNING_PUSH' AND officers_deployed IS NULL AND messages_pushed > 0 AND people_reached >= 0)), CONSTRAINT "field_operation_kind_check" CHECK (kind IN ('POLICE_DEPLOYMENT','WARNING_PUSH')), CONSTRAINT "PK_f1530445f3c7e3d9bff3efdeeab" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "field_operation_occurred_idx" ON "field_operation"  ("occurred_at") `);
        await queryRunner.query(`ALTER TABLE "inspection_team" ADD "kind" character varying(16) NOT NULL DEFAULT 'INSPECTION'`);
        await queryRunner.query(`ALTER TABLE "inspection_team" ADD CONSTRAINT "inspection_team_kind_check" CHECK (kind IN ('INSPECTION','COMMANDO'))`);
        await queryRunner.query(`ALTER TABLE "field_operation" ADD CONSTRAINT "FK_b3fc7f47430df3bd9af724141f9" FOREIGN KEY ("recorded_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "field_operation" DROP CONSTRAINT "FK_b3fc7f47430df3bd9af724141f9"`);
        await queryRunner.query(`ALTER TABLE "inspection_team" DROP CONSTRAINT "inspection_team_kind_check"`);
        await queryRunner.query(`ALTER TABLE "inspection_team" DROP COLUMN "kind"`);
        await queryRunner.query(`DROP INDEX "public"."field_operation_occurred_idx"`);
        await queryRunner.query(`DROP TABLE "field_operation"`);
    }

}
