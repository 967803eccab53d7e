import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A required area's first interval starts at its origin: the later of the site's registration
 * (site.created_at) and the rule's start (disinfection_rule.starts_at, new here: '-infinity' for
 * the rules already in force, the time of insertion for a rule added later). Until then the area
 * is covered, as if disinfected at the origin: a site registered a minute ago is not in breach.
 *
 * The lapses (DisinfectionLapses) are kept from the origin on: the points of an area are its
 * origin and its effective entries after it; rows are kept for consecutive points more than h
 * apart and for (last point, +∞). There is no (−∞, …) row any more. Entries started before the
 * origin do not count (the origin covers them).
 *
 * The site trigger now also rebuilds a site's lapses when its creation time changes.
 */
const effective = (alias: string) => `NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${alias}.id)`;

export const refreshNew = `CREATE OR REPLACE FUNCTION disinfection_lapse_refresh(p_site uuid, p_area text, p_t timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        h interval;
        o timestamptz;
        p timestamptz;
        n timestamptz;
        present boolean;
      BEGIN
        SELECT make_interval(hours => r.max_interval_hours), greatest(s.created_at, r.starts_at) INTO h, o
          FROM site s JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = p_area WHERE s.id = p_site;
        IF h IS NULL THEN RETURN; END IF; -- not a required area of this site
        IF p_t < o THEN RETURN; END IF; -- before the origin: covered by it, no lapse changes
        -- The point before p_t: the last effective entry after the origin, or the origin (none when p_t is the origin).
        SELECT max(x) INTO p FROM (
          SELECT e.started_at AS x FROM disinfection_entry e
           WHERE e.site_id = p_site AND e.area = p_area AND e.started_at < p_t AND e.started_at > o AND ${effective('e')}
          UNION ALL SELECT o WHERE o < p_t) y;
        SELECT coalesce(min(e.started_at), 'infinity') INTO n FROM disinfection_entry e
          WHERE e.site_id = p_site AND e.area = p_area AND e.started_at > p_t AND ${effective('e')};
        SELECT p_t = o OR EXISTS (SELECT 1 FROM disinfection_entry e WHERE e.site_id = p_site AND e.area = p_area AND e.started_at = p_t AND ${effective('e')}) INTO present;
        -- Every row overlapping (p, n) is stale or one of those recomputed here: p and n are
        -- neighbours, so between them there is p_t or nothing.
        DELETE FROM disinfection_lapse l WHERE l.site_id = p_site AND l.area = p_area AND (p IS NULL OR l.gap_to > p) AND l.gap_from < n;
        INSERT INTO disinfection_lapse (site_id, area, gap_from, gap_to, lapse_from)
        SELECT p_site, p_area, g.u, g.v, g.u + h
          FROM (SELECT p AS u, p_t AS v WHERE present AND p IS NOT NULL UNION ALL SELECT p_t, n WHERE present UNION ALL SELECT p, n WHERE NOT present) g
         WHERE g.v = 'infinity' OR g.v - g.u > h;
        PERFORM report_day_invalidate('compliance', p_t, p_t + h);
        PERFORM report_hour_invalidate(p_t, p_t + h, CASE WHEN n = 'infinity' THEN ARRAY[coalesce(p, p_t) + h, p_t + h] END);
      END $fn$`;

const refreshOld = `CREATE OR REPLACE FUNCTION disinfection_lapse_refresh(p_site uuid, p_area text, p_t timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
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
        PERFORM report_day_invalidate('compliance', p_t, p_t + h);
        PERFORM report_hour_invalidate(p_t, p_t + h, CASE WHEN n = 'infinity' THEN ARRAY[p + h, p_t + h] END);
      END $fn$`;

