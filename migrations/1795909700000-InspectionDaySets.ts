import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day sets for the whole-area report's inspections (report.sql.ts, inspectionsDaysSql), on the
 * machinery of ComplianceDaySets: for each closed UTC day, per site kind, the visits submitted
 * that day by outcome (a correction restating a visit gives it its outcome) in
 * report_day_inspections, and the set of sites visited (bits of site_slot) in report_day_set
 * under the section 'inspections'. Sites inspected over a period are the union of its days'
 * sets with the sites of the visits in its partial end days, so the report ORs bitmaps instead of
 * counting the distinct sites of every visit of the period.
 *
 * A day counts every visit on record when it was built; the report takes it for a cutoff at or
 * after `known_until`, the latest time at which one of its visits or their corrections became
 * known: at such a cutoff all of them were known, none is a late arrival, and the day says what
 * the report's statement says of it. Any write that changes a day drops it:
 *   - an inspection inserted, updated or deleted: the days it was (and is) submitted on and, for
 *     a correction, the day of the visit it corrects (statement triggers, from the transition
 *     tables, under the shared form of the day sets' lock; a build holds the exclusive one);
 *   - a site changing kind: every day.
 */
export class InspectionDaySets1795909700000 implements MigrationInterface {
  name = 'InspectionDaySets1795909700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "report_day" ADD COLUMN "known_until" timestamptz`);
    await q.query(`CREATE TABLE "report_day_inspections" (
      "section" varchar(32) NOT NULL DEFAULT 'inspections' CHECK (section = 'inspections'),
      "day" date NOT NULL,
      "kind" varchar(32) NOT NULL,
      "total" integer NOT NULL,
      "pass" integer NOT NULL,
      "pass_with_findings" integer NOT NULL,
      "fail" integer NOT NULL,
      PRIMARY KEY ("day", "kind"),
      FOREIGN KEY ("section", "day") REFERENCES report_day (section, day) ON DELETE CASCADE)`);

    // Drops the given days of a section (under the shared lock), if any.
    await q.query(`CREATE FUNCTION report_day_invalidate_days(p_section text, p_days date[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF coalesce(cardinality(p_days), 0) = 0 THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock_shared(727012, 0);
        DELETE FROM report_day WHERE section = p_section AND day = ANY(p_days);
      END $fn$`);
    // The days an inspection row touches: when it was submitted, and the submission day of the visit it corrects.
    const days = (rows: string) => `SELECT (r.submitted_at AT TIME ZONE 'UTC')::date FROM ${rows} r WHERE r.submitted_at IS NOT NULL
          UNION SELECT (v.submitted_at AT TIME ZONE 'UTC')::date FROM ${rows} r JOIN inspection v ON v.id = r.corrects_inspection_id WHERE v.submitted_at IS NOT NULL`;
    const fn = (op: string, body: string) =>
      q.query(`CREATE FUNCTION report_day_inspections_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          PERFORM report_day_invalidate_days('inspections', ARRAY(${body}));
          RETURN NULL;
        END $fn$`);
    await fn('insert', days('day_new'));
    await fn('update', `${days('day_new')} UNION ${days('day_old')}`);
    await fn('delete', days('day_old'));
    await q.query(`CREATE TRIGGER report_day_inspections_insert AFTER INSERT ON inspection REFERENCING NEW TABLE AS day_new FOR EACH STATEMENT EXECUTE FUNCTION report_day_inspections_insert()`);
    await q.query(`CREATE TRIGGER report_day_inspections_update AFTER UPDATE ON inspection REFERENCING OLD TABLE AS day_old NEW TABLE AS day_new FOR EACH STATEMENT EXECUTE FUNCTION report_day_inspections_update()`);
    await q.query(`CREATE TRIGGER report_day_inspections_delete AFTER DELETE ON inspection REFERENCING OLD TABLE AS day_old FOR EACH STATEMENT EXECUTE FUNCTION report_day_inspections_delete()`);
    await q.query(`CREATE FUNCTION report_day_invalidate_inspections() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN PERFORM report_day_invalidate('inspections', NULL, NULL); RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER report_day_inspections_site AFTER UPDATE OF kind ON site FOR EACH STATEMENT EXECUTE FUNCTION report_day_invalidate_inspections()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_day_inspections_site ON site`);
    await q.query(`DROP FUNCTION report_day_invalidate_inspections()`);
    for (const op of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER report_day_inspections_${op} ON inspection`);
      await q.query(`DROP FUNCTION report_day_inspections_${op}()`);
    }
    await q.query(`DROP FUNCTION report_day_invalidate_days(text, date[])`);
    await q.query(`DELETE FROM report_day WHERE section = 'inspections'`);
    await q.query(`DROP TABLE "report_day_inspections"`);
    await q.query(`ALTER TABLE "report_day" DROP COLUMN "known_until"`);
  }
}
