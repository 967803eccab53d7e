import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Findings counted per UTC day, kept by the database as findings are written:
 *   - finding_deadline_tally: by the day they fall due, severity, status and whether verified by
 *     the deadline. It answers "how many findings are overdue" (findings(overdue) totalCount, the
 *     whole-area report's overdue figure) and the report's rectification figures;
 *   - finding_raised_tally: by the day they were raised, severity and status: the report's
 *     findings by severity and status.
 * A count over a range of days reads the tally for the whole days and the findings of the days at
 * its ends (see src/modules/finding/finding-tally.ts), in time that does not grow with the number
 * of findings.
 *
 * Writers never update a shared row: each statement that inserts, updates or deletes findings
 * appends its net change per key from its transition tables, so concurrent filings take no lock
 * on a tally and cannot deadlock on it. `finding_deadline_tally_fold_all()` (run by the hub's
 * clock watcher) replaces the appended rows of a key by their sum; a reader sums whatever rows
 * its snapshot holds, folded or not, so folding never changes an answer.
 *
 * There are no entities: nothing but these triggers writes the tables, and only
 * finding-tally.ts and the report read them.
 */
export class FindingDeadlineTally1795909000000 implements MigrationInterface {
  name = 'FindingDeadlineTally1795909000000';

  public async up(q: QueryRunner): Promise<void> {
    // What each tally counts findings by: the day first, then what the figures group by.
    const tallies = [
      { table: 'finding_deadline_tally', day: 'deadline', keys: { severity: 'varchar(16)', status: 'varchar(32)', verified_on_time: 'boolean' } },
      { table: 'finding_raised_tally', day: 'raised_at', keys: { severity: 'varchar(16)', status: 'varchar(32)' } },
    ];
    const expr: Record<string, string> = { severity: 'severity', status: 'status', verified_on_time: 'coalesce(verified_at <= deadline, false)' };
    for (const t of tallies) {
      const keys = Object.keys(t.keys);
      await q.query(`CREATE TABLE "${t.table}" (
        "id" bigserial PRIMARY KEY,
        "day" date NOT NULL,
        ${keys.map((k) => `"${k}" ${t.keys[k as keyof typeof t.keys]} NOT NULL`).join(',\n        ')},
        "findings" integer NOT NULL,
        "folded" boolean NOT NULL DEFAULT false)`);
      await q.query(`CREATE INDEX "${t.table}_unfolded_idx" ON "${t.table}" ("day") WHERE NOT folded`);
      const cols = ['day', ...keys].join(', ');
      const rows = (from: string, d: string) => `SELECT (${t.day} AT TIME ZONE 'UTC')::date AS day, ${keys.map((k) => `${expr[k]} AS ${k}`).join(', ')}, ${d} AS d FROM ${from}`;
      const fn = (op: string, body: string) =>
        q.query(`CREATE FUNCTION ${t.table}_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
          BEGIN
            INSERT INTO ${t.table} (${cols}, findings)
            SELECT ${cols}, sum(d) FROM (${body}) x GROUP BY ${cols} HAVING sum(d) <> 0;
            RETURN NULL;
          END $fn$`);
      await fn('insert', rows('tally_new', '1'));
      await fn('update', `${rows('tally_new', '1')} UNION ALL ${rows('tally_old', '-1')}`);
      await fn('delete', rows('tally_old', '-1'));
      await q.query(`CREATE TRIGGER ${t.table}_insert AFTER INSERT ON finding REFERENCING NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION ${t.table}_insert()`);
      await q.query(`CREATE TRIGGER ${t.table}_update AFTER UPDATE ON finding REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION ${t.table}_update()`);
      await q.query(`CREATE TRIGGER ${t.table}_delete AFTER DELETE ON finding REFERENCING OLD TABLE AS tally_old FOR EACH STATEMENT EXECUTE FUNCTION ${t.table}_delete()`);
      await q.query(`CREATE FUNCTION ${t.table}_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
          BEGIN DELETE FROM ${t.table}; RETURN NULL; END $fn$`);
      await q.query(`CREATE TRIGGER ${t.table}_truncate AFTER TRUNCATE ON finding FOR EACH STATEMENT EXECUTE FUNCTION ${t.table}_truncate()`);
      // Folding: the rows of every key that has unfolded ones become one folded row. Rows
      // appended by transactions the fold's snapshot does not see stay as they are.
      const on = ['day', ...keys].map((k) => `t.${k} = k.${k}`).join(' AND ');
      await q.query(`CREATE FUNCTION ${t.table}_fold() RETURNS integer LANGUAGE sql AS $fn$
          WITH k AS (SELECT DISTINCT ${cols} FROM ${t.table} WHERE NOT folded),
          gone AS (DELETE FROM ${t.table} t USING k WHERE ${on} RETURNING t.*),
          kept AS (INSERT INTO ${t.table} (${cols}, findings, folded)
                   SELECT ${cols}, sum(findings), true FROM gone GROUP BY ${cols} HAVING sum(findings) <> 0
                   RETURNING 1)
          SELECT (SELECT count(*) FROM gone)::int
        $fn$`);
      // The findings already there.
      await q.query(`INSERT INTO ${t.table} (${cols}, findings, folded) SELECT ${cols}, sum(d), true FROM (${rows('finding', '1')}) f GROUP BY ${cols}`);
    }
    await q.query(`CREATE FUNCTION finding_deadline_tally_fold_all() RETURNS integer LANGUAGE sql AS $fn$
        SELECT finding_deadline_tally_fold() + finding_raised_tally_fold()
      $fn$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION finding_deadline_tally_fold_all()`);
    for (const table of ['finding_raised_tally', 'finding_deadline_tally']) {
      for (const op of ['insert', 'update', 'delete', 'truncate']) {
        await q.query(`DROP TRIGGER ${table}_${op} ON finding`);
        await q.query(`DROP FUNCTION ${table}_${op}()`);
      }
      await q.query(`DROP FUNCTION ${table}_fold()`);
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
