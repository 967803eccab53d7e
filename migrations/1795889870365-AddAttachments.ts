import { MigrationInterface, QueryRunner } from "typeorm";

export class AddAttachments1795889870365 implements MigrationInterface {
    name = 'AddAttachments1795889870365'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sha256" character(64) NOT NULL, "size" integer NOT NULL, "content_type" character varying(64) NOT NULL, "file_name" text, "uploaded_by" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "attachment_content_type_check" CHECK (content_type IN ('image/jpeg','image/png','image/webp','image/heic','application/pdf')), CONSTRAINT "attachment_size_check" CHECK (size >= 0), CONSTRAINT "attachment_sha256_check" CHECK (sha256 ~ '^[0-9a-f]{64}$'), CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "attachment_uploaded_by_idx" ON "attachment"  ("uploaded_by") `);
        await queryRunner.query(`CREATE INDEX "attachment_sha256_idx" ON "attachment"  ("sha256") `);
        await queryRunner.query(`CREATE TABLE "attachment_link" ("attachment_id" uuid NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" uuid NOT NULL, "site_id" uuid NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc69ad3f51de2ebd8024ee7a964" PRIMARY KEY ("attachment_id", "entity_type", "entity_id"))`);
        await queryRunner.query(`CREATE INDEX "attachment_link_site_idx" ON "attachment_link"  ("site_id") `);
        await queryRunner.query(`CREATE INDEX "attachment_link_entity_idx" ON "attachment_link"  ("entity_type", "entity_id") `);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "FK_a43176f45a7941d1cd50109f07f" FOREIGN KEY ("uploaded_by") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachment_link" ADD CONSTRAINT "FK_6e33abc5a2a924735b255cfff84" FOREIGN KEY ("attachment_id") REFERENCES "attachment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachment_link" ADD CONSTRAINT "FK_27ce6e8dd3a7ffd47ba770a8bec" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "attachment_link" DROP CONSTRAINT "FK_27ce6e8dd3a7ffd47ba770a8bec"`);
        await queryRunner.query(`ALTER TABLE "attachment_link" DROP CONSTRAINT "FK_6e33abc5a2a924735b255cfff84"`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_a43176f45a7941d1cd50109f07f"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_link_entity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_link_site_idx"`);
        await queryRunner.query(`DROP TABLE "attachment_link"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_sha256_idx"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_uploaded_by_idx"`);
        await queryRunner.query(`DROP TABLE "attachment"`);
    }

}
