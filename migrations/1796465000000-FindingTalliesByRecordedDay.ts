import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The findings' tallies (FindingDeadlineTally, FindingDeadlinePaused) learn when their findings
 * were recorded, so that a report as of a past cutoff C can take the findings recorded after C
 * out of them without reading those findings (report-sql.findings.ts):
 *   - finding_raised_tally gains `created_day`, the UTC day of the finding's created_at: the
 *     findings raised on a day and recorded before C's day are its rows with created_day before
 *     C's day, and those recorded after C's day its rows with created_day after it;
 *   - finding_due_created_tally is new: findings by the day they fall due, the day they were
 *     recorded, status and whether verified by the deadline, for the rectification figures (the
 *     deadline tally itself stays as it was: the overdue count, which the field app asks for
 *     often, reads every open row of it, and recorded days would multiply those rows).
 * A finding's created_at never changes, so a change of it moves it from one key to another under
 * the same created_day. Findings recorded on C's own day are read one by one (a day of them).
 * Both are kept by the same statement-level triggers as before, in the same functions (the new
 * tally by a second INSERT in the deadline tally's), folded by finding_deadline_tally_fold_all().
 *
 * Also two partial indexes. The findings changed since they were recorded (updated_at >
 * created_at), by update time: a report as of a past cutoff reconstructs those recorded by the
 * cutoff and changed after it, and no longer scans every finding recorded since (which the
 * update-time index holds too). A filing's findings are not in it. And the findings recorded
 * after their own deadline (a late record of a finding already due): the overdue figure as of C
 * takes out the findings recorded after C that it would count now, and only such a finding can
 * be due before C.
 */
const RAISED_KEYS = ['day', 'severity', 'status'];
const RAISED_EXPR = `(raised_at AT TIME ZONE 'UTC')::date AS day, severity, status`;
const DEADLINE_KEYS = ['day', 'severity', 'status', 'verified_on_time', 'deadline_paused'];
const DEADLINE_EXPR = `(deadline AT TIME ZONE 'UTC')::date AS day, severity, status, coalesce(verified_at <= deadline, false) AS verified_on_time, deadline_paused`;
const DUE_KEYS = ['day', 'created_day', 'status', 'verified_on_time'];
const DUE_EXPR = `(deadline AT TIME ZONE 'UTC')::date AS day, (created_at AT TIME ZONE 'UTC')::date AS created_day, status, coalesce(verified_at <= deadline, false) AS verified_on_time`;
const CREATED = `(created_at AT TIME ZONE 'UTC')::date AS created_day`;

interface Tally {
  table: string;
  keys: string[];
  expr: string;
}

/** One tally's rows from a transition table (or finding), each with its sign. */
const rows = (t: Tally, from: string, d: string) => `SELECT ${t.expr}, ${d} AS d FROM ${from}`;
/** The INSERT that appends a statement's net change per key to a tally. */
const append = (t: Tally, body: string) => {
  const cols = t.keys.join(', ');
  return `INSERT INTO ${t.table} (${cols}, findings)
            SELECT ${cols}, sum(d) FROM (${body}) x GROUP BY ${cols} HAVING sum(d) <> 0;`;
};
const changes = (t: Tally, op: string) =>
  op === 'insert' ? rows(t, 'tally_new', '1') : op === 'update' ? `${rows(t, 'tally_new', '1')} UNION ALL ${rows(t, 'tally_old', '-1')}` : rows(t, 'tally_old', '-1');

/** The trigger functions of the tallies kept on `finding` from its `prefix`_insert/update/delete triggers. */
async function triggerFunctions(q: QueryRunner, prefix: string, tallies: Tally[]): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) {
    await q.query(`CREATE OR REPLACE FUNCTION ${prefix}_${op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        ${tallies.map((t) => append(t, changes(t, op))).join('\n        ')}
        RETURN NULL;
      END $fn$`);
  }
  await q.query(`CREATE OR REPLACE FUNCTION ${prefix}_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN ${tallies.map((t) => `DELETE FROM ${t.table};`).join(' ')} RETURN NULL; END $fn$`);
}

/** A tally's fold: the rows of every key that has unfolded ones become one folded row. */
async function foldFunction(q: QueryRunner, t: Tally): Promise<void> {
  const cols = t.keys.join(', ');
  const on = t.keys.map((k) => `t.${k} = k.${k}`).join(' AND ');
  await q.query(`CREATE OR REPLACE FUNCTION ${t.table}_fold() RETURNS integer LANGUAGE sql AS $fn$
      WITH k AS (SELECT DISTINCT ${cols} FROM ${t.table} WHERE NOT folded),
      gone AS (DELETE FROM ${t.table} t USING k WHERE ${on} RETURNING t.*),
      kept AS (INSERT INTO ${t.table} (${cols}, findings, folded)
               SELECT ${cols}, sum(findings), true FROM gone GROUP BY ${cols} HAVING sum(findings) <> 0
               RETURNING 1)
      SELECT (SELECT count(*) FROM gone)::int
    $fn$`);
}

