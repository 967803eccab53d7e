import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's NOTIFY only when a statement inserted outbox rows. `hub_event_notify` was a plain
 * statement trigger, and statement triggers fire for statements that insert nothing: every
 * finding written fired it through `feed_finding_sync` (whose INSERT of CRITICAL findings' events
 * inserts no row for the others), so every hub process polled the outbox once per filing for
 * nothing (issue 20: one statement per write, in each hub). Now it reads the statement's
 * transition table and notifies only when it holds a row; the events and their order are
 * unchanged, and the feed still polls on its timer.
 */
export class FeedNotifyOnlyRows1796457000000 implements MigrationInterface {
  name = 'FeedNotifyOnlyRows1796457000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER hub_event_notify ON hub_event`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_event_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (SELECT 1 FROM hub_event_new) THEN
          PERFORM pg_notify('hub_event', '');
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER hub_event_notify AFTER INSERT ON hub_event REFERENCING NEW TABLE AS hub_event_new FOR EACH STATEMENT EXECUTE FUNCTION hub_event_notify()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER hub_event_notify ON hub_event`);
    await q.query(`CREATE OR REPLACE FUNCTION hub_event_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('hub_event', '');
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER hub_event_notify AFTER INSERT ON hub_event FOR EACH STATEMENT EXECUTE FUNCTION hub_event_notify()`);
  }
}