const rebuild = (origin: boolean) => `CREATE OR REPLACE FUNCTION disinfection_lapse_rebuild_lapses(p_site uuid DEFAULT NULL) RETURNS void LANGUAGE sql AS $fn$
      DELETE FROM disinfection_site_log WHERE p_site IS NULL OR site_id = p_site;
      INSERT INTO disinfection_site_log (site_id, last_recorded_at)
      SELECT site_id, max(recorded_at) FROM disinfection_entry WHERE p_site IS NULL OR site_id = p_site GROUP BY site_id;
      DELETE FROM disinfection_lapse WHERE p_site IS NULL OR site_id = p_site;
      ${
        origin
          ? `WITH req AS (
        SELECT s.id AS site_id, r.area, make_interval(hours => r.max_interval_hours) AS h, greatest(s.created_at, r.starts_at) AS o
          FROM site s JOIN disinfection_rule r ON r.site_kind = s.kind WHERE p_site IS NULL OR s.id = p_site
      ), t AS ( -- the points: the origin and the effective entries after it
        SELECT e.site_id, e.area, e.started_at FROM disinfection_entry e JOIN req ON req.site_id = e.site_id AND req.area = e.area
         WHERE e.started_at > req.o AND ${effective('e')}
        UNION SELECT site_id, area, o FROM req
      ), g AS (
        SELECT site_id, area, lag(started_at) OVER (PARTITION BY site_id, area ORDER BY started_at) AS u, started_at AS v FROM t
        UNION ALL SELECT site_id, area, max(started_at), 'infinity' FROM t GROUP BY site_id, area
      )
      INSERT INTO disinfection_lapse (site_id, area, gap_from, gap_to, lapse_from)
      SELECT g.site_id, g.area, g.u, g.v, g.u + req.h FROM g JOIN req ON req.site_id = g.site_id AND req.area = g.area
       WHERE g.u IS NOT NULL AND (g.v = 'infinity' OR g.v - g.u > req.h);`
          : `WITH req AS (
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
       WHERE g.u = '-infinity' OR g.v = 'infinity' OR g.v - g.u > req.h;`
      }
    $fn$`;

const siteTrigger = (origin: boolean) => `CREATE OR REPLACE FUNCTION disinfection_lapse_site() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO disinfection_lapse (site_id, area, gap_from, gap_to, lapse_from)
          ${
            origin
              ? `SELECT NEW.id, r.area, greatest(NEW.created_at, r.starts_at), 'infinity', greatest(NEW.created_at, r.starts_at) + make_interval(hours => r.max_interval_hours)`
              : `SELECT NEW.id, r.area, '-infinity', 'infinity', '-infinity'`
          } FROM disinfection_rule r WHERE r.site_kind = NEW.kind;
        ELSIF NEW.kind IS DISTINCT FROM OLD.kind${origin ? ' OR NEW.created_at IS DISTINCT FROM OLD.created_at' : ''} THEN
          PERFORM pg_advisory_xact_lock(727004, hashtext(NEW.id::text));
          PERFORM disinfection_lapse_rebuild(NEW.id);
        END IF;
        RETURN NULL;
      END $fn$`;

export class DisinfectionOrigin1796455535524 implements MigrationInterface {
  name = 'DisinfectionOrigin1796455535524';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "disinfection_rule" ADD "starts_at" timestamptz NOT NULL DEFAULT '-infinity'`);
    await q.query(`ALTER TABLE "disinfection_rule" ALTER COLUMN "starts_at" SET DEFAULT now()`);
    await q.query(refreshNew);
    await q.query(rebuild(true));
    await q.query(siteTrigger(true));
    await q.query(`DROP TRIGGER disinfection_lapse_site ON site`);
    await q.query(`CREATE TRIGGER disinfection_lapse_site AFTER INSERT OR UPDATE OF kind, created_at ON site FOR EACH ROW EXECUTE FUNCTION disinfection_lapse_site()`);
    await q.query(`SELECT disinfection_lapse_rebuild(NULL)`);
    // The rebuild moves every never-logged area's open lapse from -infinity to its origin, which
    // the live feed's queue (FeedBreachQueue) takes for a new lapse. Breaches already due at deploy
    // are not announced a second time, as FeedBreachQueue itself does at deploy.
    await q.query(`UPDATE feed_open_lapse SET announced = true WHERE NOT announced AND due <= now()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER disinfection_lapse_site ON site`);
    await q.query(`CREATE TRIGGER disinfection_lapse_site AFTER INSERT OR UPDATE OF kind ON site FOR EACH ROW EXECUTE FUNCTION disinfection_lapse_site()`);
    await q.query(siteTrigger(false));
    await q.query(rebuild(false));
    await q.query(refreshOld);
    await q.query(`ALTER TABLE "disinfection_rule" DROP COLUMN "starts_at"`);
    await q.query(`SELECT disinfection_lapse_rebuild(NULL)`);
  }
}
