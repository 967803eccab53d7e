import { MigrationInterface, QueryRunner } from 'typeorm';

/** The entry trigger's function (migration DisinfectionEntryNeighbours moves its site-log upsert out). */
export const lapseEntryFunction = `CREATE FUNCTION disinfection_lapse_entry() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        replaced record;
      BEGIN
        PERFORM pg_advisory_xact_lock(727004, hashtext(NEW.site_id::text));
        INSERT INTO disinfection_site_log (site_id, last_recorded_at) VALUES (NEW.site_id, NEW.recorded_at)
          ON CONFLICT (site_id) DO UPDATE SET last_recorded_at = greatest(disinfection_site_log.last_recorded_at, EXCLUDED.last_recorded_at);
        IF NEW.corrects_id IS NOT NULL THEN
          SELECT area, started_at INTO replaced FROM disinfection_entry WHERE id = NEW.corrects_id;
          PERFORM disinfection_lapse_refresh(NEW.site_id, replaced.area, replaced.started_at);
        END IF;
        PERFORM disinfection_lapse_refresh(NEW.site_id, NEW.area, NEW.started_at);
        RETURN NULL;
      END $fn$`;

/**
 * Lapses of disinfection cover, kept by the database as entries are written, so that the
 * report's compliance reads the few stretches that matter instead of walking every entry of the
 * period (src/modules/report/report.sql.ts, disinfectionSql).
 *
 * For a required area (a site and an area its kind's rule names, every h hours) take the
 * effective entries (those no correction replaces) and their distinct start times
 * s1 < s2 < … < sn. A row (gap_from u, gap_to v) is kept for each pair of consecutive times
 * more than h apart, for (−∞, s1) and for (sn, +∞), and a single (−∞, +∞) for an area never
 * logged. `lapse_from` = u + h is when cover ran out; cover comes back at `gap_to`. Between
 * them the area was in breach; at any other time it was covered.
 *
 * Kept by triggers, in the writer's transaction:
 *   - an entry inserted (a correction also removes the entry it replaces): the rows around its
 *     time are recomputed from the entries there (disinfection_lapse_refresh), under a lock per
 *     site, so concurrent writers of one site take turns and writers of different sites never wait;
 *   - a site created: one (−∞, +∞) row per required area; its kind changed, or any rule changed:
 *     rebuilt from its entries (disinfection_lapse_rebuild).
 * There is no entity: only these functions write the table and only the report reads it.
 */
