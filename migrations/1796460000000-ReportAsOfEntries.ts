import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report as of a past cutoff judges from the lapses every site whose entries up to E (the
 * period end, or the cutoff if earlier) are as they were at the cutoff, and walks entry by entry
 * only the others (report-sql.disinfection.ts, `changed`): a site with an entry started by E and
 * recorded after the cutoff, or a correction recorded after it of an entry started by E. Entries
 * recorded within two hours of their start are found through the started index (a two-hour
 * window); this partial index holds the rest, the entries recorded later than that and the
 * corrections, by when they were recorded (few: on the seeded data none).
 */
export class ReportAsOfEntries1796460000000 implements MigrationInterface {
  name = 'ReportAsOfEntries1796460000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "report_disinfection_entry_late_idx" ON "disinfection_entry" ("recorded_at") INCLUDE ("site_id", "started_at", "corrects_id")
       WHERE recorded_at - started_at > interval '2 hours' OR corrects_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_disinfection_entry_late_idx"`);
  }
}
