import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each change of a finding's severity, status or deadline, with the three values it had before:
 * `finding_change (finding_id, changed_at, severity, status, deadline)`. A report as of a past
 * cutoff C needs, for each finding recorded by C and changed after it, its values at C: the
 * values before its first change after C. From the audit trail that was an index scan of the
 * finding's events in `audit_event` (wide rows, scattered over the heap: ~5 µs a finding, a few
 * thousand findings at province ten days back); here it is one step of a narrow covering index.
 * The audit trail stays the record: the district forms still read it, and tests hold the two to
 * the same figures.
 *
 * Kept by a statement-level trigger on finding from its transition tables (the row's updated_at as
 * the change's time, as the as-of rule has it: a finding with updated_at at or before C is taken
 * as it is now); a filing (an INSERT) writes nothing here. `finding_change_rebuild()` recounts it
 * from the audit trail (this migration, and a bulk load that writes the trail itself,
 * scripts/scale/seed.ts): each audited change of one of the three, with the values before it, a
 * field the event does not change taken from the next event that does, or the finding's value now.
 */
export class FindingChangeHistory1796466000000 implements MigrationInterface {
  name = 'FindingChangeHistory1796466000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "finding_change" (
      "id" bigserial PRIMARY KEY,
      "finding_id" uuid NOT NULL,
      "changed_at" timestamptz NOT NULL,
      "severity" varchar(16) NOT NULL,
      "status" varchar(32) NOT NULL,
      "deadline" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "finding_change_finding_idx" ON "finding_change" ("finding_id", "changed_at") INCLUDE ("severity", "status", "deadline")`);
    await q.query(`CREATE FUNCTION finding_change_record() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO finding_change (finding_id, changed_at, severity, status, deadline)
        SELECT o.id, n.updated_at, o.severity, o.status, o.deadline FROM change_old o JOIN change_new n ON n.id = o.id
        WHERE (o.severity, o.status, o.deadline) IS DISTINCT FROM (n.severity, n.status, n.deadline);
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER finding_change_update AFTER UPDATE ON finding REFERENCING OLD TABLE AS change_old NEW TABLE AS change_new FOR EACH STATEMENT EXECUTE FUNCTION finding_change_record()`);
    await q.query(`CREATE FUNCTION finding_change_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN DELETE FROM finding_change; RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER finding_change_truncate AFTER TRUNCATE ON finding FOR EACH STATEMENT EXECUTE FUNCTION finding_change_truncate()`);
    const before = (field: string, type = 'text') => `coalesce((a.changes->'${field}'->>'before')::${type}, (
        SELECT (n.changes->'${field}'->>'before')::${type} FROM audit_event n
        WHERE n.entity_type = 'Finding' AND n.entity_id = a.entity_id AND n.id > a.id AND n.changes->'${field}'->>'before' IS NOT NULL ORDER BY n.id LIMIT 1), f.${field})`;
    await q.query(`CREATE FUNCTION finding_change_rebuild() RETURNS integer LANGUAGE sql AS $fn$
      WITH gone AS (DELETE FROM finding_change RETURNING 1),
      made AS (
        INSERT INTO finding_change (finding_id, changed_at, severity, status, deadline)
        SELECT f.id, a.occurred_at, ${before('severity')}, ${before('status')}, ${before('deadline', 'timestamptz')}
        FROM audit_event a JOIN finding f ON f.id::text = a.entity_id
        -- (a change of one of the three: not the finding's creation, whose events have no before)
        WHERE a.entity_type = 'Finding'
          AND (a.changes->'severity'->>'before' IS NOT NULL OR a.changes->'status'->>'before' IS NOT NULL OR a.changes->'deadline'->>'before' IS NOT NULL)
        ORDER BY a.id
        RETURNING 1)
      SELECT (SELECT count(*) FROM made)::int + 0 * (SELECT count(*) FROM gone)::int
    $fn$`);
    await q.query(`SELECT finding_change_rebuild()`);
    await q.query(`ANALYZE finding_change`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER finding_change_truncate ON finding`);
    await q.query(`DROP FUNCTION finding_change_truncate()`);
    await q.query(`DROP TRIGGER finding_change_update ON finding`);
    await q.query(`DROP FUNCTION finding_change_record()`);
    await q.query(`DROP FUNCTION finding_change_rebuild()`);
    await q.query(`DROP TABLE "finding_change"`);
  }
}
