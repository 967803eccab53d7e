import { MigrationInterface, QueryRunner } from "typeorm";

export class AddDisinfectionLogs1795890093625 implements MigrationInterface {
    name = 'AddDisinfectionLogs1795890093625'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "disinfection_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" uuid NOT NULL, "area" character varying(32) NOT NULL, "agent" character varying(32) NOT NULL, "concentration" double precision, "concentration_unit" character varying(16) NOT NULL, "method" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_minutes" integer NOT NULL, "operator_name" text NOT NULL, "notes" text, "warnings" jsonb NOT NULL DEFAULT '[]', "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "corrects_id" uuid, "correction_reason" text, CONSTRAINT "disinfection_entry_correction_check" CHECK ((corrects_id IS NULL) = (correction_reason IS NULL) AND (corrects_id IS NULL OR corrects_id <> id)), CONSTRAINT "disinfection_entry_duration_check" CHECK (duration_minutes >= 0 AND duration_minutes <= 10080), CONSTRAINT "disinfection_entry_concentration_check" CHECK ((concentration IS NULL) = (concentration_unit = 'NONE') AND (concentration IS NULL OR concentration >= 0)), CONSTRAINT "disinfection_entry_area_check" CHECK (area ~ '^[A-Z][A-Z0-9_]{1,31}$'), CONSTRAINT "disinfection_entry_method_check" CHECK (method IN ('SPRAY','WIPE','SOAK','FUMIGATION','UV')), CONSTRAINT "disinfection_entry_unit_check" CHECK (concentration_unit IN ('MG_PER_L','PPM','PERCENT','MW_PER_CM2','NONE')), CONSTRAINT "disinfection_entry_agent_check" CHECK (agent IN ('CHLORINE','ALCOHOL','PERACETIC_ACID','QUATERNARY_AMMONIUM','UV','OTHER')), CONSTRAINT "PK_e14464891e078cafb101958a869" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "disinfection_entry_corrects_uq" ON "disinfection_entry"  ("corrects_id") WHERE corrects_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "disinfection_entry_site_started_idx" ON "disinfection_entry"  ("site_id", "started_at", "id") `);
        await queryRunner.query(`CREATE INDEX "disinfection_entry_site_area_started_idx" ON "disinfection_entry"  ("site_id", "area", "started_at") `);
        await queryRunner.query(`CREATE TABLE "disinfection_rule" ("site_kind" character varying(32) NOT NULL, "area" character varying(32) NOT NULL, "max_interval_hours" integer NOT NULL, CONSTRAINT "disinfection_rule_interval_check" CHECK (max_interval_hours > 0 AND max_interval_hours <= 720), CONSTRAINT "PK_edd3a67d964788f79ab401ffceb" PRIMARY KEY ("site_kind", "area"))`);
        await queryRunner.query(`ALTER TABLE "disinfection_entry" ADD CONSTRAINT "FK_929f828a493a775be618011418b" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "disinfection_entry" ADD CONSTRAINT "FK_0f08d2acc7b9c477bc70a375d89" FOREIGN KEY ("recorded_by") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "disinfection_entry" ADD CONSTRAINT "FK_59f6bfd1c5d6c5e9738006bf71a" FOREIGN KEY ("corrects_id") REFERENCES "disinfection_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Append-only: a correction is a new row, never an UPDATE; nothing is ever deleted.
        await queryRunner.query(`CREATE FUNCTION disinfection_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'disinfection entries are append-only: % is not allowed; record a correction instead', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER disinfection_entry_append_only BEFORE UPDATE OR DELETE ON "disinfection_entry" FOR EACH ROW EXECUTE FUNCTION disinfection_entry_append_only()`);
        await queryRunner.query(`CREATE TRIGGER disinfection_entry_no_truncate BEFORE TRUNCATE ON "disinfection_entry" FOR EACH STATEMENT EXECUTE FUNCTION disinfection_entry_append_only()`);
        // Required areas and their longest allowed interval per site kind: detention facilities and
        // isolation sites ("the standard inside is higher than outside") far stricter than hotels and venues.
        await queryRunner.query(`INSERT INTO "disinfection_rule" (site_kind, area, max_interval_hours) VALUES
            ('HOTEL', 'LOBBY', 24), ('HOTEL', 'GUEST_ROOMS', 24), ('HOTEL', 'RESTROOMS', 12), ('HOTEL', 'ELEVATORS', 12),
            ('VENUE', 'ENTRANCE', 24), ('VENUE', 'SEATING_AREA', 24), ('VENUE', 'RESTROOMS', 12),
            ('DETENTION_FACILITY', 'CELLS', 8), ('DETENTION_FACILITY', 'VISITING_ROOM', 4), ('DETENTION_FACILITY', 'INTAKE_ROOM', 4),
            ('DETENTION_FACILITY', 'CANTEEN', 8), ('DETENTION_FACILITY', 'RESTROOMS', 8),
            ('ISOLATION_SITE', 'ISOLATION_ROOMS', 4), ('ISOLATION_SITE', 'CORRIDORS', 4), ('ISOLATION_SITE', 'ELEVATORS', 4),
            ('ISOLATION_SITE', 'RESTROOMS', 4), ('ISOLATION_SITE', 'WASTE_AREA', 4), ('ISOLATION_SITE', 'STAFF_AREA', 8),
            ('SAMPLING_POINT', 'SAMPLING_BOOTH', 4), ('SAMPLING_POINT', 'WAITING_AREA', 8), ('SAMPLING_POINT', 'WASTE_AREA', 4),
            ('CHECKPOINT', 'DUTY_ROOM', 12), ('CHECKPOINT', 'INSPECTION_LANE', 12)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER disinfection_entry_no_truncate ON "disinfection_entry"`);
        await queryRunner.query(`DROP TRIGGER disinfection_entry_append_only ON "disinfection_entry"`);
        await queryRunner.query(`DROP FUNCTION disinfection_entry_append_only()`);
        await queryRunner.query(`ALTER TABLE "disinfection_entry" DROP CONSTRAINT "FK_59f6bfd1c5d6c5e9738006bf71a"`);
        await queryRunner.query(`ALTER TABLE "disinfection_entry" DROP CONSTRAINT "FK_0f08d2acc7b9c477bc70a375d89"`);
        await queryRunner.query(`ALTER TABLE "disinfection_entry" DROP CONSTRAINT "FK_929f828a493a775be618011418b"`);
        await queryRunner.query(`DROP TABLE "disinfection_rule"`);
        await queryRunner.query(`DROP INDEX "public"."disinfection_entry_site_area_started_idx"`);
        await queryRunner.query(`DROP INDEX "public"."disinfection_entry_site_started_idx"`);
        await queryRunner.query(`DROP INDEX "public"."disinfection_entry_corrects_uq"`);
        await queryRunner.query(`DROP TABLE "disinfection_entry"`);
    }

}
