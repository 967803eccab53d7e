import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day sets for the whole-area report's disputes (report-disputes.ts, disputeDaysSql), on the
 * machinery of ComplianceDaySets and InspectionDaySets. Two sections, because a dispute counts
 * on two days: when it was lodged and when it was resolved.
 *   - disputes_lodged: per closed UTC day and kind, the disputes lodged that day; known_until is
 *     the latest of their created_at (a dispute counts once recorded, whatever its status).
 *   - disputes_resolved: per closed UTC day, kind and outcome, the disputes resolved that day,
 *     with the hours each finding dispute took (the median over a period is the median of its
 *     days' hours and those of its partial end days, computed exactly); known_until is the latest
 *     of their created_at, updated_at and resolved_at (at a cutoff after it each stood as now).
 * The report takes a day for a cutoff at or after its known_until. A dispute inserted or deleted
 * drops its lodging day and its resolution day; one updated drops its resolution days (before and
 * after), and its lodging days if its kind, lodging time or creation moved.
 */
export class DisputeDaySets1795909800000 implements MigrationInterface {
  name = 'DisputeDaySets1795909800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_day_disputes" (
      "section" varchar(32) NOT NULL CHECK (section IN ('disputes_lodged', 'disputes_resolved')),
      "day" date NOT NULL,
      "kind" varchar(16) NOT NULL,
      "outcome" varchar(16),
      "disputes" integer NOT NULL,
      "hours" float8[],
      FOREIGN KEY ("section", "day") REFERENCES report_day (section, day) ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "report_day_disputes_day_idx" ON "report_day_disputes" ("section", "day")`);

    const day = (col: string) => `(${col} AT TIME ZONE 'UTC')::date`;
    const lodged = (rows: string) => `SELECT ${day('r.lodged_at')} FROM ${rows} r`;
    const resolved = (rows: string) => `SELECT ${day('r.resolved_at')} FROM ${rows} r WHERE r.resolved_at IS NOT NULL`;
    const fn = (op: string, lodgedDays: string, resolvedDays: string) =>
      q.query(`CREATE FUNCTION report_day_disputes_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          PERFORM report_day_invalidate_days('disputes_lodged', ARRAY(${lodgedDays}));
          PERFORM report_day_invalidate_days('disputes_resolved', ARRAY(${resolvedDays}));
          RETURN NULL;
        END $fn$`);
    // An update moves a lodging day only if the kind, lodging time or creation changed.
    const movedLodged = `SELECT ${day('m.at')} FROM day_old o JOIN day_new n ON n.id = o.id, LATERAL (VALUES (o.lodged_at), (n.lodged_at)) m(at)
          WHERE (n.kind, n.lodged_at, n.created_at) IS DISTINCT FROM (o.kind, o.lodged_at, o.created_at)`;
    await fn('insert', lodged('day_new'), resolved('day_new'));
    await fn('update', movedLodged, `${resolved('day_new')} UNION ${resolved('day_old')}`);
    await fn('delete', lodged('day_old'), resolved('day_old'));
    await q.query(`CREATE TRIGGER report_day_disputes_insert AFTER INSERT ON dispute REFERENCING NEW TABLE AS day_new FOR EACH STATEMENT EXECUTE FUNCTION report_day_disputes_insert()`);
    await q.query(`CREATE TRIGGER report_day_disputes_update AFTER UPDATE ON dispute REFERENCING OLD TABLE AS day_old NEW TABLE AS day_new FOR EACH STATEMENT EXECUTE FUNCTION report_day_disputes_update()`);
    await q.query(`CREATE TRIGGER report_day_disputes_delete AFTER DELETE ON dispute REFERENCING OLD TABLE AS day_old FOR EACH STATEMENT EXECUTE FUNCTION report_day_disputes_delete()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER report_day_disputes_${op} ON dispute`);
      await q.query(`DROP FUNCTION report_day_disputes_${op}()`);
    }
    await q.query(`DELETE FROM report_day WHERE section IN ('disputes_lodged', 'disputes_resolved')`);
    await q.query(`DROP TABLE "report_day_disputes"`);
  }
}
