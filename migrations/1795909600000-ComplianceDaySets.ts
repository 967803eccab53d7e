import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day sets for the whole-area report's disinfection compliance (report.sql.ts,
 * disinfectionDaysSql): for each closed UTC day, the set of required areas (site, area) that
 * were in a lapse at some instant of that day, as a bitmap. An area failed a period when a lapse
 * of it touches the period; for a site that existed before the period starts, that is the union
 * of the day sets of the period's whole days with what the lapses say of the partial days at
 * both ends. So the report ORs a few bitmaps per day instead of reading every lapse that touches
 * the period, and what it reads grows with the days of the period and the bits of the areas
 * (one bit per required area), not with the lapses.
 *
 *  - site_slot: each site's place among the sites of its kind (0, 1, 2, …, never reused); a
 *    required area's bit is slot × (the kind's number of rules) + the area's rank among them.
 *    Kept by a trigger on site (insert, kind change: a new slot in the new kind).
 *  - report_day: which days of a section are built, and when; report_day_set: the bitmaps, per
 *    day, site kind and chunk of 8192 bits. No entity names them: TypeORM leaves them alone.
 *  - report_hour, report_hour_set: the same one level down, for the partial days (sets per
 *    closed hour of the areas a lapse touched in it), and for "in breach at E" (per hour, the
 *    areas and sites whose still-open lapse began in it; at a midnight, those whose began
 *    before): the report then reads only the lapses of the partial hours at both ends.
 *  - Built on demand by the report (report-days.ts) for closed days and hours, under an
 *    exclusive advisory lock (one for every section); a writer that changes what a day or hour
 *    holds deletes it (report_day_invalidate, report_hour_invalidate) under the shared form of
 *    the same lock, so a build never misses a write that commits after it took its snapshot,
 *    and a day is either absent or exactly what the lapses now say of the sites created before
 *    the day ended (an hour: of every site).
 *  - What changes a day: an entry written or corrected at t changes lapses only within
 *    [t, t + interval] (the gap around t is split or joined there), so the lapse refresh drops
 *    the days and hours of that stretch, and, when t is after the area's last entry (its
 *    open-ended lapse moves), the open sets holding that lapse before and after; a site inserted
 *    drops the days from its creation on (none, unless it is recorded as created in the past) and
 *    every hour set; a rebuild (a rule changed, a site changed kind, a bulk load), a site deleted
 *    or its creation time changed drop every day and hour.
 */
const effective = (alias: string) => `NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${alias}.id)`;
/** The lapse refresh of DisinfectionLapses, with `after` run at its end. */
const refreshSql = (after: string) => `CREATE OR REPLACE FUNCTION disinfection_lapse_refresh(p_site uuid, p_area text, p_t timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        h interval;
        p timestamptz;
        n timestamptz;
        present boolean;
      BEGIN
        SELECT make_interval(hours => r.max_interval_hours) INTO h
          FROM site s JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = p_area WHERE s.id = p_site;
        IF h IS NULL THEN RETURN; END IF; -- not a required area of this site
        SELECT coalesce(max(e.started_at), '-infinity') INTO p FROM disinfection_entry e
          WHERE e.site_id = p_site AND e.area = p_area AND e.started_at < p_t AND ${effective('e')};
        SELECT coalesce(min(e.started_at), 'infinity') INTO n FROM disinfection_entry e
          WHERE e.site_id = p_site AND e.area = p_area AND e.started_at > p_t AND ${effective('e')};
        SELECT EXISTS (SELECT 1 FROM disinfection_entry e WHERE e.site_id = p_site AND e.area = p_area AND e.started_at = p_t AND ${effective('e')}) INTO present;
        -- Every row overlapping (p, n) is stale or one of those recomputed here: p and n are
        -- neighbours, so between them there is p_t or nothing.
        DELETE FROM disinfection_lapse l WHERE l.site_id = p_site AND l.area = p_area AND l.gap_to > p AND l.gap_from < n;
        INSERT INTO disinfection_lapse (site_id, area, gap_from, gap_to, lapse_from)
        SELECT p_site, p_area, g.u, g.v, g.u + h
          FROM (SELECT p AS u, p_t AS v WHERE present UNION ALL SELECT p_t, n WHERE present UNION ALL SELECT p, n WHERE NOT present) g
         WHERE g.u = '-infinity' OR g.v = 'infinity' OR g.v - g.u > h;
${after}      END $fn$`;

