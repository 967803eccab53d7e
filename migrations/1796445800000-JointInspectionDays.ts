import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole-area report counts joint inspections (a team with members of two or more agencies
 * when the inspection started, per inspection_member) apart from single-agency ones: the day sets
 * of InspectionDaySets keep the count of joint visits per day and site kind. The days built so
 * far lack it and are dropped (the next report builds them again). A change to an inspection's
 * recorded members drops the days of that inspection (they are written when it starts, before
 * it has a submission day, so in practice this never fires; it keeps the days true if they are
 * ever written later).
 */
export class JointInspectionDays1796445800000 implements MigrationInterface {
  name = 'JointInspectionDays1796445800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM report_day WHERE section = 'inspections'`);
    await q.query(`ALTER TABLE "report_day_inspections" ADD "joint" integer NOT NULL DEFAULT 0`);
    const days = (rows: string) => `SELECT (i.submitted_at AT TIME ZONE 'UTC')::date FROM ${rows} r JOIN inspection i ON i.id = r.inspection_id WHERE i.submitted_at IS NOT NULL`;
    const fn = (op: string, body: string) =>
      q.query(`CREATE FUNCTION report_day_inspection_members_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          PERFORM report_day_invalidate_days('inspections', ARRAY(${body}));
          RETURN NULL;
        END $fn$`);
    await fn('insert', days('day_new'));
    await fn('update', `${days('day_new')} UNION ${days('day_old')}`);
    await fn('delete', days('day_old'));
    await q.query(`CREATE TRIGGER report_day_inspection_members_insert AFTER INSERT ON inspection_member REFERENCING NEW TABLE AS day_new FOR EACH STATEMENT EXECUTE FUNCTION report_day_inspection_members_insert()`);
    await q.query(`CREATE TRIGGER report_day_inspection_members_update AFTER UPDATE ON inspection_member REFERENCING OLD TABLE AS day_old NEW TABLE AS day_new FOR EACH STATEMENT EXECUTE FUNCTION report_day_inspection_members_update()`);
    await q.query(`CREATE TRIGGER report_day_inspection_members_delete AFTER DELETE ON inspection_member REFERENCING OLD TABLE AS day_old FOR EACH STATEMENT EXECUTE FUNCTION report_day_inspection_members_delete()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER report_day_inspection_members_${op} ON inspection_member`);
      await q.query(`DROP FUNCTION report_day_inspection_members_${op}()`);
    }
    await q.query(`ALTER TABLE "report_day_inspections" DROP COLUMN "joint"`);
  }
}
