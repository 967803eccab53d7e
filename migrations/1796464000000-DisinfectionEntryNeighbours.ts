import { MigrationInterface, QueryRunner } from 'typeorm';
import { lapseEntryFunction } from './1795909200000-DisinfectionLapses';
import { refreshNew as lapseRefreshByAggregate } from './1796455535524-DisinfectionOrigin';

// (a migration file exports only strings besides its class: TypeORM takes every exported function for a migration)
const effective = (alias: string) => `NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${alias}.id)`;

/**
 * The effective entry of an area just before `t` (after `after`, if given), or the first at or
 * after it (`from`: >=, `after`: >): ORDER BY … LIMIT 1, one step of the (site_id, area,
 * started_at) index. A max() or min() with the effectiveness check is not turned into that by the
 * planner: it read every entry of the area (0.3 ms for 167 entries, growing with the log).
 */
const lastBefore = (site: string, area: string, t: string, after?: string) => `(SELECT e.started_at FROM disinfection_entry e
          WHERE e.site_id = ${site} AND e.area = ${area} AND e.started_at < ${t}${after ? ` AND e.started_at > ${after}` : ''} AND ${effective('e')}
          ORDER BY e.started_at DESC LIMIT 1)`;
const firstFrom = (site: string, area: string, t: string, op: '>=' | '>') => `(SELECT e.started_at FROM disinfection_entry e
          WHERE e.site_id = ${site} AND e.area = ${area} AND e.started_at ${op} ${t} AND ${effective('e')}
          ORDER BY e.started_at LIMIT 1)`;

/** The lapse refresh (migration DisinfectionOrigin) with its two neighbour lookups by the index. */
const lapseRefresh = [
  [
    `SELECT max(x) INTO p FROM (
          SELECT e.started_at AS x FROM disinfection_entry e
           WHERE e.site_id = p_site AND e.area = p_area AND e.started_at < p_t AND e.started_at > o AND ${effective('e')}
          UNION ALL SELECT o WHERE o < p_t) y;`,
    `p := coalesce(${lastBefore('p_site', 'p_area', 'p_t', 'o')}, CASE WHEN o < p_t THEN o END);`,
  ],
  [
    `SELECT coalesce(min(e.started_at), 'infinity') INTO n FROM disinfection_entry e
          WHERE e.site_id = p_site AND e.area = p_area AND e.started_at > p_t AND ${effective('e')};`,
    `n := coalesce(${firstFrom('p_site', 'p_area', 'p_t', '>')}, 'infinity');`,
  ],
].reduce((sql, [from, to]) => {
  if (!sql.includes(from)) throw new Error('DisinfectionEntryNeighbours: the lapse refresh is not as DisinfectionOrigin wrote it');
  return sql.replace(from, to);
}, lapseRefreshByAggregate);

/** The lapse trigger's function (migration DisinfectionLapses), with or without keeping disinfection_site_log. */
const SITE_LOG_UPSERT = `
        INSERT INTO disinfection_site_log (site_id, last_recorded_at) VALUES (NEW.site_id, NEW.recorded_at)
          ON CONFLICT (site_id) DO UPDATE SET last_recorded_at = greatest(disinfection_site_log.last_recorded_at, EXCLUDED.last_recorded_at);`;
const lapseEntry = (siteLog: boolean) => {
  if (!lapseEntryFunction.includes(SITE_LOG_UPSERT)) throw new Error('DisinfectionEntryNeighbours: the lapse trigger is not as DisinfectionLapses wrote it');
  return lapseEntryFunction.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION').replace(SITE_LOG_UPSERT, siteLog ? SITE_LOG_UPSERT : '');
};

/**
 * Each disinfection entry keeps, from when it was written, the start of the effective entry of
 * its area just before it (`prev_started_at`, `-infinity` for none) and the first one at or after
 * it (`next_started_at`, another at the same instant included; `infinity` for none). NULL: not
 * known (the entries written before this migration, and those whose neighbours changed later, see
 * below); the report then reads the entries themselves, as it did before.
 *
 * What it is for: a report as of a past cutoff judges an area whose log changed after the cutoff
 * only by plain entries (report-sql.disinfection.ts, `adjusted`) by walking its log as it stood at
 * the cutoff from q, the last entry then before the area's first late entry m, through the entries
 * of [m, E] effective then: one index probe per such area (~6,000 at province for a cutoff 10 days
 * back). The entry at m was recorded after the cutoff, so every entry effective at the cutoff was
 * there when it was written: if its next is after E, none of them lies in [m, E], and its prev is
 * q. Then the area failed exactly when E − q exceeds its interval, and is in breach at E likewise,
 * without a probe.
 *
 * That holds only if an entry's neighbours account for every entry recorded before it. Written
 * under the site's lock (the lapse trigger's, taken here first), an entry sees every entry of the
 * site committed before it. One recorded earlier than an entry the site already has (a slow
 * writer, a clock set back, a bulk load in any order; disinfection_site_log, now kept here row by
 * row rather than by the lapse trigger at the end of the statement, says so) clears the
 * neighbours of the entries recorded after it that it falls between, in its area and, for a
 * correction, around the entry it replaces, so that those are read from the entries again.
 * Clearing these two columns is the one UPDATE the append-only trigger allows.
 *
 * The lapse refresh (DisinfectionLapses, DisinfectionOrigin) looks up the same neighbours; both now
 * take one step of the index for each (`lastBefore`, `firstFrom`) rather than reading the area's
 * whole log (scripts/bench/disinfection-trigger-cost.ts measures what each trigger costs a writer).
 */
