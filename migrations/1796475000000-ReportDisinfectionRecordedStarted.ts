import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The late disinfection entries of a report as of a past cutoff (report-sql.disinfection.ts,
 * disinfectionLateSql) count, besides the late tally's whole hours, the entries recorded in the
 * cutoff's own hour on the shorter side of the cutoff, started in the period's whole hours. They
 * were found by the recorded index and each fetched from the table for its start: up to half an
 * hour of entries, ~4,500 at province (7-9 ms of the report, depending on the cutoff's minute).
 * One index on (recorded_at, started_at) answers the count alone (index only), and replaces the
 * recorded index (LateArrivalIndexes), which served nothing else.
 */
export class ReportDisinfectionRecordedStarted1796475000000 implements MigrationInterface {
  name = 'ReportDisinfectionRecordedStarted1796475000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "report_disinfection_entry_recorded_started_idx" ON "disinfection_entry" ("recorded_at", "started_at")`);
    await q.query(`DROP INDEX "public"."report_disinfection_entry_recorded_idx"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "report_disinfection_entry_recorded_idx" ON "disinfection_entry" ((recorded_at AT TIME ZONE 'UTC'))`);
    await q.query(`DROP INDEX "public"."report_disinfection_entry_recorded_started_idx"`);
  }
}
