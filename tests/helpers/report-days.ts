import type { DataSource } from 'typeorm';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * As of cutoffs `backs` before `now`: the report of [from, now) and of a shorter period inside it
 * equal reading every record (`expectReportTrue`, the test file's own), and for cutoffs more than
 * three days back some closed day of `section` was not known at all by the cutoff (its
 * `known_from` after it), so the report took that day from its stored totals as late arrivals.
 */
export async function expectAsOfCutoffsTrue(
  ds: DataSource,
  section: 'inspections' | 'disputes_lodged',
  range: { from: number; now: number },
  backs: number[],
  expectReportTrue: (from: number, to: number, asOf?: number | null) => Promise<unknown>,
): Promise<void> {
  const { from, now } = range;
  const unknownDays = async (cutoff: number) =>
    Number((await ds.query(`SELECT count(*) AS n FROM report_day WHERE section = $2 AND known_until > $1 AND known_from > $1`, [new Date(cutoff), section]))[0].n);
  for (const back of backs) {
    if (back > 3 * DAY) expect(await unknownDays(now - back)).toBeGreaterThan(0); // (a day ago: no closed day after it, perhaps)
    await expectReportTrue(from, now, now - back);
    await expectReportTrue(from + 2 * DAY + 3 * HOUR, now - DAY, now - back);
  }
}
