import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795889498202 implements MigrationInterface {
    name = 'Foundation1795889498202'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "agency" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" text NOT NULL, "kind" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_fbda24d0286deca69d0b8d30f10" UNIQUE ("code"), CONSTRAINT "agency_kind_check" CHECK (kind IN ('POLICE','MARKET_REGULATION','HEALTH','TRANSPORT','TOWNSHIP','OTHER')), CONSTRAINT "PK_ab1244724d1c216e9720635a2e5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" character varying(32) NOT NULL, "agency_id" uuid, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_41dfcb70af895ddf9a53094515b" UNIQUE ("username"), CONSTRAINT "account_username_check" CHECK (username ~ '^[a-z0-9_.-]{3,64}$'), CONSTRAINT "account_role_check" CHECK (role IN ('ADMIN','COMMAND','INSPECTOR','FACILITY_MANAGER','REVIEWER')), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "inspection_team" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "leader_id" uuid NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_89c38a17af633f45c59da99c7a3" UNIQUE ("name"), CONSTRAINT "PK_a515e6784e5aaca1aca5b63c605" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "team_member" ("team_id" uuid NOT NULL, "account_id" uuid NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac8efc45c7f6be046e80a13230d" PRIMARY KEY ("team_id", "account_id"))`);
        await queryRunner.query(`CREATE INDEX "team_member_account_idx" ON "team_member"  ("account_id") `);
        await queryRunner.query(`CREATE TABLE "login_throttle" ("key" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_id" uuid, "actor_username" text, "actor_role" text, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '{}', "request_id" text, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_event_occurred_idx" ON "audit_event"  ("occurred_at") `);
        await queryRunner.query(`CREATE INDEX "audit_event_actor_idx" ON "audit_event"  ("actor_id", "id") `);
        await queryRunner.query(`CREATE INDEX "audit_event_entity_idx" ON "audit_event"  ("entity_type", "entity_id", "id") `);
        await queryRunner.query(`CREATE TABLE "audit_seal" ("seq" bigint NOT NULL, "event_id" bigint NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "UQ_10152b7931c764269800022e06d" UNIQUE ("event_id"), CONSTRAINT "PK_cdd96d1d006a28950144cd4b4c7" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE TABLE "site" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "name" text NOT NULL, "address" text NOT NULL, "district" text NOT NULL, "grid" text, "latitude" double precision, "longitude" double precision, "risk_level" character varying(16) NOT NULL DEFAULT 'MEDIUM', "status" character varying(16) NOT NULL DEFAULT 'ACTIVE', "closed_reason" text, "contact_name" text, "contact_phone" text, "room_count" integer, "guest_registration_system" text, "venue_category" text, "capacity" integer, "facility_type" text, "security_level" text, "bed_count" integer, "current_occupancy" integer, "road_type" text, "road_name" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "site_road_type_check" CHECK (road_type IS NULL OR road_type IN ('HIGHWAY_EXIT','NATIONAL_ROAD','PROVINCIAL_ROAD')), CONSTRAINT "site_occupancy_check" CHECK (current_occupancy IS NULL OR bed_count IS NULL OR current_occupancy <= bed_count), CONSTRAINT "site_counts_check" CHECK ((room_count IS NULL OR room_count >= 0) AND (capacity IS NULL OR capacity >= 0) AND (bed_count IS NULL OR bed_count >= 0) AND (current_occupancy IS NULL OR current_occupancy >= 0)), CONSTRAINT "site_longitude_check" CHECK (longitude IS NULL OR (longitude BETWEEN -180 AND 180)), CONSTRAINT "site_latitude_check" CHECK (latitude IS NULL OR (latitude BETWEEN -90 AND 90)), CONSTRAINT "site_status_check" CHECK (status IN ('ACTIVE','CLOSED')), CONSTRAINT "site_risk_level_check" CHECK (risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')), CONSTRAINT "site_kind_check" CHECK (kind IN ('HOTEL','VENUE','DETENTION_FACILITY','ISOLATION_SITE','CHECKPOINT','SAMPLING_POINT')), CONSTRAINT "PK_635c0eeabda8862d5b0237b42b4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "site_risk_idx" ON "site"  ("risk_level") `);
        await queryRunner.query(`CREATE INDEX "site_district_idx" ON "site"  ("district") `);
        await queryRunner.query(`CREATE INDEX "site_kind_status_idx" ON "site"  ("kind", "status") `);
        await queryRunner.query(`CREATE TABLE "site_manager" ("site_id" uuid NOT NULL, "account_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9e474c19d5d8ba0d7b15e69e8e" PRIMARY KEY ("site_id", "account_id"))`);
        await queryRunner.query(`CREATE INDEX "site_manager_account_idx" ON "site_manager"  ("account_id") `);
        await queryRunner.query(`CREATE TABLE "idempotency_record" ("actor_id" uuid NOT NULL, "operation" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "result_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6dd233bd096611ddd3056cd69e8" PRIMARY KEY ("actor_id", "operation", "key"))`);
        await queryRunner.query(`ALTER TABLE "account" ADD CONSTRAINT "FK_4f747095b9b189295db324b20e1" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inspection_team" ADD CONSTRAINT "FK_572987a48be48c2f3e7f804c21b" FOREIGN KEY ("leader_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_member" ADD CONSTRAINT "FK_a1b5b4f5fa1b7f890d0a278748b" FOREIGN KEY ("team_id") REFERENCES "inspection_team"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_member" ADD CONSTRAINT "FK_82987afa82faf2581e31949d6b9" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "audit_seal" ADD CONSTRAINT "FK_10152b7931c764269800022e06d" FOREIGN KEY ("event_id") REFERENCES "audit_event"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "site_manager" ADD CONSTRAINT "FK_2d55ae15b269d0688f9a41a8d36" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "site_manager" ADD CONSTRAINT "FK_e0de400a393c7b429e963348b7d" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Hand-written: the audit trail is append-only at the database level. UPDATE and DELETE
        // on audit_event and audit_seal raise an error, and TRUNCATE is refused too.
        await queryRunner.query(`CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
        await queryRunner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
        await queryRunner.query(`CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON "audit_seal" FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
        await queryRunner.query(`CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON "audit_seal" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_seal_no_truncate ON "audit_seal"`);
        await queryRunner.query(`DROP TRIGGER audit_seal_append_only ON "audit_seal"`);
        await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON "audit_event"`);
        await queryRunner.query(`DROP TRIGGER audit_event_append_only ON "audit_event"`);
        await queryRunner.query(`DROP FUNCTION audit_append_only()`);

        await queryRunner.query(`ALTER TABLE "site_manager" DROP CONSTRAINT "FK_e0de400a393c7b429e963348b7d"`);
        await queryRunner.query(`ALTER TABLE "site_manager" DROP CONSTRAINT "FK_2d55ae15b269d0688f9a41a8d36"`);
        await queryRunner.query(`ALTER TABLE "audit_seal" DROP CONSTRAINT "FK_10152b7931c764269800022e06d"`);
        await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "FK_82987afa82faf2581e31949d6b9"`);
        await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "FK_a1b5b4f5fa1b7f890d0a278748b"`);
        await queryRunner.query(`ALTER TABLE "inspection_team" DROP CONSTRAINT "FK_572987a48be48c2f3e7f804c21b"`);
        await queryRunner.query(`ALTER TABLE "account" DROP CONSTRAINT "FK_4f747095b9b189295db324b20e1"`);
        await queryRunner.query(`DROP TABLE "idempotency_record"`);
        await queryRunner.query(`DROP INDEX "public"."site_manager_account_idx"`);
        await queryRunner.query(`DROP TABLE "site_manager"`);
        await queryRunner.query(`DROP INDEX "public"."site_kind_status_idx"`);
        await queryRunner.query(`DROP INDEX "public"."site_district_idx"`);
        await queryRunner.query(`DROP INDEX "public"."site_risk_idx"`);
        await queryRunner.query(`DROP TABLE "site"`);
        await queryRunner.query(`DROP TABLE "audit_seal"`);
        await queryRunner.query(`DROP INDEX "public"."audit_event_entity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_event_actor_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_event_occurred_idx"`);
        await queryRunner.query(`DROP TABLE "audit_event"`);
        await queryRunner.query(`DROP TABLE "login_throttle"`);
        await queryRunner.query(`DROP INDEX "public"."team_member_account_idx"`);
        await queryRunner.query(`DROP TABLE "team_member"`);
        await queryRunner.query(`DROP TABLE "inspection_team"`);
        await queryRunner.query(`DROP TABLE "account"`);
        await queryRunner.query(`DROP TABLE "agency"`);
    }

}
