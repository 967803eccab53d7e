import { MigrationInterface, QueryRunner } from "typeorm";

export class AddDisputes1795890367358 implements MigrationInterface {
    name = 'AddDisputes1795890367358'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "dispute" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(16) NOT NULL, "finding_id" uuid, "site_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "category" character varying(32), "reason" text NOT NULL, "parties" jsonb NOT NULL DEFAULT '[]', "mediated_by_id" uuid, "mediated_by_name" text, "evidence_ids" jsonb NOT NULL DEFAULT '[]', "lodged_by_id" uuid NOT NULL, "lodged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolution_due_at" TIMESTAMP WITH TIME ZONE, "finding_status_before" character varying(32), "deadline_paused" boolean NOT NULL DEFAULT false, "reviewer_id" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE, "outcome" character varying(16), "rationale" text, "new_severity" character varying(16), "new_deadline" TIMESTAMP WITH TIME ZONE, "deadline_extension_seconds" integer, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_id" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "dispute_review_check" CHECK (status <> 'UNDER_REVIEW' OR reviewer_id IS NOT NULL), CONSTRAINT "dispute_resolved_check" CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL) AND (status <> 'RESOLVED' OR kind <> 'FINDING' OR (outcome IS NOT NULL AND rationale IS NOT NULL))), CONSTRAINT "dispute_kind_shape_check" CHECK ((kind = 'FINDING' AND finding_id IS NOT NULL AND category IS NULL) OR (kind = 'SITE_CONFLICT' AND finding_id IS NULL AND category IS NOT NULL)), CONSTRAINT "dispute_category_check" CHECK (category IS NULL OR category IN ('GUEST_REFUSED_REGISTRATION','CHECKPOINT_QUARREL','NEIGHBOURHOOD','QUARANTINE_NONCOMPLIANCE','OTHER')), CONSTRAINT "dispute_outcome_check" CHECK (outcome IS NULL OR outcome IN ('UPHELD','OVERTURNED','AMENDED')), CONSTRAINT "dispute_status_check" CHECK (status IN ('LODGED','UNDER_REVIEW','RESOLVED','WITHDRAWN')), CONSTRAINT "dispute_kind_check" CHECK (kind IN ('FINDING','SITE_CONFLICT')), CONSTRAINT "PK_e2f1f4741f2094ce789b0a7c5b3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "dispute_reviewer_idx" ON "dispute"  ("reviewer_id") `);
        await queryRunner.query(`CREATE INDEX "dispute_lodged_idx" ON "dispute"  ("lodged_at", "id") `);
        await queryRunner.query(`CREATE INDEX "dispute_site_lodged_idx" ON "dispute"  ("site_id", "lodged_at") `);
        await queryRunner.query(`CREATE INDEX "dispute_finding_idx" ON "dispute"  ("finding_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "dispute_open_finding_uq" ON "dispute"  ("finding_id") WHERE status IN ('LODGED','UNDER_REVIEW')`);
        await queryRunner.query(`ALTER TABLE "dispute" ADD CONSTRAINT "FK_3f1c92c017d17e9d651e0a68eea" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "dispute" ADD CONSTRAINT "FK_8f1111af3004eac6030cb6103b3" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "dispute" ADD CONSTRAINT "FK_373bc288d4e49fa777a7a1d59b5" FOREIGN KEY ("mediated_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "dispute" ADD CONSTRAINT "FK_e531c801e16ecadd9489dc591bc" FOREIGN KEY ("lodged_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "dispute" ADD CONSTRAINT "FK_a0898350a51b504f54732060c9f" FOREIGN KEY ("reviewer_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "dispute" DROP CONSTRAINT "FK_a0898350a51b504f54732060c9f"`);
        await queryRunner.query(`ALTER TABLE "dispute" DROP CONSTRAINT "FK_e531c801e16ecadd9489dc591bc"`);
        await queryRunner.query(`ALTER TABLE "dispute" DROP CONSTRAINT "FK_373bc288d4e49fa777a7a1d59b5"`);
        await queryRunner.query(`ALTER TABLE "dispute" DROP CONSTRAINT "FK_8f1111af3004eac6030cb6103b3"`);
        await queryRunner.query(`ALTER TABLE "dispute" DROP CONSTRAINT "FK_3f1c92c017d17e9d651e0a68eea"`);
        await queryRunner.query(`DROP INDEX "public"."dispute_open_finding_uq"`);
        await queryRunner.query(`DROP INDEX "public"."dispute_finding_idx"`);
        await queryRunner.query(`DROP INDEX "public"."dispute_site_lodged_idx"`);
        await queryRunner.query(`DROP INDEX "public"."dispute_lodged_idx"`);
        await queryRunner.query(`DROP INDEX "public"."dispute_reviewer_idx"`);
        await queryRunner.query(`DROP TABLE "dispute"`);
    }

}
