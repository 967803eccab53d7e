import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lapsed arrivals (migration DisinfectionLapsedArrivals) carry their site's kind and slot, as
 * site_slot has them: a report as of a past cutoff places the bit of each area in flight
 * (report-sql.disinfection.ts, `fast_area`) from the index it reads the arrivals from, not by a
 * probe of site_slot per area (at province, ten days back, ~1,300 areas at ~3.5 µs a probe: ~4.5
 * ms of the statement's ~13).
 *
 * Kept as before (the insert and cleared triggers, the rebuild) with site_slot joined, and a
 * trigger on site_slot carries a site's new kind and slot to its rows: when a site's kind changes,
 * the lapses' rebuild (trigger disinfection_lapse_site) rewrites its rows before site_slot_assign
 * gives it its slot in the new kind (AFTER triggers of one event run by name).
 */
const FROM_ENTRIES = (entries: string, where: string, slots: boolean) => `
      SELECT e.id, e.site_id, e.area, e.started_at, e.recorded_at, e.prev_started_at, e.next_started_at, e.corrects_id IS NOT NULL,
             x.lapse_from${slots ? ', ss.kind, ss.slot' : ''}
        FROM ${entries} JOIN site s ON s.id = e.site_id JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = e.area${slots ? ' JOIN site_slot ss ON ss.site_id = e.site_id' : ''}
        CROSS JOIN LATERAL (SELECT CASE WHEN e.prev_started_at IS NULL THEN '-infinity'::timestamptz
                                        ELSE greatest(s.created_at, r.starts_at, e.prev_started_at) + make_interval(hours => r.max_interval_hours) END AS lapse_from) x
       WHERE x.lapse_from < e.recorded_at${where}`;
const COLUMNS = (slots: boolean) => `entry_id, site_id, area, started_at, recorded_at, prev_started_at, next_started_at, corr, lapse_from${slots ? ', kind, slot' : ''}`;
const UPSERT = `ON CONFLICT (entry_id) DO UPDATE SET prev_started_at = EXCLUDED.prev_started_at, next_started_at = EXCLUDED.next_started_at, lapse_from = EXCLUDED.lapse_from`;
const NEW_ROW =
  '(SELECT NEW.id, NEW.site_id, NEW.area, NEW.started_at, NEW.recorded_at, NEW.prev_started_at, NEW.next_started_at, NEW.corrects_id) e(id, site_id, area, started_at, recorded_at, prev_started_at, next_started_at, corrects_id)';
const INDEX_COLUMNS = (slots: boolean) => `("started_at", "recorded_at")
      INCLUDE ("lapse_from", "site_id", "area", "prev_started_at", "next_started_at", "corr"${slots ? ', "kind", "slot"' : ''})`;

/** The three functions that write the rows, with or without the kind and slot. */
async function defineWriters(q: QueryRunner, slots: boolean) {
  await q.query(`CREATE OR REPLACE FUNCTION disinfection_lapsed_arrival_rebuild(p_site uuid DEFAULT NULL) RETURNS void LANGUAGE sql AS $fn$
      DELETE FROM disinfection_lapsed_arrival WHERE p_site IS NULL OR site_id = p_site;
      INSERT INTO disinfection_lapsed_arrival (${COLUMNS(slots)})${FROM_ENTRIES('disinfection_entry e', ' AND (p_site IS NULL OR e.site_id = p_site)', slots)};
    $fn$`);
  await q.query(`CREATE OR REPLACE FUNCTION disinfection_lapsed_arrival_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO disinfection_lapsed_arrival (${COLUMNS(slots)})${FROM_ENTRIES('arrival_new n JOIN disinfection_entry e ON e.id = n.id', '', slots)}
          ${UPSERT};
        RETURN NULL;
      END $fn$`);
  await q.query(`CREATE OR REPLACE FUNCTION disinfection_lapsed_arrival_cleared() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO disinfection_lapsed_arrival (${COLUMNS(slots)})${FROM_ENTRIES(NEW_ROW, '', slots)}
          ${UPSERT};
        RETURN NULL;
      END $fn$`);
}

export class DisinfectionArrivalSlots1796479000000 implements MigrationInterface {
  name = 'DisinfectionArrivalSlots1796479000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."disinfection_lapsed_arrival_started_idx"`);
    await q.query(`ALTER TABLE "disinfection_lapsed_arrival" ADD "kind" varchar(32), ADD "slot" integer`);
    await q.query(`UPDATE disinfection_lapsed_arrival a SET kind = ss.kind, slot = ss.slot FROM site_slot ss WHERE ss.site_id = a.site_id`);
    // (Every site has its slot from its creation, site_slot_assign: no row is left without.)
    await q.query(`ALTER TABLE "disinfection_lapsed_arrival" ALTER "kind" SET NOT NULL, ALTER "slot" SET NOT NULL`);
    await q.query(`CREATE INDEX "disinfection_lapsed_arrival_started_idx" ON "disinfection_lapsed_arrival" ${INDEX_COLUMNS(true)}`);
    await defineWriters(q, true);
    await q.query(`CREATE FUNCTION disinfection_lapsed_arrival_slot() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE disinfection_lapsed_arrival SET kind = NEW.kind, slot = NEW.slot WHERE site_id = NEW.site_id AND (kind, slot) IS DISTINCT FROM (NEW.kind, NEW.slot);
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER disinfection_lapsed_arrival_slot AFTER UPDATE ON site_slot FOR EACH ROW
      WHEN ((NEW.kind, NEW.slot) IS DISTINCT FROM (OLD.kind, OLD.slot)) EXECUTE FUNCTION disinfection_lapsed_arrival_slot()`);
    await q.query(`ANALYZE disinfection_lapsed_arrival`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER disinfection_lapsed_arrival_slot ON site_slot`);
    await q.query(`DROP FUNCTION disinfection_lapsed_arrival_slot()`);
    await defineWriters(q, false);
    await q.query(`DROP INDEX "public"."disinfection_lapsed_arrival_started_idx"`);
    await q.query(`ALTER TABLE "disinfection_lapsed_arrival" DROP COLUMN "kind", DROP COLUMN "slot"`);
    await q.query(`CREATE INDEX "disinfection_lapsed_arrival_started_idx" ON "disinfection_lapsed_arrival" ${INDEX_COLUMNS(false)}`);
  }
}
