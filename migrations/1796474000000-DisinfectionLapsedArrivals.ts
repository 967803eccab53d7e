import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disinfection entries that arrived after their area's cover had run out, as the log stood
 * when each was written: `disinfection_lapsed_arrival`, one row per such entry of a required area,
 * with `lapse_from`, the instant that cover ran out (the later of the area's origin and the entry
 * before it, `prev_started_at`, plus the rule's interval), `-infinity` when the entry before it is
 * not known (migration DisinfectionEntryNeighbours clears it).
 *
 * What it is for: a report as of a past cutoff C takes back, area by area, what the entries in
 * flight at C change (started by the report's end E = least(to, C), recorded after C;
 * report-sql.disinfection.ts, `late_area`). An area whose first such entry m was written when the
 * entry before it, q, still covered E (E not after lapse_from) changes nothing: up to q the log at
 * C is the log now, and after q both logs have only entries within one interval of q, up to E. Any
 * other entry of the area in flight at C has an entry before it at least as late as q (q was
 * there when it was written), so it covered E too. So the areas that matter are exactly those with
 * an entry in flight whose lapse_from is before E, and each such entry was recorded after its
 * lapse_from (C is after E and before the recording): those are the rows kept here. Where sites
 * log on time they are a sixth of the entries (seed 1, either preset), and of the ~6,000 entries
 * in flight at a cutoff at province, the report reads these few instead of every one.
 *
 * Kept by triggers, in the writer's transaction:
 *   - entries inserted: those that qualify, as they stand at the end of the statement (a later row
 *     of the same statement may have cleared their neighbours);
 *   - an entry's neighbours cleared: the row, now with `-infinity`;
 *   - a rebuild (a rule changed, a site's kind or creation changed, a bulk load):
 *     disinfection_lapse_rebuild, redefined here, rebuilds these rows with the lapses.
 * Entries are never deleted (append-only); a site with entries cannot be.
 */
const FROM_ENTRIES = (entries: string, where: string) => `
      SELECT e.id, e.site_id, e.area, e.started_at, e.recorded_at, e.prev_started_at, e.next_started_at, e.corrects_id IS NOT NULL,
             x.lapse_from
        FROM ${entries} JOIN site s ON s.id = e.site_id JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = e.area
        CROSS JOIN LATERAL (SELECT CASE WHEN e.prev_started_at IS NULL THEN '-infinity'::timestamptz
                                        ELSE greatest(s.created_at, r.starts_at, e.prev_started_at) + make_interval(hours => r.max_interval_hours) END AS lapse_from) x
       WHERE x.lapse_from < e.recorded_at${where}`;
const COLUMNS = `entry_id, site_id, area, started_at, recorded_at, prev_started_at, next_started_at, corr, lapse_from`;
const UPSERT = `ON CONFLICT (entry_id) DO UPDATE SET prev_started_at = EXCLUDED.prev_started_at, next_started_at = EXCLUDED.next_started_at, lapse_from = EXCLUDED.lapse_from`;

const rebuild = (arrivals: boolean) => `CREATE OR REPLACE FUNCTION disinfection_lapse_rebuild(p_site uuid DEFAULT NULL) RETURNS void LANGUAGE sql AS $fn$
      SELECT report_day_invalidate('compliance', NULL, NULL);
      SELECT disinfection_lapse_rebuild_lapses(p_site);${arrivals ? `
      SELECT disinfection_lapsed_arrival_rebuild(p_site);` : ''}
    $fn$`;

export class DisinfectionLapsedArrivals1796474000000 implements MigrationInterface {
  name = 'DisinfectionLapsedArrivals1796474000000';

  public async up(q: QueryRunner): Promise<void> {
    // (No foreign keys: the entry is never deleted, nor is a site with entries; a check per row would only cost writers.)
    await q.query(`CREATE TABLE "disinfection_lapsed_arrival" (
      "entry_id" uuid PRIMARY KEY,
      "site_id" uuid NOT NULL,
      "area" varchar(32) NOT NULL,
      "started_at" timestamptz NOT NULL,
      "recorded_at" timestamptz NOT NULL,
      "prev_started_at" timestamptz,
      "next_started_at" timestamptz,
      "corr" boolean NOT NULL,
      "lapse_from" timestamptz NOT NULL)`);
    // The report reads the entries started in the two hours up to E and recorded after C, index only.
    await q.query(`CREATE INDEX "disinfection_lapsed_arrival_started_idx" ON "disinfection_lapsed_arrival" ("started_at", "recorded_at")
      INCLUDE ("lapse_from", "site_id", "area", "prev_started_at", "next_started_at", "corr")`);

    await q.query(`CREATE FUNCTION disinfection_lapsed_arrival_rebuild(p_site uuid DEFAULT NULL) RETURNS void LANGUAGE sql AS $fn$
      DELETE FROM disinfection_lapsed_arrival WHERE p_site IS NULL OR site_id = p_site;
      INSERT INTO disinfection_lapsed_arrival (${COLUMNS})${FROM_ENTRIES('disinfection_entry e', ' AND (p_site IS NULL OR e.site_id = p_site)')};
    $fn$`);
    // Inserted entries as they stand at the end of the statement (the transition table holds them as inserted).
    await q.query(`CREATE FUNCTION disinfection_lapsed_arrival_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO disinfection_lapsed_arrival (${COLUMNS})${FROM_ENTRIES('arrival_new n JOIN disinfection_entry e ON e.id = n.id', '')}
          ${UPSERT};
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER disinfection_lapsed_arrival_insert AFTER INSERT ON disinfection_entry REFERENCING NEW TABLE AS arrival_new
      FOR EACH STATEMENT EXECUTE FUNCTION disinfection_lapsed_arrival_insert()`);
    // Neighbours cleared (the one UPDATE entries allow): the entry before it is no longer known.
    await q.query(`CREATE FUNCTION disinfection_lapsed_arrival_cleared() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO disinfection_lapsed_arrival (${COLUMNS})${FROM_ENTRIES(
          '(SELECT NEW.id, NEW.site_id, NEW.area, NEW.started_at, NEW.recorded_at, NEW.prev_started_at, NEW.next_started_at, NEW.corrects_id) e(id, site_id, area, started_at, recorded_at, prev_started_at, next_started_at, corrects_id)',
          '',
        )}
          ${UPSERT};
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER disinfection_lapsed_arrival_cleared AFTER UPDATE OF prev_started_at ON disinfection_entry
      FOR EACH ROW WHEN (NEW.prev_started_at IS NULL AND OLD.prev_started_at IS NOT NULL) EXECUTE FUNCTION disinfection_lapsed_arrival_cleared()`);
    await q.query(rebuild(true));

    await q.query(`SELECT disinfection_lapsed_arrival_rebuild(NULL)`);
    await q.query(`ANALYZE disinfection_lapsed_arrival`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(rebuild(false));
    await q.query(`DROP TRIGGER disinfection_lapsed_arrival_cleared ON disinfection_entry`);
    await q.query(`DROP TRIGGER disinfection_lapsed_arrival_insert ON disinfection_entry`);
    await q.query(`DROP FUNCTION disinfection_lapsed_arrival_cleared()`);
    await q.query(`DROP FUNCTION disinfection_lapsed_arrival_insert()`);
    await q.query(`DROP FUNCTION disinfection_lapsed_arrival_rebuild(uuid)`);
    await q.query(`DROP TABLE "disinfection_lapsed_arrival"`);
  }
}
