import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disinfection entries counted per (UTC hour of started_at, UTC hour of recorded_at), kept by the
 * database as entries are written: the report's late arrivals (entries started in the period and
 * recorded after the cutoff, report-sql.disinfection.ts disinfectionLateSql) sum the whole hours
 * from here and read entries only at the edges (the partial first and last hours of the period,
 * and the entries recorded between the cutoff and the end of its hour), in time that does not
 * grow with the number of entries.
 *
 * As the findings' tallies (FindingDeadlineTally): writers never update a shared row; each
 * statement that inserts, updates or deletes entries appends its net change per key from its
 * transition tables, so concurrent writers take no lock on the tally. Entries are only inserted by
 * the hub (a correction is a new entry), but an UPDATE, DELETE or TRUNCATE is followed all the
 * same. `disinfection_late_tally_fold()` (run by the hub's clock watcher) replaces the appended
 * rows of a key by their sum; a reader sums whatever rows its snapshot holds, folded or not, so
 * folding never changes an answer. `disinfection_late_tally_rebuild()` recounts it from the
 * entries (for a bulk load that disabled the triggers, scripts/scale/seed.ts).
 */
export class DisinfectionLateTally1796461000000 implements MigrationInterface {
  name = 'DisinfectionLateTally1796461000000';

  public async up(q: QueryRunner): Promise<void> {
    const t = 'disinfection_late_tally';
    await q.query(`CREATE TABLE "${t}" (
      "id" bigserial PRIMARY KEY,
      "started_hour" timestamp NOT NULL,
      "recorded_hour" timestamp NOT NULL,
      "entries" integer NOT NULL,
      "folded" boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX "${t}_hours_idx" ON "${t}" ("started_hour", "recorded_hour") INCLUDE ("entries")`);
    await q.query(`CREATE INDEX "${t}_unfolded_idx" ON "${t}" ("started_hour") WHERE NOT folded`);
    const cols = 'started_hour, recorded_hour';
    const rows = (from: string, d: string) =>
      `SELECT date_trunc('hour', started_at AT TIME ZONE 'UTC') AS started_hour, date_trunc('hour', recorded_at AT TIME ZONE 'UTC') AS recorded_hour, ${d} AS d FROM ${from}`;
    const fn = (op: string, body: string) =>
      q.query(`CREATE FUNCTION ${t}_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          INSERT INTO ${t} (${cols}, entries)
          SELECT ${cols}, sum(d) FROM (${body}) x GROUP BY ${cols} HAVING sum(d) <> 0;
          RETURN NULL;
        END $fn$`);
    await fn('insert', rows('tally_new', '1'));
    await fn('update', `${rows('tally_new', '1')} UNION ALL ${rows('tally_old', '-1')}`);
    await fn('delete', rows('tally_old', '-1'));
    await q.query(`CREATE TRIGGER ${t}_insert AFTER INSERT ON disinfection_entry REFERENCING NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION ${t}_insert()`);
    await q.query(`CREATE TRIGGER ${t}_update AFTER UPDATE ON disinfection_entry REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION ${t}_update()`);
    await q.query(`CREATE TRIGGER ${t}_delete AFTER DELETE ON disinfection_entry REFERENCING OLD TABLE AS tally_old FOR EACH STATEMENT EXECUTE FUNCTION ${t}_delete()`);
    await q.query(`CREATE FUNCTION ${t}_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN DELETE FROM ${t}; RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER ${t}_truncate AFTER TRUNCATE ON disinfection_entry FOR EACH STATEMENT EXECUTE FUNCTION ${t}_truncate()`);
    // Folding: the rows of every key that has unfolded ones become one folded row. Rows appended
    // by transactions the fold's snapshot does not see stay as they are.
    await q.query(`CREATE FUNCTION ${t}_fold() RETURNS integer LANGUAGE sql AS $fn$
        WITH k AS (SELECT DISTINCT ${cols} FROM ${t} WHERE NOT folded),
        gone AS (DELETE FROM ${t} t USING k WHERE t.started_hour = k.started_hour AND t.recorded_hour = k.recorded_hour RETURNING t.*),
        kept AS (INSERT INTO ${t} (${cols}, entries, folded)
                 SELECT ${cols}, sum(entries), true FROM gone GROUP BY ${cols} HAVING sum(entries) <> 0
                 RETURNING 1)
        SELECT (SELECT count(*) FROM gone)::int
      $fn$`);
    // Recounting from the entries (and, in this migration, the entries already there).
    await q.query(`CREATE FUNCTION ${t}_rebuild() RETURNS void LANGUAGE sql AS $fn$
        DELETE FROM ${t};
        INSERT INTO ${t} (${cols}, entries, folded) SELECT ${cols}, count(*), true FROM (${rows('disinfection_entry', '1')}) e GROUP BY ${cols};
      $fn$`);
    await q.query(`SELECT ${t}_rebuild()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const t = 'disinfection_late_tally';
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER ${t}_${op} ON disinfection_entry`);
      await q.query(`DROP FUNCTION ${t}_${op}()`);
    }
    await q.query(`DROP FUNCTION ${t}_fold()`);
    await q.query(`DROP FUNCTION ${t}_rebuild()`);
    await q.query(`DROP TABLE "${t}"`);
  }
}