/** Recounts a tally from the findings. */
const recount = async (q: QueryRunner, t: Tally) => {
  const cols = t.keys.join(', ');
  await q.query(`DELETE FROM ${t.table}`);
  await q.query(`INSERT INTO ${t.table} (${cols}, findings, folded) SELECT ${cols}, sum(d), true FROM (${rows(t, 'finding', '1')}) f GROUP BY ${cols}`);
};

const raisedBefore: Tally = { table: 'finding_raised_tally', keys: RAISED_KEYS, expr: RAISED_EXPR };
const raisedAfter: Tally = { table: 'finding_raised_tally', keys: [...RAISED_KEYS, 'created_day'], expr: `${RAISED_EXPR}, ${CREATED}` };
const deadline: Tally = { table: 'finding_deadline_tally', keys: DEADLINE_KEYS, expr: DEADLINE_EXPR };
const due: Tally = { table: 'finding_due_created_tally', keys: DUE_KEYS, expr: DUE_EXPR };

export class FindingTalliesByRecordedDay1796465000000 implements MigrationInterface {
  name = 'FindingTalliesByRecordedDay1796465000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "finding_raised_tally" ADD "created_day" date`);
    await triggerFunctions(q, 'finding_raised_tally', [raisedAfter]);
    await foldFunction(q, raisedAfter);
    await recount(q, raisedAfter);
    await q.query(`ALTER TABLE "finding_raised_tally" ALTER COLUMN "created_day" SET NOT NULL`);

    await q.query(`CREATE TABLE "finding_due_created_tally" (
      "id" bigserial PRIMARY KEY,
      "day" date NOT NULL,
      "created_day" date NOT NULL,
      "status" varchar(32) NOT NULL,
      "verified_on_time" boolean NOT NULL,
      "findings" integer NOT NULL,
      "folded" boolean NOT NULL DEFAULT false)`);
    // Read by the recorded day (those after a cutoff's); folded by key, as the others.
    await q.query(`CREATE INDEX "finding_due_created_tally_created_idx" ON "finding_due_created_tally" ("created_day", "day") INCLUDE ("status", "verified_on_time", "findings")`);
    await q.query(`CREATE INDEX "finding_due_created_tally_unfolded_idx" ON "finding_due_created_tally" ("day") WHERE NOT folded`);
    await triggerFunctions(q, 'finding_deadline_tally', [deadline, due]);
    await foldFunction(q, due);
    await recount(q, due);
    await q.query(`CREATE OR REPLACE FUNCTION finding_deadline_tally_fold_all() RETURNS integer LANGUAGE sql AS $fn$
        SELECT finding_deadline_tally_fold() + finding_raised_tally_fold() + finding_due_created_tally_fold()
      $fn$`);

    await q.query(
      `CREATE INDEX "report_finding_modified_idx" ON "finding" (("updated_at" AT TIME ZONE 'UTC'))
       INCLUDE ("updated_at", "id", "severity", "status", "deadline", "deadline_paused", "created_at", "verified_at", "raised_at") WHERE "updated_at" > "created_at"`,
    );
    await q.query(
      `CREATE INDEX "report_finding_recorded_late_idx" ON "finding" (("created_at" AT TIME ZONE 'UTC'))
       INCLUDE ("id", "severity", "status", "deadline", "deadline_paused") WHERE "deadline" < "created_at"`,
    );
    // The recounted tallies' statistics, for the report's first plans.
    await q.query(`ANALYZE finding_raised_tally, finding_due_created_tally`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."report_finding_recorded_late_idx"`);
    await q.query(`DROP INDEX "public"."report_finding_modified_idx"`);
    await q.query(`CREATE OR REPLACE FUNCTION finding_deadline_tally_fold_all() RETURNS integer LANGUAGE sql AS $fn$
        SELECT finding_deadline_tally_fold() + finding_raised_tally_fold()
      $fn$`);
    await triggerFunctions(q, 'finding_deadline_tally', [deadline]);
    await q.query(`DROP FUNCTION finding_due_created_tally_fold()`);
    await q.query(`DROP TABLE "finding_due_created_tally"`);
    await q.query(`ALTER TABLE "finding_raised_tally" DROP COLUMN "created_day"`);
    await triggerFunctions(q, 'finding_raised_tally', [raisedBefore]);
    await foldFunction(q, raisedBefore);
    await recount(q, raisedBefore);
  }
}
