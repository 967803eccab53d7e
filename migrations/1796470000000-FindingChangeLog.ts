import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The findings' key changes, one row each: when (changed_at), which finding (with the times that
 * never change: recorded, raised) and its severity, status, deadline and verified_at before and
 * after. A report as of a past cutoff C needs the findings recorded by C as they stood at C; the
 * tallies have them as they are now. The difference is the sum, over the changes after C, of
 * (key before − key after): the changes of one finding telescope, whatever their number, so the
 * report reads the changes after C, narrow rows through the changed_at index, instead of
 * reconstructing each finding changed after C from its audit events (report-sql.findings.ts).
 *
 * Kept by a statement-level trigger on finding (UPDATE, in the transaction of the change): a row
 * per finding whose key columns changed, at its new updated_at, the instant the report's as-of
 * rule takes as the change's (report-sql.shared.ts atCutoff: unchanged since the cutoff when
 * updated_at ≤ cutoff). DELETE and TRUNCATE take the finding's rows with it.
 *
 * finding_change_rebuild() rebuilds every row from the audit trail, by the rule the report's
 * per-finding form reads it with: at an instant, each column is the `before` of the first event
 * after it that changed that column, else the value now; an event's instant is its occurred_at
 * (at most the finding's updated_at: the hub writes the event in the update's transaction, a
 * little after now()). The migration runs it for the findings already on record, and the scale
 * seed after writing its trail (its findings are inserted settled and never updated through it).
 */
const KEY = ['severity', 'status', 'deadline', 'verified_at'];

export class FindingChangeLog1796470000000 implements MigrationInterface {
  name = 'FindingChangeLog1796470000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "finding_change" (
      "id" bigserial PRIMARY KEY,
      "finding_id" uuid NOT NULL,
      "changed_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL,
      "raised_at" timestamptz NOT NULL,
      "o_severity" varchar(16) NOT NULL,
      "o_status" varchar(32) NOT NULL,
      "o_deadline" timestamptz NOT NULL,
      "o_verified_at" timestamptz,
      "n_severity" varchar(16) NOT NULL,
      "n_status" varchar(32) NOT NULL,
      "n_deadline" timestamptz NOT NULL,
      "n_verified_at" timestamptz)`);
    // The changes after a cutoff to the findings recorded by it (the report's sums: created_at is
    // checked in the index, not on the rows of the findings recorded later), and a finding's first
    // change after a cutoff.
    await q.query(`CREATE INDEX "finding_change_changed_idx" ON "finding_change" ("changed_at", "created_at")`);
    await q.query(`CREATE INDEX "finding_change_finding_idx" ON "finding_change" ("finding_id", "changed_at", "id")`);

    const changed = KEY.map((k) => `o.${k}`).join(', ');
    await q.query(`CREATE FUNCTION finding_change_log() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          INSERT INTO finding_change (finding_id, changed_at, created_at, raised_at, o_severity, o_status, o_deadline, o_verified_at, n_severity, n_status, n_deadline, n_verified_at)
          SELECT n.id, n.updated_at, n.created_at, n.raised_at, ${changed}, ${KEY.map((k) => `n.${k}`).join(', ')}
          FROM change_new n JOIN change_old o ON o.id = n.id
          WHERE (${changed}) IS DISTINCT FROM (${KEY.map((k) => `n.${k}`).join(', ')});
        ELSIF TG_OP = 'DELETE' THEN
          DELETE FROM finding_change WHERE finding_id IN (SELECT id FROM change_old);
        ELSE
          DELETE FROM finding_change;
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER finding_change_update AFTER UPDATE ON finding REFERENCING OLD TABLE AS change_old NEW TABLE AS change_new FOR EACH STATEMENT EXECUTE FUNCTION finding_change_log()`);
    await q.query(`CREATE TRIGGER finding_change_delete AFTER DELETE ON finding REFERENCING OLD TABLE AS change_old FOR EACH STATEMENT EXECUTE FUNCTION finding_change_log()`);
    await q.query(`CREATE TRIGGER finding_change_truncate AFTER TRUNCATE ON finding FOR EACH STATEMENT EXECUTE FUNCTION finding_change_log()`);

    // After an event: each column as the next event that changed it had it before (the smallest
    // [id, before] pair of the later events, the id zero-padded to compare as text), else now.
    const after = (k: string, type: string) =>
      `coalesce(((min(ARRAY[lpad(id::text, 20, '0'), changes->'${k}'->>'before']) FILTER (WHERE changes ? '${k}') OVER later)[2])::${type}, ${k})`;
    const before = (k: string, type: string) => `CASE WHEN changes ? '${k}' THEN coalesce((changes->'${k}'->>'before')::${type}, ${k}) ELSE n_${k} END`;
    await q.query(`CREATE FUNCTION finding_change_rebuild() RETURNS integer LANGUAGE plpgsql AS $fn$
      DECLARE n integer;
      BEGIN
        DELETE FROM finding_change;
        INSERT INTO finding_change (finding_id, changed_at, created_at, raised_at, o_severity, o_status, o_deadline, o_verified_at, n_severity, n_status, n_deadline, n_verified_at)
        SELECT finding_id, changed_at, created_at, raised_at, ${before('severity', 'text')}, ${before('status', 'text')}, ${before('deadline', 'timestamptz')}, verified_at,
               n_severity, n_status, n_deadline, verified_at
        FROM (
          SELECT e.*, ${after('severity', 'text')} AS n_severity, ${after('status', 'text')} AS n_status, ${after('deadline', 'timestamptz')} AS n_deadline
          FROM (SELECT a.id, least(a.occurred_at, f.updated_at) AS changed_at, a.changes, f.id AS finding_id, f.created_at, f.raised_at, f.severity, f.status, f.deadline, f.verified_at
                FROM audit_event a JOIN finding f ON f.id::text = a.entity_id
                WHERE a.entity_type = 'Finding' AND a.changes ?| ARRAY['severity', 'status', 'deadline']) e
          WINDOW later AS (PARTITION BY finding_id ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
        ) x
        WHERE (${before('severity', 'text')}, ${before('status', 'text')}, ${before('deadline', 'timestamptz')}) IS DISTINCT FROM (n_severity, n_status, n_deadline)
        ORDER BY changed_at, id;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $fn$`);
    await q.query(`SELECT finding_change_rebuild()`);
    await q.query(`ANALYZE finding_change`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['update', 'delete', 'truncate']) await q.query(`DROP TRIGGER finding_change_${op} ON finding`);
    await q.query(`DROP FUNCTION finding_change_rebuild()`);
    await q.query(`DROP FUNCTION finding_change_log()`);
    await q.query(`DROP TABLE "finding_change"`);
  }
}
