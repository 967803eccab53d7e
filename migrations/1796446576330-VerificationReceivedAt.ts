import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification records carry the source system's receipt time (received_at); the report counts
 * them by it. Records imported before this migration were received, as far as the hub knows,
 * when they were imported.
 */
export class VerificationReceivedAt1796446576330 implements MigrationInterface {
  name = 'VerificationReceivedAt1796446576330';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "verification_record" ADD "received_at" TIMESTAMP(3) WITH TIME ZONE`);
    await q.query(`UPDATE "verification_record" SET received_at = created_at`);
    await q.query(`ALTER TABLE "verification_record" ALTER COLUMN "received_at" SET NOT NULL`);
    await q.query(`CREATE INDEX "verification_record_received_idx" ON "verification_record" ("received_at", "id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."verification_record_received_idx"`);
    await q.query(`ALTER TABLE "verification_record" DROP COLUMN "received_at"`);
  }
}
