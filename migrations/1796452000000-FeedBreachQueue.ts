import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a required area's open-ended lapse breaches: cover ran out, or, never logged, the interval since the site was created. */
const DUE = (l: string, s: string, r: string) => `CASE WHEN ${l}.gap_from = '-infinity' THEN ${s}.created_at + make_interval(hours => ${r}.max_interval_hours) ELSE ${l}.lapse_from END`;

/**
 * The live feed's compliance breaches as a queue kept by the database (issue 16, "clock events
 * without holes"), in place of the watcher's watermark scan, which missed every breach that
 * began before its watermark: an entry recorded late (backdated) or corrected, a rule added or
 * shortened, a site created (or reopened) already overdue.
 *
 * `feed_open_lapse`: one row per required area (site, area), mirroring its open-ended lapse
 * (`disinfection_lapse` with gap_to = infinity: each required area has exactly one): `gap_from`
 * (the last effective entry, '-infinity' when never logged) says which lapse it is, `due` when
 * it breaches (cover ran out: lapse_from; never logged: the site's created_at + the interval),
 * `announced` whether the feed has announced it. Kept by a statement trigger on
 * disinfection_lapse: every time the open-ended lapse is (re)written, the row takes its
 * gap_from and due, and stays announced only if it is the same lapse (same gap_from) as the one
 * announced. The watcher announces the rows not announced whose due has passed and marks them,
 * in one transaction with the outbox rows (one partial-index range, like the watermark scan).
 * A site reopened has its rows announced again if still in breach. No entity names the table.
 *
 * Existing rows start announced when due at or before the old watermark (or now): what the old
 * scan announced, or was past its window, is not announced a second time at deploy.
 */
export class FeedBreachQueue1796452000000 implements MigrationInterface {
  name = 'FeedBreachQueue1796452000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "feed_open_lapse" (
      "site_id" uuid NOT NULL REFERENCES site (id) ON DELETE CASCADE,
      "area" varchar(32) NOT NULL,
      "gap_from" timestamptz NOT NULL,
      "due" timestamptz NOT NULL,
      "announced" boolean NOT NULL DEFAULT false,
      PRIMARY KEY ("site_id", "area"))`);
    await q.query(`INSERT INTO feed_open_lapse (site_id, area, gap_from, due, announced)
      SELECT l.site_id, l.area, l.gap_from, d.due, d.due <= coalesce((SELECT scanned_to FROM feed_watermark WHERE name = 'clock'), now())
        FROM disinfection_lapse l JOIN site s ON s.id = l.site_id JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = l.area
        CROSS JOIN LATERAL (SELECT ${DUE('l', 's', 'r')} AS due) d
       WHERE l.gap_to = 'infinity'`);
    await q.query(`CREATE INDEX "feed_open_lapse_due_idx" ON "feed_open_lapse" ("due") WHERE NOT announced`);
    await q.query(`DELETE FROM feed_watermark WHERE name = 'clock'`);

    await q.query(`CREATE FUNCTION feed_open_lapse_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO feed_open_lapse AS o (site_id, area, gap_from, due, announced)
        SELECT n.site_id, n.area, n.gap_from, ${DUE('n', 's', 'r')}, false
          FROM feed_lapse_new n JOIN site s ON s.id = n.site_id JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = n.area
         WHERE n.gap_to = 'infinity'
        ON CONFLICT (site_id, area) DO UPDATE
           SET gap_from = EXCLUDED.gap_from, due = EXCLUDED.due, announced = o.announced AND o.gap_from = EXCLUDED.gap_from
         WHERE o.gap_from IS DISTINCT FROM EXCLUDED.gap_from OR o.due IS DISTINCT FROM EXCLUDED.due;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER feed_open_lapse_sync AFTER INSERT ON disinfection_lapse REFERENCING NEW TABLE AS feed_lapse_new FOR EACH STATEMENT EXECUTE FUNCTION feed_open_lapse_sync()`);

    await q.query(`CREATE FUNCTION feed_site_reopen() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE feed_open_lapse SET announced = false WHERE site_id = NEW.id AND announced;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER feed_site_reopen AFTER UPDATE OF status ON site FOR EACH ROW WHEN (OLD.status <> 'ACTIVE' AND NEW.status = 'ACTIVE') EXECUTE FUNCTION feed_site_reopen()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER feed_site_reopen ON site`);
    await q.query(`DROP FUNCTION feed_site_reopen()`);
    await q.query(`DROP TRIGGER feed_open_lapse_sync ON disinfection_lapse`);
    await q.query(`DROP FUNCTION feed_open_lapse_sync()`);
    await q.query(`DROP TABLE "feed_open_lapse"`);
    // The watermark scan resumes from now.
    await q.query(`INSERT INTO feed_watermark (name, scanned_to) VALUES ('clock', now()) ON CONFLICT (name) DO NOTHING`);
  }
}
