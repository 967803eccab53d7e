import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A new hour section of the compliance sets (ComplianceDaySets), 'through': per UTC hour H, the
 * required areas ('a') and sites ('s') with an ended lapse that covers the whole hour (began
 * before H, ends at H + 1 h or later). "In breach at E" needs every lapse under way at the
 * period's end E. The open-ended ones are in the open sets; the ended ones were read one by one,
 * every lapse ending after E, which for a period that ended weeks ago is every lapse under way
 * then (~20,700 at province, a month back: ~100 ms of a past month's report). With E's hour's
 * set, only the ended lapses under way at E that touch its hour are read: those that end in it
 * after E (and those that began in it before the stretch the report reads from the lapses). An
 * area has one lapse under way at any instant, so the set and the rows never overlap in what they
 * add.
 *
 * Built on demand, like the other hour sets, for the closed hour of a report's E; dropped by the
 * writes that change what it holds (report_hour_invalidate, redefined here):
 *   - an entry written or corrected at t changes the lapses only within [t, t + interval]: the
 *     hours that touches go, as the touch sets do;
 *   - when t is after the area's last entry, its open-ended lapse moves, and an ended lapse
 *     appears (or goes) between the old start of the open-ended one and the new: the through
 *     hours of that stretch go, besides the open sets;
 *   - a site inserted, a rebuild: every hour set goes (as before).
 */
const invalidate = (through: boolean) => `CREATE OR REPLACE FUNCTION report_hour_invalidate(p_from timestamptz, p_to timestamptz, p_open timestamptz[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(727012, 0);
        IF p_from IS NULL THEN
          DELETE FROM report_hour;
          RETURN;
        END IF;
        DELETE FROM report_hour WHERE section ${through ? "IN ('touch', 'through')" : "= 'touch'"} AND hour > p_from - interval '1 hour' AND hour <= p_to;
        IF coalesce(cardinality(p_open), 0) > 0 THEN
          DELETE FROM report_hour WHERE section = 'open'
             AND hour = ANY(ARRAY(SELECT date_trunc('hour', x AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM unnest(p_open) x));
          DELETE FROM report_hour WHERE section = 'open_before' AND hour > (SELECT min(x) FROM unnest(p_open) x);${
            through
              ? `
          DELETE FROM report_hour WHERE section = 'through'
             AND hour > (SELECT min(x) FROM unnest(p_open) x) - interval '1 hour' AND hour <= (SELECT max(x) FROM unnest(p_open) x);`
              : ''
          }
        END IF;
      END $fn$`;

const sections = (through: boolean) =>
  `CHECK (section IN ('touch', 'open', 'open_before', 'inspections'${through ? ", 'through'" : ''}))`;

export class ComplianceThroughSets1796473000000 implements MigrationInterface {
  name = 'ComplianceThroughSets1796473000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "report_hour" DROP CONSTRAINT "report_hour_section_check"`);
    await q.query(`ALTER TABLE "report_hour" ADD CONSTRAINT "report_hour_section_check" ${sections(true)}`);
    await q.query(invalidate(true));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM report_hour WHERE section = 'through'`);
    await q.query(invalidate(false));
    await q.query(`ALTER TABLE "report_hour" DROP CONSTRAINT "report_hour_section_check"`);
    await q.query(`ALTER TABLE "report_hour" ADD CONSTRAINT "report_hour_section_check" ${sections(false)}`);
  }
}
