import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sites no longer active, kept as bitmaps for the whole-area report's compliance
 * (src/modules/report/report-sql.disinfection.ts, disinfectionDaysSql). The day sets hold every
 * site's areas; the report masks out the sites it does not judge from them, and the largest
 * group of those is the sites no longer active (582 of 20,000 at province), which every
 * whole-area report used to read one by one, slot by slot, and turn into bitmaps again (a few
 * ms at province, ten times less at county: it grew with the sites).
 *
 * report_site_mask: per site kind and chunk of 8192 bits, the required areas ('a': bit slot × n
 * + the area's rank among its kind's n rules, as in the day sets) and the sites ('s': bit slot)
 * of the sites whose status is not ACTIVE now. Only kinds that have rules. The report takes out
 * of it the few that were still active at its end E (changed after E: SITE_JUDGED counts them
 * as active then).
 *
 * Kept by triggers, each recomputing the masks of the kinds it touched from the sites, under
 * one advisory lock (so two writers take turns and the second reads what the first committed):
 *   - sites inserted or deleted with a status other than ACTIVE (per statement);
 *   - a site's status or kind changed, where it was or becomes inactive (per row, after
 *     site_slot_assign has given it its slot in a new kind);
 *   - any change to the rules (the areas' ranks move), or the sites truncated: every kind.
 */
const BITS = 8192;
export const siteMaskRebuildSql = `CREATE OR REPLACE FUNCTION report_site_mask_rebuild(p_kinds text[] DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock(727013, 0);
        DELETE FROM report_site_mask WHERE p_kinds IS NULL OR kind = ANY(p_kinds);
        INSERT INTO report_site_mask (what, kind, chunk, bits)
        WITH rule AS (
          SELECT site_kind, area, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, (count(*) OVER (PARTITION BY site_kind))::int AS n
          FROM disinfection_rule
        ), m AS (
          SELECT ss.kind, ss.slot FROM site s JOIN site_slot ss ON ss.site_id = s.id
          WHERE s.status <> 'ACTIVE' AND (p_kinds IS NULL OR ss.kind = ANY(p_kinds)) AND ss.kind IN (SELECT site_kind FROM rule)
        ), member AS (
          SELECT 'a'::text AS what, m.kind, m.slot * r.n + r.idx AS p FROM m JOIN rule r ON r.site_kind = m.kind
          UNION ALL SELECT 's', m.kind, m.slot FROM m
        ), words AS ( -- per 64-bit word, then each chunk's words in order (the empty ones as zero)
          SELECT what, kind, p / ${BITS} AS chunk, (p % ${BITS}) / 64 AS wi, bit_or(1::int8 << (63 - p % 64)) AS v FROM member GROUP BY 1, 2, 3, 4
        )
        SELECT what, kind, chunk, string_agg(v::bit(64)::text, '' ORDER BY wi)::bit(${BITS}) FROM (
          SELECT what, kind, chunk, wi, bit_or(v) AS v FROM (
            SELECT what, kind, chunk, wi, v FROM words
            UNION ALL SELECT c.what, c.kind, c.chunk, g.wi, 0 FROM (SELECT DISTINCT what, kind, chunk FROM words) c CROSS JOIN generate_series(0, ${BITS / 64 - 1}) g(wi)) z
          GROUP BY what, kind, chunk, wi) y
        GROUP BY what, kind, chunk;
      END $fn$`;

export class ReportInactiveSiteMask1796467000000 implements MigrationInterface {
  name = 'ReportInactiveSiteMask1796467000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_site_mask" (
      "what" char(1) NOT NULL CHECK (what IN ('a', 's')),
      "kind" varchar(32) NOT NULL,
      "chunk" integer NOT NULL,
      "bits" bit(${BITS}) NOT NULL,
      PRIMARY KEY ("what", "kind", "chunk"))`);
    await q.query(siteMaskRebuildSql);

    await q.query(`CREATE FUNCTION report_site_mask_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        kinds text[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT kind) INTO kinds FROM site_mask_new WHERE status <> 'ACTIVE';
        ELSE
          SELECT array_agg(DISTINCT kind) INTO kinds FROM site_mask_old WHERE status <> 'ACTIVE';
        END IF;
        IF kinds IS NOT NULL THEN PERFORM report_site_mask_rebuild(kinds); END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER site_mask_insert AFTER INSERT ON site REFERENCING NEW TABLE AS site_mask_new FOR EACH STATEMENT EXECUTE FUNCTION report_site_mask_rows()`);
    await q.query(`CREATE TRIGGER site_mask_delete AFTER DELETE ON site REFERENCING OLD TABLE AS site_mask_old FOR EACH STATEMENT EXECUTE FUNCTION report_site_mask_rows()`);

    // (Named after site_slot_assign, which runs first: AFTER triggers of one event run by name.)
    await q.query(`CREATE FUNCTION report_site_mask_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM report_site_mask_rebuild(ARRAY[OLD.kind, NEW.kind]::text[]);
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER site_slot_z_mask AFTER UPDATE OF status, kind ON site FOR EACH ROW
      WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind) AND (OLD.status <> 'ACTIVE' OR NEW.status <> 'ACTIVE'))
      EXECUTE FUNCTION report_site_mask_update()`);

    await q.query(`CREATE FUNCTION report_site_mask_rules() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN PERFORM report_site_mask_rebuild(NULL); RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER report_site_mask_rules AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disinfection_rule FOR EACH STATEMENT EXECUTE FUNCTION report_site_mask_rules()`);

    await q.query(`CREATE TRIGGER site_mask_truncate AFTER TRUNCATE ON site FOR EACH STATEMENT EXECUTE FUNCTION report_site_mask_rules()`);

    await q.query(`SELECT report_site_mask_rebuild(NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER site_mask_truncate ON site`);
    await q.query(`DROP TRIGGER report_site_mask_rules ON disinfection_rule`);
    await q.query(`DROP TRIGGER site_slot_z_mask ON site`);
    await q.query(`DROP TRIGGER site_mask_delete ON site`);
    await q.query(`DROP TRIGGER site_mask_insert ON site`);
    await q.query(`DROP FUNCTION report_site_mask_rules()`);
    await q.query(`DROP FUNCTION report_site_mask_update()`);
    await q.query(`DROP FUNCTION report_site_mask_rows()`);
    await q.query(`DROP FUNCTION report_site_mask_rebuild(text[])`);
    await q.query(`DROP TABLE "report_site_mask"`);
  }
}
