import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many open findings (status neither VERIFIED nor WITHDRAWN) fall due on each UTC day, per
 * severity, kept by the database as findings are written. It answers "how many findings are
 * overdue" (findings(overdue) totalCount, the whole-area report's overdue figure) in time that
 * does not grow with the number of findings: the days before today from the tally, today's part
 * from the open-deadline index (see src/modules/finding/finding-tally.ts).
 *
 * Writers never update a shared row: each statement that inserts, updates or deletes findings
 * appends its net change per (day, severity) from its transition tables, so concurrent filings
 * take no lock on the tally and cannot deadlock on it. `finding_deadline_tally_fold()` (run by the
 * hub's clock watcher) replaces the appended rows of a (day, severity) by their sum; a reader
 * sums whatever rows its snapshot holds, folded or not, so folding never changes an answer.
 *
 * There is no entity: nothing but these triggers writes the table and only finding-tally.ts
 * reads it.
 */
export class FindingDeadlineTally1795909000000 implements MigrationInterface {
  name = 'FindingDeadlineTally1795909000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "finding_deadline_tally" (
      "id" bigserial PRIMARY KEY,
      "deadline_day" date NOT NULL,
      "severity" varchar(16) NOT NULL,
      "open_findings" integer NOT NULL,
      "folded" boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX "finding_deadline_tally_unfolded_idx" ON "finding_deadline_tally" ("deadline_day", "severity") WHERE NOT folded`);

    const open = (t: string) => `SELECT (deadline AT TIME ZONE 'UTC')::date AS day, severity FROM ${t} WHERE status NOT IN ('VERIFIED','WITHDRAWN')`;
    const fn = (name: string, body: string) =>
      q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          INSERT INTO finding_deadline_tally (deadline_day, severity, open_findings)
          SELECT day, severity, sum(d) FROM (${body}) x GROUP BY day, severity HAVING sum(d) <> 0;
          RETURN NULL;
        END $fn$`);
    await fn('finding_deadline_tally_insert', `SELECT day, severity, 1 AS d FROM (${open('tally_new')}) n`);
    await fn('finding_deadline_tally_update', `SELECT day, severity, 1 AS d FROM (${open('tally_new')}) n UNION ALL SELECT day, severity, -1 FROM (${open('tally_old')}) o`);
    await fn('finding_deadline_tally_delete', `SELECT day, severity, -1 AS d FROM (${open('tally_old')}) o`);
    await q.query(`CREATE TRIGGER finding_deadline_tally_insert AFTER INSERT ON finding REFERENCING NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_tally_insert()`);
    await q.query(`CREATE TRIGGER finding_deadline_tally_update AFTER UPDATE ON finding REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_tally_update()`);
    await q.query(`CREATE TRIGGER finding_deadline_tally_delete AFTER DELETE ON finding REFERENCING OLD TABLE AS tally_old FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_tally_delete()`);
    await q.query(`CREATE FUNCTION finding_deadline_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN DELETE FROM finding_deadline_tally; RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER finding_deadline_tally_truncate AFTER TRUNCATE ON finding FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_tally_truncate()`);

    // Folding: the rows of every (day, severity) that has unfolded ones become one folded row.
    // Rows appended by transactions the fold's snapshot does not see stay as they are.
    await q.query(`CREATE FUNCTION finding_deadline_tally_fold() RETURNS integer LANGUAGE sql AS $fn$
        WITH k AS (SELECT DISTINCT deadline_day, severity FROM finding_deadline_tally WHERE NOT folded),
        gone AS (DELETE FROM finding_deadline_tally t USING k WHERE t.deadline_day = k.deadline_day AND t.severity = k.severity
                 RETURNING t.deadline_day, t.severity, t.open_findings),
        kept AS (INSERT INTO finding_deadline_tally (deadline_day, severity, open_findings, folded)
                 SELECT deadline_day, severity, sum(open_findings), true FROM gone GROUP BY deadline_day, severity HAVING sum(open_findings) <> 0
                 RETURNING 1)
        SELECT (SELECT count(*) FROM gone)::int
      $fn$`);

    // The findings already there.
    await q.query(`INSERT INTO finding_deadline_tally (deadline_day, severity, open_findings, folded)
      SELECT day, severity, count(*), true FROM (${open('finding')}) f GROUP BY day, severity`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER finding_deadline_tally_${op} ON finding`);
      await q.query(`DROP FUNCTION finding_deadline_tally_${op}()`);
    }
    await q.query(`DROP FUNCTION finding_deadline_tally_fold()`);
    await q.query(`DROP TABLE "finding_deadline_tally"`);
  }
}
