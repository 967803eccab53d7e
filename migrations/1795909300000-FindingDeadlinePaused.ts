import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispute module's pause rule mirrored onto the finding: `finding.deadline_paused` is true
 * while the finding has an open dispute (LODGED or UNDER_REVIEW) whose deadline_paused is set.
 * A trigger on dispute keeps it, in the transaction that lodges, reviews, resolves or withdraws
 * the dispute, whoever writes (services, bulk SQL, later migrations); nothing else writes it.
 *
 * The deadline tally (FindingDeadlineTally) gains it as a key, so "open, due before T, not
 * paused" is a sum over tally days, without visiting the paused findings. Every dispute move also
 * updates its finding (status, version, updated_at) in the same transaction, so a finding
 * unchanged since an instant was paused then exactly when its column says so now.
 */
const KEYS = ['day', 'severity', 'status', 'verified_on_time'];
const EXPR = `(deadline AT TIME ZONE 'UTC')::date AS day, severity, status, coalesce(verified_at <= deadline, false) AS verified_on_time`;

/** The deadline tally's trigger functions and fold, for the given key columns. */
async function tallyFunctions(q: QueryRunner, keys: string[], expr: string): Promise<void> {
  const cols = keys.join(', ');
  const rows = (from: string, d: string) => `SELECT ${expr}, ${d} AS d FROM ${from}`;
  const fn = (op: string, body: string) =>
    q.query(`CREATE OR REPLACE FUNCTION finding_deadline_tally_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO finding_deadline_tally (${cols}, findings)
        SELECT ${cols}, sum(d) FROM (${body}) x GROUP BY ${cols} HAVING sum(d) <> 0;
        RETURN NULL;
      END $fn$`);
  await fn('insert', rows('tally_new', '1'));
  await fn('update', `${rows('tally_new', '1')} UNION ALL ${rows('tally_old', '-1')}`);
  await fn('delete', rows('tally_old', '-1'));
  const on = keys.map((k) => `t.${k} = k.${k}`).join(' AND ');
  await q.query(`CREATE OR REPLACE FUNCTION finding_deadline_tally_fold() RETURNS integer LANGUAGE sql AS $fn$
      WITH k AS (SELECT DISTINCT ${cols} FROM finding_deadline_tally WHERE NOT folded),
      gone AS (DELETE FROM finding_deadline_tally t USING k WHERE ${on} RETURNING t.*),
      kept AS (INSERT INTO finding_deadline_tally (${cols}, findings, folded)
               SELECT ${cols}, sum(findings), true FROM gone GROUP BY ${cols} HAVING sum(findings) <> 0
               RETURNING 1)
      SELECT (SELECT count(*) FROM gone)::int
    $fn$`);
  // Recount from the findings, under the new keys.
  await q.query(`DELETE FROM finding_deadline_tally`);
  await q.query(`INSERT INTO finding_deadline_tally (${cols}, findings, folded) SELECT ${cols}, sum(d), true FROM (${rows('finding', '1')}) f GROUP BY ${cols}`);
}

export class FindingDeadlinePaused1795909300000 implements MigrationInterface {
  name = 'FindingDeadlinePaused1795909300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "finding" ADD "deadline_paused" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE finding f SET deadline_paused = true
      WHERE EXISTS (SELECT 1 FROM dispute d WHERE d.finding_id = f.id AND d.status IN ('LODGED','UNDER_REVIEW') AND d.deadline_paused)`);
    // Statement-level, from the transition tables: a bulk load of disputes updates its findings
    // in one statement. PL/pgSQL plans a branch only when it runs, so each names only the
    // transition table its event has.
    await q.query(`CREATE FUNCTION finding_deadline_paused_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE finding f SET deadline_paused = false
          WHERE f.id IN (SELECT finding_id FROM paused_old WHERE finding_id IS NOT NULL) AND f.deadline_paused
            AND NOT EXISTS (SELECT 1 FROM dispute d WHERE d.finding_id = f.id AND d.status IN ('LODGED','UNDER_REVIEW') AND d.deadline_paused);
        ELSE
          UPDATE finding f SET deadline_paused = x.paused
          FROM (SELECT k.finding_id, EXISTS (SELECT 1 FROM dispute d WHERE d.finding_id = k.finding_id AND d.status IN ('LODGED','UNDER_REVIEW') AND d.deadline_paused) AS paused
                FROM (SELECT DISTINCT finding_id FROM paused_new WHERE finding_id IS NOT NULL) k) x
          WHERE f.id = x.finding_id AND f.deadline_paused <> x.paused;
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER finding_deadline_paused_insert AFTER INSERT ON dispute REFERENCING NEW TABLE AS paused_new FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_paused_sync()`);
    await q.query(`CREATE TRIGGER finding_deadline_paused_update AFTER UPDATE ON dispute REFERENCING NEW TABLE AS paused_new FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_paused_sync()`);
    await q.query(`CREATE TRIGGER finding_deadline_paused_delete AFTER DELETE ON dispute REFERENCING OLD TABLE AS paused_old FOR EACH STATEMENT EXECUTE FUNCTION finding_deadline_paused_sync()`);

    await q.query(`ALTER TABLE "finding_deadline_tally" ADD "deadline_paused" boolean NOT NULL DEFAULT false`);
    await tallyFunctions(q, [...KEYS, 'deadline_paused'], `${EXPR}, deadline_paused`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER finding_deadline_paused_${op} ON dispute`);
    await q.query(`DROP FUNCTION finding_deadline_paused_sync()`);
    await tallyFunctions(q, KEYS, EXPR);
    await q.query(`ALTER TABLE "finding_deadline_tally" DROP COLUMN "deadline_paused"`);
    await q.query(`ALTER TABLE "finding" DROP COLUMN "deadline_paused"`);
  }
}
