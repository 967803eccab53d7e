import { MigrationInterface, QueryRunner } from "typeorm";

export class FrontLineOperations1795889860941 implements MigrationInterface {
    name = 'FrontLineOperations1795889860941'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "checkpoint_tally" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "checkpoint_id" uuid NOT NULL, "shift_date" date NOT NULL, "shift" character varying(16) NOT NULL, "vehicles_checked" integer NOT NULL, "persons_screened" integer NOT NULL, "vehicles_turned_back" integer NOT NULL, "persons_turned_back" integer NOT NULL, "certificates_verified" integer NOT NULL, "samples_taken" integer NOT NULL, "officers_on_duty" jsonb NOT NULL DEFAULT '[]', "leaders_on_duty" integer NOT NULL, "notes" text, "warnings" jsonb NOT NULL DEFAULT '[]', "corrects_id" uuid, "correction_reason" text, "superseded_at" TIMESTAMP WITH TIME ZONE, "filed_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checkpoint_tally_correction_check" CHECK ((corrects_id IS NULL) = (correction_reason IS NULL)), CONSTRAINT "checkpoint_tally_turned_back_check" CHECK (vehicles_turned_back <= vehicles_checked AND persons_turned_back <= persons_screened), CONSTRAINT "checkpoint_tally_counts_check" CHECK (vehicles_checked >= 0 AND persons_screened >= 0 AND vehicles_turned_back >= 0 AND persons_turned_back >= 0 AND certificates_verified >= 0 AND samples_taken >= 0), CONSTRAINT "checkpoint_tally_shift_check" CHECK (shift IN ('DAY','NIGHT')), CONSTRAINT "PK_d2ec628991e1cea8a3cd97e3833" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "checkpoint_tally_date_idx" ON "checkpoint_tally"  ("shift_date", "checkpoint_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "checkpoint_tally_corrects_uq" ON "checkpoint_tally"  ("corrects_id") WHERE corrects_id IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "checkpoint_tally_effective_uq" ON "checkpoint_tally"  ("checkpoint_id", "shift_date", "shift") WHERE superseded_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "supply_item" ("code" character varying(64) NOT NULL, "name" text NOT NULL, "kind" character varying(32) NOT NULL, "unit" character varying(16) NOT NULL, "stock" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "supply_item_unit_check" CHECK (unit IN ('PIECE','PAIR','LITRE','CASE')), CONSTRAINT "supply_item_kind_check" CHECK (kind IN ('MASK','FACE_SHIELD','GLOVES','PROTECTIVE_SUIT','THERMOMETER','DISINFECTANT_ALCOHOL','FOOD','OTHER')), CONSTRAINT "supply_item_stock_check" CHECK (stock >= 0), CONSTRAINT "PK_390c2154e29359605f5a5267490" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "supply_receipt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_code" character varying(64) NOT NULL, "quantity" integer NOT NULL, "source" text NOT NULL, "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "supply_receipt_quantity_check" CHECK (quantity > 0), CONSTRAINT "PK_0fc7ee23225a1a65b0ac6157640" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "supply_receipt_item_idx" ON "supply_receipt"  ("item_code", "created_at") `);
        await queryRunner.query(`CREATE TABLE "supply_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_code" character varying(64) NOT NULL, "site_id" uuid NOT NULL, "quantity" integer NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "notes" text, "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "supply_delivery_quantity_check" CHECK (quantity > 0), CONSTRAINT "PK_8f5180d537674315e0fd1b47d5a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "supply_delivery_item_idx" ON "supply_delivery"  ("item_code", "delivered_at") `);
        await queryRunner.query(`CREATE INDEX "supply_delivery_site_idx" ON "supply_delivery"  ("site_id", "delivered_at") `);
        await queryRunner.query(`CREATE TABLE "verification_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_ref" text NOT NULL, "source" character varying(16) NOT NULL, "received" integer NOT NULL, "needing_verification" integer NOT NULL, "duplicates" jsonb NOT NULL DEFAULT '[]', "imported_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "verification_batch_source_check" CHECK (source IN ('GRAPHQL','CSV')), CONSTRAINT "PK_59dcd7fa308cb8ac3758038f125" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "verification_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_id" uuid NOT NULL, "external_ref" text NOT NULL, "person_name" text NOT NULL, "id_number_masked" text, "phone_masked" text, "reason" text NOT NULL, "needs_verification" boolean NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'RECEIVED', "routed_unit_id" uuid, "deadline" TIMESTAMP WITH TIME ZONE, "result" character varying(32), "result_notes" text, "answered_at" TIMESTAMP WITH TIME ZONE, "answered_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "verification_record_identity_check" CHECK (id_number_masked IS NOT NULL OR phone_masked IS NOT NULL), CONSTRAINT "verification_record_task_check" CHECK (needs_verification OR status = 'RECEIVED'), CONSTRAINT "verification_record_result_check" CHECK ((status = 'ANSWERED') = (result IS NOT NULL) AND (result IS NULL OR result IN ('CONFIRMED_ISOLATED','NOT_FOUND','CLEARED','REFERRED'))), CONSTRAINT "verification_record_status_check" CHECK (status IN ('RECEIVED','ROUTED','VERIFYING','ANSWERED')), CONSTRAINT "PK_7c1afeb7985d5b4f357f11044d5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "verification_record_created_idx" ON "verification_record" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "verification_record_batch_idx" ON "verification_record"  ("batch_id") `);
        await queryRunner.query(`CREATE INDEX "verification_record_unit_idx" ON "verification_record"  ("routed_unit_id") `);
        await queryRunner.query(`CREATE INDEX "verification_record_task_idx" ON "verification_record"  ("status", "deadline") WHERE needs_verification`);
        await queryRunner.query(`CREATE UNIQUE INDEX "verification_record_external_ref_uq" ON "verification_record"  ("external_ref") `);
        await queryRunner.query(`ALTER TABLE "checkpoint_tally" ADD CONSTRAINT "FK_1eea86e2688bc01c265599300af" FOREIGN KEY ("checkpoint_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "checkpoint_tally" ADD CONSTRAINT "FK_c1aff133488f35e12d4622e33d3" FOREIGN KEY ("corrects_id") REFERENCES "checkpoint_tally"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "checkpoint_tally" ADD CONSTRAINT "FK_8581d5c4ac6cafc3e6383130544" FOREIGN KEY ("filed_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "supply_receipt" ADD CONSTRAINT "FK_52fc3798d6b79c0fab607ed56a2" FOREIGN KEY ("item_code") REFERENCES "supply_item"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "supply_receipt" ADD CONSTRAINT "FK_fe48ff0160110f3469477c13188" FOREIGN KEY ("recorded_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "supply_delivery" ADD CONSTRAINT "FK_ba807327789a9bace729131ca4b" FOREIGN KEY ("item_code") REFERENCES "supply_item"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "supply_delivery" ADD CONSTRAINT "FK_12548e7032ad9645e4734f432d3" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "supply_delivery" ADD CONSTRAINT "FK_5b49b9b4e6b63f2c1b08fe6e4f4" FOREIGN KEY ("recorded_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "verification_batch" ADD CONSTRAINT "FK_beaf387b8ab8a637511ecc46785" FOREIGN KEY ("imported_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "verification_record" ADD CONSTRAINT "FK_e05582fec72e7b0c44334c467f6" FOREIGN KEY ("batch_id") REFERENCES "verification_batch"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "verification_record" ADD CONSTRAINT "FK_1d80f2b9fdde31417a7be51751f" FOREIGN KEY ("routed_unit_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "verification_record" ADD CONSTRAINT "FK_09aea9888ff09d9170d80943058" FOREIGN KEY ("answered_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Reference data: the supplies the seed lists (口罩, 防护面罩, 防护手套, 防护服, 测温仪, 消毒酒精, 方便面).
        await queryRunner.query(`INSERT INTO "supply_item" ("code", "name", "kind", "unit") VALUES
            ('MASK', '口罩 masks', 'MASK', 'PIECE'),
            ('FACE_SHIELD', '防护面罩 face shields', 'FACE_SHIELD', 'PIECE'),
            ('GLOVES', '防护手套 protective gloves', 'GLOVES', 'PAIR'),
            ('PROTECTIVE_SUIT', '防护服 protective suits', 'PROTECTIVE_SUIT', 'PIECE'),
            ('THERMOMETER', '测温仪 thermometers', 'THERMOMETER', 'PIECE'),
            ('DISINFECTANT_ALCOHOL', '消毒酒精 disinfectant alcohol', 'DISINFECTANT_ALCOHOL', 'LITRE'),
            ('INSTANT_NOODLES', '方便面 instant noodles', 'FOOD', 'CASE')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "verification_record" DROP CONSTRAINT "FK_09aea9888ff09d9170d80943058"`);
        await queryRunner.query(`ALTER TABLE "verification_record" DROP CONSTRAINT "FK_1d80f2b9fdde31417a7be51751f"`);
        await queryRunner.query(`ALTER TABLE "verification_record" DROP CONSTRAINT "FK_e05582fec72e7b0c44334c467f6"`);
        await queryRunner.query(`ALTER TABLE "verification_batch" DROP CONSTRAINT "FK_beaf387b8ab8a637511ecc46785"`);
        await queryRunner.query(`ALTER TABLE "supply_delivery" DROP CONSTRAINT "FK_5b49b9b4e6b63f2c1b08fe6e4f4"`);
        await queryRunner.query(`ALTER TABLE "supply_delivery" DROP CONSTRAINT "FK_12548e7032ad9645e4734f432d3"`);
        await queryRunner.query(`ALTER TABLE "supply_delivery" DROP CONSTRAINT "FK_ba807327789a9bace729131ca4b"`);
        await queryRunner.query(`ALTER TABLE "supply_receipt" DROP CONSTRAINT "FK_fe48ff0160110f3469477c13188"`);
        await queryRunner.query(`ALTER TABLE "supply_receipt" DROP CONSTRAINT "FK_52fc3798d6b79c0fab607ed56a2"`);
        await queryRunner.query(`ALTER TABLE "checkpoint_tally" DROP CONSTRAINT "FK_8581d5c4ac6cafc3e6383130544"`);
        await queryRunner.query(`ALTER TABLE "checkpoint_tally" DROP CONSTRAINT "FK_c1aff133488f35e12d4622e33d3"`);
        await queryRunner.query(`ALTER TABLE "checkpoint_tally" DROP CONSTRAINT "FK_1eea86e2688bc01c265599300af"`);
        await queryRunner.query(`DROP TABLE "verification_record"`);
        await queryRunner.query(`DROP TABLE "verification_batch"`);
        await queryRunner.query(`DROP TABLE "supply_delivery"`);
        await queryRunner.query(`DROP TABLE "supply_receipt"`);
        await queryRunner.query(`DROP TABLE "supply_item"`);
        await queryRunner.query(`DROP TABLE "checkpoint_tally"`);
    }

}
