import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report as of a past cutoff C sums the changes recorded after C to the findings recorded by C
 * (report-sql.findings.ts, `fc_keys`): created_at <= C < changed_at. Through an index on
 * (changed_at, created_at) that steps over every change after C, most of them to findings
 * recorded after it: at province, ten days back, ~27,000 to keep ~5,300; thirty days back,
 * ~78,000 to keep ~6,300. The work grew with how far back the cutoff lies and with the data.
 *
 * A change's lag (changed_at - created_at: how long after its finding was recorded) bounds where
 * it can lie: one with a lag under L that qualifies has C < changed_at < C + L. So the changes are
 * indexed by lag tier (doubling from an hour) and time, and the report reads each tier only over
 * (C, C + its bound): the changes it steps over without keeping are then those of the window's
 * far part, about as many as it keeps, whatever the cutoff. The last tier (four thousand hours
 * and more) has no bound. The index carries every column the report reads (index only) and
 * replaces the (changed_at, created_at) index, which nothing else reads.
 *
 * The tiers are defined here once: finding_change_lag_tier(lag) gives a lag's tier, and
 * finding_change_lag_tiers() each tier with the lag every change of it is under (NULL: no bound).
 */
const BOUNDS = Array.from({ length: 13 }, (_, i) => `'${2 ** i} hours'`).join(', ');

export class FindingChangeLagTiers1796478000000 implements MigrationInterface {
  name = 'FindingChangeLagTiers1796478000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION finding_change_lag_tier(lag interval) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $fn$ SELECT width_bucket(lag, ARRAY[${BOUNDS}]::interval[]) $fn$`);
    await q.query(`CREATE FUNCTION finding_change_lag_tiers() RETURNS TABLE (tier integer, lag_under interval) LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 14
      AS $fn$ SELECT (b - 1)::integer, u FROM unnest(ARRAY[${BOUNDS}, NULL]::interval[]) WITH ORDINALITY x(u, b) $fn$`);
    await q.query(
      `CREATE INDEX "finding_change_lag_idx" ON "finding_change" (finding_change_lag_tier("changed_at" - "created_at"), "changed_at")
       INCLUDE ("created_at", "finding_id", "raised_at", "o_severity", "o_status", "o_deadline", "o_verified_at", "n_severity", "n_status", "n_deadline", "n_verified_at")`,
    );
    await q.query(`DROP INDEX "public"."finding_change_changed_idx"`);
    await q.query(`ANALYZE finding_change`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "finding_change_changed_idx" ON "finding_change" ("changed_at", "created_at")`);
    await q.query(`DROP INDEX "public"."finding_change_lag_idx"`);
    await q.query(`DROP FUNCTION finding_change_lag_tiers()`);
    await q.query(`DROP FUNCTION finding_change_lag_tier(interval)`);
  }
}
