import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feed watcher's breach scan (feed-watcher.ts breachesSql): the open-ended lapses, those of
 * areas whose cover has run out and not come back, by the instant it ran out. No entity names
 * disinfection_lapse, so TypeORM's schema builder leaves it alone.
 */
export class FeedBreachIndex1795909500000 implements MigrationInterface {
  name = 'FeedBreachIndex1795909500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "disinfection_lapse_open_idx" ON "disinfection_lapse" ("lapse_from") WHERE gap_to = 'infinity'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."disinfection_lapse_open_idx"`);
  }
}
