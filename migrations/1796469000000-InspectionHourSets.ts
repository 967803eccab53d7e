import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hour sets for the whole-area report's inspections (report-sql.inspections.ts,
 * inspectionsDaysSql), as InspectionDaySets keeps days: for each closed UTC hour of the report's
 * partial days (its partial end days, and the cutoff's day up to the cutoff), per site kind, the
 * visits submitted in it by outcome and how many were joint (report_hour_inspections), the set of
 * sites visited (report_hour_set, what 's'), and when the first and the last of its visits (and
 * their corrections) became known (report_hour.known_from, known_until). A report reads an hour
 * whose visits were all known by its cutoff from there, one none of whose visits was as late
 * arrivals, and the others visit by visit. Before, the partial end days were read visit by visit:
 * at province ~700 visits for the last 30 days, the largest statement of the report up to now.
 *
 * A write that changes an hour drops it, as the days: the inspection trigger functions of
 * InspectionDaySets and JointInspectionDays now pass the HOURS an inspection (or a member)
 * touches to report_inspection_invalidate, which drops those hours and their days under the day
 * sets' shared lock; a site changing kind drops every hour, as every day. A filing submitted now
 * touches the current hour, which is never built (only closed hours are).
 */
const hoursOf = (rows: string) => `SELECT date_trunc('hour', r.submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM ${rows} r WHERE r.submitted_at IS NOT NULL
          UNION SELECT date_trunc('hour', v.submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM ${rows} r JOIN inspection v ON v.id = r.corrects_inspection_id WHERE v.submitted_at IS NOT NULL`;
const memberHoursOf = (rows: string) =>
  `SELECT date_trunc('hour', i.submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM ${rows} r JOIN inspection i ON i.id = r.inspection_id WHERE i.submitted_at IS NOT NULL`;
// As InspectionDaySets and JointInspectionDays wrote them (for down()).
const daysOf = (rows: string) => `SELECT (r.submitted_at AT TIME ZONE 'UTC')::date FROM ${rows} r WHERE r.submitted_at IS NOT NULL
          UNION SELECT (v.submitted_at AT TIME ZONE 'UTC')::date FROM ${rows} r JOIN inspection v ON v.id = r.corrects_inspection_id WHERE v.submitted_at IS NOT NULL`;
const memberDaysOf = (rows: string) => `SELECT (i.submitted_at AT TIME ZONE 'UTC')::date FROM ${rows} r JOIN inspection i ON i.id = r.inspection_id WHERE i.submitted_at IS NOT NULL`;

const triggerFn = (name: string, call: string) => `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          ${call};
          RETURN NULL;
        END $fn$`;
const FUNCTIONS = (rowsOf: (t: string) => string, memberRowsOf: (t: string) => string, call: (body: string) => string) => [
  triggerFn('report_day_inspections_insert', call(rowsOf('day_new'))),
  triggerFn('report_day_inspections_update', call(`${rowsOf('day_new')} UNION ${rowsOf('day_old')}`)),
  triggerFn('report_day_inspections_delete', call(rowsOf('day_old'))),
  triggerFn('report_day_inspection_members_insert', call(memberRowsOf('day_new'))),
  triggerFn('report_day_inspection_members_update', call(`${memberRowsOf('day_new')} UNION ${memberRowsOf('day_old')}`)),
  triggerFn('report_day_inspection_members_delete', call(memberRowsOf('day_old'))),
];

export class InspectionHourSets1796469000000 implements MigrationInterface {
  name = 'InspectionHourSets1796469000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "report_hour" DROP CONSTRAINT "report_hour_section_check"`);
    await q.query(`ALTER TABLE "report_hour" ADD CONSTRAINT "report_hour_section_check" CHECK (section IN ('touch', 'open', 'open_before', 'inspections'))`);
    await q.query(`ALTER TABLE "report_hour" ADD COLUMN "known_until" timestamptz, ADD COLUMN "known_from" timestamptz`);
    await q.query(`CREATE TABLE "report_hour_inspections" (
      "section" varchar(32) NOT NULL DEFAULT 'inspections' CHECK (section = 'inspections'),
      "hour" timestamptz NOT NULL,
      "kind" varchar(32) NOT NULL,
      "total" integer NOT NULL,
      "pass" integer NOT NULL,
      "pass_with_findings" integer NOT NULL,
      "fail" integer NOT NULL,
      "joint" integer NOT NULL,
      PRIMARY KEY ("hour", "kind"),
      FOREIGN KEY ("section", "hour") REFERENCES report_hour (section, hour) ON DELETE CASCADE)`);
    // Drops the given hours and their days (under the day sets' shared lock), if any.
    await q.query(`CREATE FUNCTION report_inspection_invalidate(p_hours timestamptz[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF coalesce(cardinality(p_hours), 0) = 0 THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock_shared(727012, 0);
        DELETE FROM report_day WHERE section = 'inspections' AND day = ANY(ARRAY(SELECT DISTINCT (h AT TIME ZONE 'UTC')::date FROM unnest(p_hours) h));
        DELETE FROM report_hour WHERE section = 'inspections' AND hour = ANY(p_hours);
      END $fn$`);
    for (const f of FUNCTIONS(hoursOf, memberHoursOf, (body) => `PERFORM report_inspection_invalidate(ARRAY(${body}))`)) await q.query(f);
    await q.query(`CREATE OR REPLACE FUNCTION report_day_invalidate_inspections() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM report_day_invalidate('inspections', NULL, NULL);
        DELETE FROM report_hour WHERE section = 'inspections';
        RETURN NULL;
      END $fn$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION report_day_invalidate_inspections() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN PERFORM report_day_invalidate('inspections', NULL, NULL); RETURN NULL; END $fn$`);
    for (const f of FUNCTIONS(daysOf, memberDaysOf, (body) => `PERFORM report_day_invalidate_days('inspections', ARRAY(${body}))`)) await q.query(f);
    await q.query(`DROP FUNCTION report_inspection_invalidate(timestamptz[])`);
    await q.query(`DELETE FROM report_hour WHERE section = 'inspections'`);
    await q.query(`DROP TABLE "report_hour_inspections"`);
    await q.query(`ALTER TABLE "report_hour" DROP COLUMN "known_until", DROP COLUMN "known_from"`);
    await q.query(`ALTER TABLE "report_hour" DROP CONSTRAINT "report_hour_section_check"`);
    await q.query(`ALTER TABLE "report_hour" ADD CONSTRAINT "report_hour_section_check" CHECK (section IN ('touch', 'open', 'open_before'))`);
  }
}