export class ComplianceDaySets1795909600000 implements MigrationInterface {
  name = 'ComplianceDaySets1795909600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "site_slot" (
      "site_id" uuid PRIMARY KEY REFERENCES site (id) ON DELETE CASCADE,
      "kind" varchar(32) NOT NULL,
      "slot" integer NOT NULL,
      CONSTRAINT "site_slot_kind_slot_key" UNIQUE ("kind", "slot"))`);
    await q.query(`INSERT INTO site_slot (site_id, kind, slot)
      SELECT id, kind, (row_number() OVER (PARTITION BY kind ORDER BY created_at, id) - 1)::int FROM site`);
    await q.query(`ANALYZE site_slot`);
    await q.query(`CREATE FUNCTION site_slot_assign() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- A day holds the sites created before it ended: one recorded as created in the past belongs in days built already.
          PERFORM report_day_invalidate('compliance', NEW.created_at, 'infinity');
          PERFORM report_hour_invalidate(NULL, NULL, NULL);
        END IF;
        IF TG_OP = 'INSERT' OR NEW.kind IS DISTINCT FROM OLD.kind THEN
          PERFORM pg_advisory_xact_lock(727011, hashtext(NEW.kind));
          INSERT INTO site_slot (site_id, kind, slot)
          VALUES (NEW.id, NEW.kind, (SELECT coalesce(max(x.slot) + 1, 0) FROM site_slot x WHERE x.kind = NEW.kind))
          ON CONFLICT (site_id) DO UPDATE SET kind = EXCLUDED.kind, slot = EXCLUDED.slot;
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER site_slot_assign AFTER INSERT OR UPDATE OF kind ON site FOR EACH ROW EXECUTE FUNCTION site_slot_assign()`);

    await q.query(`CREATE TABLE "report_day" (
      "section" varchar(32) NOT NULL,
      "day" date NOT NULL,
      "built_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY ("section", "day"))`);
    await q.query(`CREATE TABLE "report_day_set" (
      "section" varchar(32) NOT NULL,
      "day" date NOT NULL,
      "kind" varchar(32) NOT NULL,
      "chunk" integer NOT NULL,
      "bits" bit(8192) NOT NULL,
      PRIMARY KEY ("section", "day", "kind", "chunk"),
      FOREIGN KEY ("section", "day") REFERENCES report_day (section, day) ON DELETE CASCADE)`);

    // The report reads the lapses that begin, or end, within the partial days of its period
    // (index-only: the lapses of a partial day grow with the area's required areas).
    // (Beginning: the ended ones here, the open-ended ones in disinfection_lapse_open_idx below.)
    await q.query(`CREATE INDEX "disinfection_lapse_from_idx" ON "disinfection_lapse" ("lapse_from") INCLUDE ("site_id", "area", "gap_to") WHERE gap_to <> 'infinity'`);
    await q.query(`CREATE INDEX "disinfection_lapse_to_idx" ON "disinfection_lapse" ("gap_to") INCLUDE ("site_id", "area", "lapse_from")`);

    // The feed watcher's open-ended lapses (FeedBreachIndex), now covering what the report reads of them.
    await q.query(`DROP INDEX "public"."disinfection_lapse_open_idx"`);
    await q.query(`CREATE INDEX "disinfection_lapse_open_idx" ON "disinfection_lapse" ("lapse_from") INCLUDE ("site_id", "area", "gap_from") WHERE gap_to = 'infinity'`);
    // The sites the report judges apart: created after its period began, no longer active.
    await q.query(`CREATE INDEX "site_created_idx" ON "site" ("created_at")`);
    await q.query(`CREATE INDEX "site_inactive_idx" ON "site" ("updated_at") WHERE status <> 'ACTIVE'`);

    // The same one level down, for the report's partial days (report.sql.ts, disinfectionDaysSql):
    //   - 'touch': per closed UTC hour, the required areas a lapse touched in it;
    //   - 'open': per UTC hour, the areas (what 'a') and sites ('s') whose still-open lapse began in it;
    //   - 'open_before': at a UTC midnight, those whose still-open lapse began before it.
    // "In breach at E" is then the open sets before E's hour and the lapses of that hour. They
    // hold every site (any site inserted drops them all).
    await q.query(`CREATE TABLE "report_hour" (
      "section" varchar(32) NOT NULL CHECK (section IN ('touch', 'open', 'open_before')),
      "hour" timestamptz NOT NULL,
      "built_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY ("section", "hour"))`);
    await q.query(`CREATE TABLE "report_hour_set" (
      "section" varchar(32) NOT NULL,
      "hour" timestamptz NOT NULL,
      "kind" varchar(32) NOT NULL,
      "what" char(1) NOT NULL CHECK (what IN ('a', 's')),
      "chunk" integer NOT NULL,
      "bits" bit(8192) NOT NULL,
      PRIMARY KEY ("section", "hour", "kind", "what", "chunk"),
      FOREIGN KEY ("section", "hour") REFERENCES report_hour (section, hour) ON DELETE CASCADE)`);
    // Drops the touch hours that [p_from, p_to] touches and the open sets that hold a lapse
    // beginning at one of p_open (every hour set: p_from NULL), under the day sets' shared lock.
    await q.query(`CREATE FUNCTION report_hour_invalidate(p_from timestamptz, p_to timestamptz, p_open timestamptz[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(727012, 0);
        IF p_from IS NULL THEN
          DELETE FROM report_hour;
          RETURN;
        END IF;
        DELETE FROM report_hour WHERE section = 'touch' AND hour > p_from - interval '1 hour' AND hour <= p_to;
        IF coalesce(cardinality(p_open), 0) > 0 THEN
          DELETE FROM report_hour WHERE section = 'open'
             AND hour = ANY(ARRAY(SELECT date_trunc('hour', x AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM unnest(p_open) x));
          DELETE FROM report_hour WHERE section = 'open_before' AND hour > (SELECT min(x) FROM unnest(p_open) x);
        END IF;
      END $fn$`);

    // Drops the days of a section that [p_from, p_to] touches (UTC days), or every day (NULLs).
    await q.query(`CREATE FUNCTION report_day_invalidate(p_section text, p_from timestamptz, p_to timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(727012, 0);
        IF p_from IS NULL THEN
          DELETE FROM report_day WHERE section = p_section;
          IF p_section = 'compliance' THEN PERFORM report_hour_invalidate(NULL, NULL, NULL); END IF;
        ELSE
          DELETE FROM report_day WHERE section = p_section
             AND day >= (p_from AT TIME ZONE 'UTC')::date AND day <= (p_to AT TIME ZONE 'UTC')::date;
        END IF;
      END $fn$`);

    // The lapse refresh of DisinfectionLapses, which now also drops the days it may have changed:
    // with or without an entry at p_t, the lapses differ only within [p_t, p_t + h].
    // The open-ended lapse changes only when p_t is after the last entry (n = infinity): it began
    // at p + h before, at p_t + h (or still p + h) after.
    await q.query(refreshSql(`        PERFORM report_day_invalidate('compliance', p_t, p_t + h);
        PERFORM report_hour_invalidate(p_t, p_t + h, CASE WHEN n = 'infinity' THEN ARRAY[p + h, p_t + h] END);\n`));
    // A rebuild (a rule changed, a site changed kind, a bulk load) rewrites lapses anywhere in
    // time: the rebuild of DisinfectionLapses, under a new name, behind one that first drops every day.
    await q.query(`ALTER FUNCTION disinfection_lapse_rebuild(uuid) RENAME TO disinfection_lapse_rebuild_lapses`);
    await q.query(`CREATE FUNCTION disinfection_lapse_rebuild(p_site uuid DEFAULT NULL) RETURNS void LANGUAGE sql AS $fn$
      SELECT report_day_invalidate('compliance', NULL, NULL);
      SELECT disinfection_lapse_rebuild_lapses(p_site);
    $fn$`);
    // A site deleted leaves bits no site answers for; one whose creation moves belongs in other days.
    await q.query(`CREATE FUNCTION report_day_invalidate_compliance() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN PERFORM report_day_invalidate('compliance', NULL, NULL); RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER report_day_compliance_site AFTER DELETE OR UPDATE OF created_at ON site FOR EACH STATEMENT EXECUTE FUNCTION report_day_invalidate_compliance()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_day_compliance_site ON site`);
    await q.query(`DROP FUNCTION report_day_invalidate_compliance()`);
    await q.query(`DROP FUNCTION disinfection_lapse_rebuild(uuid)`);
    await q.query(`ALTER FUNCTION disinfection_lapse_rebuild_lapses(uuid) RENAME TO disinfection_lapse_rebuild`);
    await q.query(refreshSql(''));
    await q.query(`DROP FUNCTION report_day_invalidate(text, timestamptz, timestamptz)`);
    await q.query(`DROP FUNCTION report_hour_invalidate(timestamptz, timestamptz, timestamptz[])`);
    await q.query(`DROP TABLE "report_hour_set"`);
    await q.query(`DROP TABLE "report_hour"`);
    await q.query(`DROP INDEX "public"."site_inactive_idx"`);
    await q.query(`DROP INDEX "public"."site_created_idx"`);
    await q.query(`DROP INDEX "public"."disinfection_lapse_open_idx"`);
    await q.query(`CREATE INDEX "disinfection_lapse_open_idx" ON "disinfection_lapse" ("lapse_from") WHERE gap_to = 'infinity'`);
    await q.query(`DROP INDEX "public"."disinfection_lapse_to_idx"`);
    await q.query(`DROP INDEX "public"."disinfection_lapse_from_idx"`);
    await q.query(`DROP TABLE "report_day_set"`);
    await q.query(`DROP TABLE "report_day"`);
    await q.query(`DROP TRIGGER site_slot_assign ON site`);
    await q.query(`DROP FUNCTION site_slot_assign()`);
    await q.query(`DROP TABLE "site_slot"`);
  }
}
