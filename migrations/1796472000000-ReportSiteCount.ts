import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many sites are active, per kind, kept as sites are written: the whole area's compliance
 * (report-sql.disinfection.ts, disinfectionDaysSql `lapse_sites`) counts the sites it judges from
 * the active ones now, corrected to its end E. It counted them in the site index at every report:
 * ~19,400 index entries at province (~2 ms of the statement, in every whole-area shape), a cost
 * that grows with the sites. Now it reads one row per kind.
 *
 * A statement-level trigger on site adds, per kind, the active rows a statement inserts or leaves
 * and takes away those it deletes or changes (an UPDATE counts its old rows out and its new rows
 * in, so a site changing kind or status moves between the counts), in the same transaction. A
 * TRUNCATE empties it. Sites are registered and closed rarely, so the one row per kind that
 * concurrent writers may wait for is no contention in practice.
 */
export class ReportSiteCount1796472000000 implements MigrationInterface {
  name = 'ReportSiteCount1796472000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_site_count (kind varchar(32) PRIMARY KEY, active integer NOT NULL)`);
    const add = (rows: string) => `INSERT INTO report_site_count AS c (kind, active)
            SELECT kind, sum(d) FROM (${rows}) x GROUP BY kind HAVING sum(d) <> 0
          ON CONFLICT (kind) DO UPDATE SET active = c.active + EXCLUDED.active;`;
    const NEW = `SELECT kind, 1 AS d FROM site_count_new WHERE status = 'ACTIVE'`;
    const OLD = `SELECT kind, -1 AS d FROM site_count_old WHERE status = 'ACTIVE'`;
    // (each branch reads only the transition tables its trigger has)
    await q.query(`CREATE FUNCTION report_site_count_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM report_site_count;
        ELSIF TG_OP = 'INSERT' THEN
          ${add(NEW)}
        ELSIF TG_OP = 'UPDATE' THEN
          ${add(`${NEW} UNION ALL ${OLD}`)}
        ELSE
          ${add(OLD)}
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER site_count_insert AFTER INSERT ON site REFERENCING NEW TABLE AS site_count_new FOR EACH STATEMENT EXECUTE FUNCTION report_site_count_sync()`);
    await q.query(`CREATE TRIGGER site_count_update AFTER UPDATE ON site REFERENCING OLD TABLE AS site_count_old NEW TABLE AS site_count_new FOR EACH STATEMENT EXECUTE FUNCTION report_site_count_sync()`);
    await q.query(`CREATE TRIGGER site_count_delete AFTER DELETE ON site REFERENCING OLD TABLE AS site_count_old FOR EACH STATEMENT EXECUTE FUNCTION report_site_count_sync()`);
    await q.query(`CREATE TRIGGER site_count_truncate AFTER TRUNCATE ON site FOR EACH STATEMENT EXECUTE FUNCTION report_site_count_sync()`);
    await q.query(`INSERT INTO report_site_count (kind, active) SELECT kind, count(*) FROM site WHERE status = 'ACTIVE' GROUP BY kind`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'update', 'delete', 'truncate']) await q.query(`DROP TRIGGER site_count_${t} ON site`);
    await q.query(`DROP FUNCTION report_site_count_sync()`);
    await q.query(`DROP TABLE report_site_count`);
  }
}
