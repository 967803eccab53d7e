import { MigrationInterface, QueryRunner } from "typeorm";

export class InspectionsAndFindings1795890123039 implements MigrationInterface {
    name = 'InspectionsAndFindings1795890123039'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inspection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" uuid NOT NULL, "team_id" uuid NOT NULL, "checklist_version_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "scheduled_by_id" uuid, "started_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "filed_offline" boolean NOT NULL DEFAULT false, "received_at" TIMESTAMP WITH TIME ZONE, "score" double precision, "points_earned" double precision, "points_possible" double precision, "outcome" character varying(24), "pass_mark" integer, "profile_version" integer, "previous_inspection_id" uuid, "corrects_inspection_id" uuid, "correction_reason" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inspection_submitted_check" CHECK (status NOT IN ('SUBMITTED','CLOSED') OR (submitted_at IS NOT NULL AND outcome IS NOT NULL)), CONSTRAINT "inspection_correction_check" CHECK ((corrects_inspection_id IS NULL) = (correction_reason IS NULL)), CONSTRAINT "inspection_outcome_check" CHECK (outcome IS NULL OR outcome IN ('PASS','PASS_WITH_FINDINGS','FAIL')), CONSTRAINT "inspection_status_check" CHECK (status IN ('SCHEDULED','IN_PROGRESS','SUBMITTED','CLOSED','CANCELLED')), CONSTRAINT "PK_1e895c2ae7b7d9d1ec464950013" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "inspection_status_due_idx" ON "inspection"  ("status", "due_at") `);
        await queryRunner.query(`CREATE INDEX "inspection_team_status_idx" ON "inspection"  ("team_id", "status") `);
        await queryRunner.query(`CREATE INDEX "inspection_site_submitted_idx" ON "inspection"  ("site_id", "submitted_at") `);
        await queryRunner.query(`CREATE TABLE "inspection_member" ("inspection_id" uuid NOT NULL, "account_id" uuid NOT NULL, "agency_id" uuid, "is_leader" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_a9944979197545a3356c2d376a8" PRIMARY KEY ("inspection_id", "account_id"))`);
        await queryRunner.query(`CREATE TABLE "inspection_answer" ("inspection_id" uuid NOT NULL, "item_code" character varying(64) NOT NULL, "not_applicable" boolean NOT NULL DEFAULT false, "bool_value" boolean, "number_value" double precision, "choice_value" text, "text_value" text, "note" text, "passed" boolean, "evidence_ids" jsonb NOT NULL DEFAULT '[]', "answered_by_id" uuid NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "inspection_answer_one_value_check" CHECK (not_applicable OR num_nonnulls(bool_value, number_value, choice_value, text_value) = 1), CONSTRAINT "PK_1db2b16315592ddf4c8fb6c335d" PRIMARY KEY ("inspection_id", "item_code"))`);
        await queryRunner.query(`CREATE TABLE "finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "inspection_id" uuid NOT NULL, "site_id" uuid NOT NULL, "team_id" uuid NOT NULL, "issuing_agency_id" uuid, "raised_by_id" uuid NOT NULL, "item_code" character varying(64), "title" text NOT NULL, "description" text, "legal_basis" text, "severity" character varying(16) NOT NULL, "status" character varying(32) NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "profile_version" integer NOT NULL, "evidence_ids" jsonb NOT NULL DEFAULT '[]', "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "finding_deadline_check" CHECK (deadline > raised_at), CONSTRAINT "finding_severity_check" CHECK (severity IN ('CRITICAL','MAJOR','MINOR')), CONSTRAINT "finding_status_check" CHECK (status IN ('OPEN','RECTIFICATION_SUBMITTED','VERIFIED','DISPUTED','WITHDRAWN')), CONSTRAINT "PK_a904dfcf401ccfbaa60bb6eec29" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "finding_team_idx" ON "finding"  ("team_id") `);
        await queryRunner.query(`CREATE INDEX "finding_deadline_idx" ON "finding"  ("deadline") `);
        await queryRunner.query(`CREATE INDEX "finding_inspection_idx" ON "finding"  ("inspection_id") `);
        await queryRunner.query(`CREATE INDEX "finding_site_status_idx" ON "finding"  ("site_id", "status") `);
        await queryRunner.query(`CREATE TABLE "rectification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "submitted_by_id" uuid NOT NULL, "description" text NOT NULL, "evidence_ids" jsonb NOT NULL DEFAULT '[]', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL, "reviewed_by_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rectification_rejection_check" CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)), CONSTRAINT "rectification_status_check" CHECK (status IN ('SUBMITTED','ACCEPTED','REJECTED')), CONSTRAINT "PK_490098febcd6556a2ad09c7f368" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "rectification_finding_idx" ON "rectification"  ("finding_id", "submitted_at") `);
        await queryRunner.query(`ALTER TABLE "inspection" ADD CONSTRAINT "FK_8e614bce4e938c7b1f3ba6cb728" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection" ADD CONSTRAINT "FK_a515e6784e5aaca1aca5b63c605" FOREIGN KEY ("team_id") REFERENCES "inspection_team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection" ADD CONSTRAINT "FK_c3d3d5ab78e13fcb9bac2e2ee0f" FOREIGN KEY ("checklist_version_id") REFERENCES "checklist_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection" ADD CONSTRAINT "FK_dadc06f258a83085a25e758ed62" FOREIGN KEY ("previous_inspection_id") REFERENCES "inspection"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection" ADD CONSTRAINT "FK_d391b4822745c7f590857299c84" FOREIGN KEY ("corrects_inspection_id") REFERENCES "inspection"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection_member" ADD CONSTRAINT "FK_233afbea9a47ffefe3a1d437d10" FOREIGN KEY ("inspection_id") REFERENCES "inspection"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection_member" ADD CONSTRAINT "FK_ed0c30f28097ba35385ab72c13d" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection_member" ADD CONSTRAINT "FK_7e0683114c59982fb9f034b8212" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection_answer" ADD CONSTRAINT "FK_b937d2106f0bfaed18e3291072a" FOREIGN KEY ("inspection_id") REFERENCES "inspection"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_78ab741c4fafaa076c97e71c479" FOREIGN KEY ("inspection_id") REFERENCES "inspection"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_05cdc95dcab164461f84bc82c58" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_be32f9b338cb40a3105a7b49b3f" FOREIGN KEY ("team_id") REFERENCES "inspection_team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_a3814bd64fc0e52f286923b06a5" FOREIGN KEY ("issuing_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_1d4fe0e45ce72723a9185b9cc79" FOREIGN KEY ("raised_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rectification" ADD CONSTRAINT "FK_385c0ddda04b23b0950b0a116ae" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rectification" ADD CONSTRAINT "FK_7e2aab059bffd9a9c97fd007f46" FOREIGN KEY ("submitted_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        // Hand-written: a submitted inspection is immutable, so the database refuses changes to
        // the answers of an inspection that is SUBMITTED, CLOSED or CANCELLED.
        await queryRunner.query(`CREATE FUNCTION inspection_answer_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM inspection WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.inspection_id ELSE NEW.inspection_id END
                           AND status IN ('SUBMITTED', 'CLOSED', 'CANCELLED')) THEN
                    RAISE EXCEPTION 'the answers of a submitted inspection cannot change (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER inspection_answer_frozen BEFORE INSERT OR UPDATE OR DELETE ON "inspection_answer" FOR EACH ROW EXECUTE FUNCTION inspection_answer_frozen()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER inspection_answer_frozen ON "inspection_answer"`);
        await queryRunner.query(`DROP FUNCTION inspection_answer_frozen()`);
        await queryRunner.query(`ALTER TABLE "rectification" DROP CONSTRAINT "FK_7e2aab059bffd9a9c97fd007f46"`);
        await queryRunner.query(`ALTER TABLE "rectification" DROP CONSTRAINT "FK_385c0ddda04b23b0950b0a116ae"`);
        await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_1d4fe0e45ce72723a9185b9cc79"`);
        await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_a3814bd64fc0e52f286923b06a5"`);
        await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_be32f9b338cb40a3105a7b49b3f"`);
        await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_05cdc95dcab164461f84bc82c58"`);
        await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_78ab741c4fafaa076c97e71c479"`);
        await queryRunner.query(`ALTER TABLE "inspection_answer" DROP CONSTRAINT "FK_b937d2106f0bfaed18e3291072a"`);
        await queryRunner.query(`ALTER TABLE "inspection_member" DROP CONSTRAINT "FK_7e0683114c59982fb9f034b8212"`);
        await queryRunner.query(`ALTER TABLE "inspection_member" DROP CONSTRAINT "FK_ed0c30f28097ba35385ab72c13d"`);
        await queryRunner.query(`ALTER TABLE "inspection_member" DROP CONSTRAINT "FK_233afbea9a47ffefe3a1d437d10"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP CONSTRAINT "FK_d391b4822745c7f590857299c84"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP CONSTRAINT "FK_dadc06f258a83085a25e758ed62"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP CONSTRAINT "FK_c3d3d5ab78e13fcb9bac2e2ee0f"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP CONSTRAINT "FK_a515e6784e5aaca1aca5b63c605"`);
        await queryRunner.query(`ALTER TABLE "inspection" DROP CONSTRAINT "FK_8e614bce4e938c7b1f3ba6cb728"`);
        await queryRunner.query(`DROP INDEX "public"."rectification_finding_idx"`);
        await queryRunner.query(`DROP TABLE "rectification"`);
        await queryRunner.query(`DROP INDEX "public"."finding_site_status_idx"`);
        await queryRunner.query(`DROP INDEX "public"."finding_inspection_idx"`);
        await queryRunner.query(`DROP INDEX "public"."finding_deadline_idx"`);
        await queryRunner.query(`DROP INDEX "public"."finding_team_idx"`);
        await queryRunner.query(`DROP TABLE "finding"`);
        await queryRunner.query(`DROP TABLE "inspection_answer"`);
        await queryRunner.query(`DROP TABLE "inspection_member"`);
        await queryRunner.query(`DROP INDEX "public"."inspection_site_submitted_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inspection_team_status_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inspection_status_due_idx"`);
        await queryRunner.query(`DROP TABLE "inspection"`);
    }

}
