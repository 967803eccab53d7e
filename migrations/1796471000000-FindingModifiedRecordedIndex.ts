import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The findings changed since they were recorded (updated_at > created_at), by the UTC instant
 * they were recorded, with what the report reads of them. A report as of a past cutoff C reads
 * the findings recorded on C's UTC day as they are now (report-sql.findings.ts, `recent`): those
 * never changed through the update-time index (their update time is their recording time), those
 * changed since through this one. Before, these came from the changed findings' update-time
 * index, from C's day on: every finding changed since C's day (~4,700 at province, ten days
 * back), to keep the few hundred recorded on it.
 *
 * It takes the place of report_finding_modified_idx (FindingTalliesByRecordedDay: the same
 * findings by update time), which nothing reads any more, so writers keep the same number of
 * indexes. Partial like it, so a filing's findings (never changed yet) are in neither.
 */
export class FindingModifiedRecordedIndex1796471000000 implements MigrationInterface {
  name = 'FindingModifiedRecordedIndex1796471000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX report_finding_modified_recorded_idx ON finding ((created_at AT TIME ZONE 'UTC'))
      INCLUDE (id, severity, status, deadline, created_at, verified_at, raised_at) WHERE updated_at > created_at`);
    await q.query(`DROP INDEX report_finding_modified_idx`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX report_finding_modified_idx ON finding ((updated_at AT TIME ZONE 'UTC'))
      INCLUDE (updated_at, id, severity, status, deadline, deadline_paused, created_at, verified_at, raised_at) WHERE updated_at > created_at`);
    await q.query(`DROP INDEX report_finding_modified_recorded_idx`);
  }
}
