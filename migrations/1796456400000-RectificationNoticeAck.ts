import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rectification notice (整改通知书) of an inspection with findings: who at the site
 * acknowledged it, and when (acknowledgeRectificationNotice; null until then).
 */
export class RectificationNoticeAck1796456400000 implements MigrationInterface {
  name = 'RectificationNoticeAck1796456400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "inspection" ADD "notice_acknowledged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "inspection" ADD "notice_acknowledged_by_id" uuid`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "inspection" DROP COLUMN "notice_acknowledged_by_id"`);
    await q.query(`ALTER TABLE "inspection" DROP COLUMN "notice_acknowledged_at"`);
  }
}