export class DisinfectionEntryNeighbours1796464000000 implements MigrationInterface {
  name = 'DisinfectionEntryNeighbours1796464000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "disinfection_entry" ADD "prev_started_at" TIMESTAMP WITH TIME ZONE, ADD "next_started_at" TIMESTAMP WITH TIME ZONE`);

    // Clears the neighbours of the entries of an area recorded after `p_rec` that an entry at
    // `p_t` (written, or replaced by a correction) falls between (or on).
    await q.query(`CREATE FUNCTION disinfection_entry_neighbours_clear(p_site uuid, p_area text, p_t timestamptz, p_rec timestamptz) RETURNS void LANGUAGE sql AS $fn$
      UPDATE disinfection_entry e SET prev_started_at = NULL, next_started_at = NULL
       WHERE e.site_id = p_site AND e.area = p_area AND e.recorded_at > p_rec AND e.prev_started_at <= p_t AND e.next_started_at >= p_t;
    $fn$`);
    await q.query(`CREATE FUNCTION disinfection_entry_neighbours() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        last_recorded timestamptz;
        replaced record;
      BEGIN
        PERFORM pg_advisory_xact_lock(727004, hashtext(NEW.site_id::text));
        NEW.prev_started_at := coalesce(${lastBefore('NEW.site_id', 'NEW.area', 'NEW.started_at')}, '-infinity');
        NEW.next_started_at := coalesce(${firstFrom('NEW.site_id', 'NEW.area', 'NEW.started_at', '>=')}, 'infinity');
        -- The latest recorded time of the site's entries written so far (this statement's earlier
        -- rows included): this one is later, or it was recorded before one already written.
        SELECT l.last_recorded_at INTO last_recorded FROM disinfection_site_log l WHERE l.site_id = NEW.site_id;
        IF last_recorded IS NULL OR last_recorded < NEW.recorded_at THEN
          INSERT INTO disinfection_site_log (site_id, last_recorded_at) VALUES (NEW.site_id, NEW.recorded_at)
            ON CONFLICT (site_id) DO UPDATE SET last_recorded_at = EXCLUDED.last_recorded_at;
        ELSIF last_recorded > NEW.recorded_at THEN
          PERFORM disinfection_entry_neighbours_clear(NEW.site_id, NEW.area, NEW.started_at, NEW.recorded_at);
          IF NEW.corrects_id IS NOT NULL THEN
            SELECT area, started_at INTO replaced FROM disinfection_entry WHERE id = NEW.corrects_id;
            IF FOUND THEN PERFORM disinfection_entry_neighbours_clear(NEW.site_id, replaced.area, replaced.started_at, NEW.recorded_at); END IF;
          END IF;
        END IF;
        RETURN NEW;
      END $fn$`);
    await q.query(`CREATE TRIGGER disinfection_entry_neighbours BEFORE INSERT ON disinfection_entry FOR EACH ROW EXECUTE FUNCTION disinfection_entry_neighbours()`);
    // The site's latest recorded time is now kept there, row by row as they are written (the
    // lapse trigger runs at the end of the statement).
    await q.query(lapseEntry(false));
    // And the lapse refresh finds its neighbours by the index, as the trigger above does.
    await q.query(lapseRefresh);

    // Append-only, but for clearing the neighbours (nothing else of the row may change).
    await q.query(`CREATE OR REPLACE FUNCTION disinfection_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.prev_started_at IS NULL AND NEW.next_started_at IS NULL
           AND (to_jsonb(NEW) - 'prev_started_at' - 'next_started_at') = (to_jsonb(OLD) - 'prev_started_at' - 'next_started_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'disinfection entries are append-only: % is not allowed; record a correction instead', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION disinfection_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'disinfection entries are append-only: % is not allowed; record a correction instead', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(lapseRefreshByAggregate);
    await q.query(lapseEntry(true));
    await q.query(`DROP TRIGGER disinfection_entry_neighbours ON disinfection_entry`);
    await q.query(`DROP FUNCTION disinfection_entry_neighbours()`);
    await q.query(`DROP FUNCTION disinfection_entry_neighbours_clear(uuid, text, timestamptz, timestamptz)`);
    await q.query(`ALTER TABLE "disinfection_entry" DROP COLUMN "next_started_at", DROP COLUMN "prev_started_at"`);
  }
}