export class DisinfectionLapses1795909200000 implements MigrationInterface {
  name = 'DisinfectionLapses1795909200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "disinfection_lapse" (
      "id" bigserial PRIMARY KEY,
      "site_id" uuid NOT NULL REFERENCES site (id) ON DELETE CASCADE,
      "area" varchar(32) NOT NULL,
      "gap_from" timestamptz NOT NULL,
      "gap_to" timestamptz NOT NULL,
      "lapse_from" timestamptz NOT NULL,
      CONSTRAINT "disinfection_lapse_order_check" CHECK (gap_from < gap_to AND lapse_from < gap_to))`);
    // When each site's log last took an entry: the report judges a site from its lapses only when
    // its log took nothing after the cutoff.
    await q.query(`CREATE TABLE "disinfection_site_log" (
      "site_id" uuid PRIMARY KEY REFERENCES site (id) ON DELETE CASCADE,
      "last_recorded_at" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "disinfection_site_log_recorded_idx" ON "disinfection_site_log" ("last_recorded_at")`);
    await q.query(`CREATE INDEX "disinfection_lapse_area_idx" ON "disinfection_lapse" ("site_id", "area", "gap_to")`);
    await q.query(`CREATE INDEX "disinfection_lapse_span_idx" ON "disinfection_lapse" USING gist (tstzrange(lapse_from, gap_to, '[]'))`);

    const effective = (alias: string) => `NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${alias}.id)`;
    await q.query(`CREATE FUNCTION disinfection_lapse_refresh(p_site uuid, p_area text, p_t timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
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
      END $fn$`);

    await q.query(lapseEntryFunction);
    // An AFTER ROW trigger runs once the whole statement is in, so a batch of entries sees itself.
    await q.query(`CREATE TRIGGER disinfection_lapse_entry AFTER INSERT ON disinfection_entry FOR EACH ROW EXECUTE FUNCTION disinfection_lapse_entry()`);

    // Rebuilt from the entries: one site, or (NULL) every site.
    await q.query(`CREATE FUNCTION disinfection_lapse_rebuild(p_site uuid DEFAULT NULL) RETURNS void LANGUAGE sql AS $fn$
      DELETE FROM disinfection_site_log WHERE p_site IS NULL OR site_id = p_site;
      INSERT INTO disinfection_site_log (site_id, last_recorded_at)
      SELECT site_id, max(recorded_at) FROM disinfection_entry WHERE p_site IS NULL OR site_id = p_site GROUP BY site_id;
      DELETE FROM disinfection_lapse WHERE p_site IS NULL OR site_id = p_site;
      WITH req AS (
        SELECT s.id AS site_id, r.area, make_interval(hours => r.max_interval_hours) AS h
          FROM site s JOIN disinfection_rule r ON r.site_kind = s.kind WHERE p_site IS NULL OR s.id = p_site
      ), t AS (
        SELECT DISTINCT e.site_id, e.area, e.started_at FROM disinfection_entry e JOIN req ON req.site_id = e.site_id AND req.area = e.area
         WHERE ${effective('e')}
      ), g AS (
        SELECT site_id, area, lag(started_at, 1, '-infinity') OVER (PARTITION BY site_id, area ORDER BY started_at) AS u, started_at AS v FROM t
        UNION ALL SELECT site_id, area, max(started_at), 'infinity' FROM t GROUP BY site_id, area
        UNION ALL SELECT req.site_id, req.area, '-infinity', 'infinity' FROM req
         WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.site_id = req.site_id AND t.area = req.area)
      )
      INSERT INTO disinfection_lapse (site_id, area, gap_from, gap_to, lapse_from)
      SELECT g.site_id, g.area, g.u, g.v, g.u + req.h FROM g JOIN req ON req.site_id = g.site_id AND req.area = g.area
       WHERE g.u = '-infinity' OR g.v = 'infinity' OR g.v - g.u > req.h;
    $fn$`);

    await q.query(`CREATE FUNCTION disinfection_lapse_site() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO disinfection_lapse (site_id, area, gap_from, gap_to, lapse_from)
          SELECT NEW.id, r.area, '-infinity', 'infinity', '-infinity' FROM disinfection_rule r WHERE r.site_kind = NEW.kind;
        ELSIF NEW.kind IS DISTINCT FROM OLD.kind THEN
          PERFORM pg_advisory_xact_lock(727004, hashtext(NEW.id::text));
          PERFORM disinfection_lapse_rebuild(NEW.id);
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER disinfection_lapse_site AFTER INSERT OR UPDATE OF kind ON site FOR EACH ROW EXECUTE FUNCTION disinfection_lapse_site()`);

    await q.query(`CREATE FUNCTION disinfection_lapse_rules() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN PERFORM disinfection_lapse_rebuild(NULL); RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER disinfection_lapse_rules AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disinfection_rule FOR EACH STATEMENT EXECUTE FUNCTION disinfection_lapse_rules()`);

    // The entries already there.
    await q.query(`SELECT disinfection_lapse_rebuild(NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER disinfection_lapse_rules ON disinfection_rule`);
    await q.query(`DROP TRIGGER disinfection_lapse_site ON site`);
    await q.query(`DROP TRIGGER disinfection_lapse_entry ON disinfection_entry`);
    await q.query(`DROP FUNCTION disinfection_lapse_rules()`);
    await q.query(`DROP FUNCTION disinfection_lapse_site()`);
    await q.query(`DROP FUNCTION disinfection_lapse_entry()`);
    await q.query(`DROP FUNCTION disinfection_lapse_rebuild(uuid)`);
    await q.query(`DROP FUNCTION disinfection_lapse_refresh(uuid, text, timestamptz)`);
    await q.query(`DROP TABLE "disinfection_lapse"`);
    await q.query(`DROP TABLE "disinfection_site_log"`);
  }
}
