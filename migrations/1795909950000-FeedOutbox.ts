import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `status NOT IN ('VERIFIED','WITHDRAWN')`;
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The live feed's transactional outbox (issue 16).
 *
 * - `hub_event`: one row per event, written in the transaction of the change it announces. A
 *   BEFORE trigger stamps `tx_id` with the writer's pg_current_xact_id() (xid8, as bigint); an
 *   AFTER statement trigger sends NOTIFY hub_event, which PostgreSQL delivers only on commit, to
 *   every hub process that LISTENs. Readers take rows in (tx_id, seq) order and only those with
 *   tx_id below the xmin of their snapshot (every transaction below it has ended), so a row
 *   whose transaction commits late is never passed over (src/modules/feed/feed-outbox.ts).
 * - A CRITICAL finding inserted (by any path: raiseFinding, fileInspection, offline filings)
 *   writes its CRITICAL_FINDING_RAISED row from a statement trigger on `finding`.
 * - `feed_overdue_pending`: the open findings whose deadline (not paused) has not yet been
 *   announced as overdue, kept by statement triggers on `finding`: inserted when a finding
 *   becomes open and unpaused or its deadline moves, deleted when it is closed or paused. The
 *   watcher announces and deletes the rows whose deadline has passed, in one transaction with
 *   the outbox rows, so a finding filed already overdue is announced at the next scan, once.
 *   There is no entity: only these triggers and the watcher touch it.
 * - `feed_watermark` gains a position (tx_id, seq): for name 'outbox', the last row retention
 *   deleted; a cursor before it is refused.
 */
export class FeedOutbox1795909950000 implements MigrationInterface {
  name = 'FeedOutbox1795909950000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "hub_event" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tx_id" bigint NOT NULL, "kind" character varying(32) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "message" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_f5e86b3af3f9999b86434289d46" PRIMARY KEY ("seq"))`);
    await q.query(`CREATE INDEX "hub_event_recorded_idx" ON "hub_event"  ("recorded_at") `);
    await q.query(`CREATE UNIQUE INDEX "hub_event_position_uq" ON "hub_event"  ("tx_id", "seq") `);
    await q.query(`ALTER TABLE "feed_watermark" ADD "tx_id" bigint`);
    await q.query(`ALTER TABLE "feed_watermark" ADD "seq" bigint`);

    await q.query(`CREATE FUNCTION hub_event_stamp() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.tx_id := pg_current_xact_id()::text::bigint;
        RETURN NEW;
      END $fn$`);
    await q.query(`CREATE TRIGGER hub_event_stamp BEFORE INSERT ON hub_event FOR EACH ROW EXECUTE FUNCTION hub_event_stamp()`);
    await q.query(`CREATE FUNCTION hub_event_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('hub_event', '');
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER hub_event_notify AFTER INSERT ON hub_event FOR EACH STATEMENT EXECUTE FUNCTION hub_event_notify()`);

    await q.query(`CREATE TABLE "feed_overdue_pending" ("finding_id" uuid PRIMARY KEY, "deadline" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "feed_overdue_pending_deadline_idx" ON "feed_overdue_pending" ("deadline")`);
    await q.query(`INSERT INTO feed_overdue_pending (finding_id, deadline)
      SELECT id, deadline FROM finding WHERE ${OPEN} AND NOT deadline_paused AND deadline > now()`);

    // PL/pgSQL plans a branch only when it runs, so each names only the transition tables its event has.
    await q.query(`CREATE FUNCTION feed_finding_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO hub_event (kind, occurred_at, site_id, entity_type, entity_id, message, data)
          SELECT 'CRITICAL_FINDING_RAISED', n.raised_at, n.site_id, 'Finding', n.id::text,
                 '发现重大隐患 / critical finding raised: ' || n.title,
                 jsonb_build_object('severity', n.severity, 'deadline', ${ISO('n.deadline')}, 'inspectionId', n.inspection_id, 'itemCode', n.item_code)
            FROM feed_finding_new n WHERE n.severity = 'CRITICAL';
          INSERT INTO feed_overdue_pending (finding_id, deadline)
          SELECT n.id, n.deadline FROM feed_finding_new n WHERE n.${OPEN} AND NOT n.deadline_paused
          ON CONFLICT (finding_id) DO UPDATE SET deadline = EXCLUDED.deadline;
        ELSE
          DELETE FROM feed_overdue_pending p
           USING feed_finding_new n JOIN feed_finding_old o ON o.id = n.id
           WHERE p.finding_id = n.id AND NOT (n.${OPEN} AND NOT n.deadline_paused) AND (o.${OPEN} AND NOT o.deadline_paused);
          INSERT INTO feed_overdue_pending (finding_id, deadline)
          SELECT n.id, n.deadline FROM feed_finding_new n JOIN feed_finding_old o ON o.id = n.id
           WHERE n.${OPEN} AND NOT n.deadline_paused
             AND (NOT (o.${OPEN} AND NOT o.deadline_paused) OR o.deadline IS DISTINCT FROM n.deadline)
          ON CONFLICT (finding_id) DO UPDATE SET deadline = EXCLUDED.deadline;
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER feed_finding_insert AFTER INSERT ON finding REFERENCING NEW TABLE AS feed_finding_new FOR EACH STATEMENT EXECUTE FUNCTION feed_finding_sync()`);
    await q.query(`CREATE TRIGGER feed_finding_update AFTER UPDATE ON finding REFERENCING OLD TABLE AS feed_finding_old NEW TABLE AS feed_finding_new FOR EACH STATEMENT EXECUTE FUNCTION feed_finding_sync()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER feed_finding_update ON finding`);
    await q.query(`DROP TRIGGER feed_finding_insert ON finding`);
    await q.query(`DROP FUNCTION feed_finding_sync()`);
    await q.query(`DROP TABLE "feed_overdue_pending"`);
    await q.query(`DROP TRIGGER hub_event_notify ON hub_event`);
    await q.query(`DROP FUNCTION hub_event_notify()`);
    await q.query(`DROP TRIGGER hub_event_stamp ON hub_event`);
    await q.query(`DROP FUNCTION hub_event_stamp()`);
    await q.query(`ALTER TABLE "feed_watermark" DROP COLUMN "seq"`);
    await q.query(`ALTER TABLE "feed_watermark" DROP COLUMN "tx_id"`);
    await q.query(`DROP INDEX "public"."hub_event_position_uq"`);
    await q.query(`DROP INDEX "public"."hub_event_recorded_idx"`);
    await q.query(`DROP TABLE "hub_event"`);
  }
}
