/**
 * npx tsx scripts/bench/report-lanes.ts [--runs N] [--lanes 1,2,4] [--district NAME]
 *
 * The report's section statements (reportStatements, as report-statements.ts times them one by
 * one) run the way buildReport runs them (src/db/snapshot-lanes.ts: one REPEATABLE READ READ ONLY
 * snapshot, JIT off) on 1, 2, … lanes, against DATABASE_URL, for the warm shapes of
 * report-shapes.ts: the last 30 days, the last 90 days, 30 days as of 10 days ago, and a district
 * (the largest, or --district) over the last 30 days. The lane counts take turns run by run, so
 * a machine whose load drifts weighs on each alike. Prints the median per shape and lane count.
 * Builds the day and hour sets each whole-area shape reads when missing, as the report would.
 */
import { makeDataSource } from '../../src/db/data-source';
import { inSharedSnapshot } from '../../src/db/snapshot-lanes';
import { reportStatements, setsWanted } from '../../src/modules/report/report.service';
import { ensureReportDays } from '../../src/modules/report/report-days';
import { argValue } from '../seed-scale';

const DAY = 86_400_000;

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const args = process.argv.slice(2);
  const runs = Number(argValue(args, 'runs') ?? 9);
  const laneCounts = (argValue(args, 'lanes') ?? '1,2,3,4').split(',').map(Number);
  const ds = makeDataSource({ url, poolSize: 10 });
  await ds.initialize();
  try {
    const district = argValue(args, 'district') ?? (await ds.query(`SELECT district FROM site GROUP BY district ORDER BY count(*) DESC, district LIMIT 1`))[0].district;
    const to = new Date();
    const shape = (days: number, asOfDaysAgo: number | null, d: string | null) => {
      const from = new Date(to.getTime() - days * DAY);
      const asOf = asOfDaysAgo === null ? null : new Date(to.getTime() - asOfDaysAgo * DAY);
      const a = { period: { from, to }, district: d, asOf, cutoff: asOf ?? to };
      return { a, statements: reportStatements(a) };
    };
    const shapes: [string, ReturnType<typeof shape>][] = [
      ['whole area, last 30 days', shape(30, null, null)],
      ['whole area, last 90 days', shape(90, null, null)],
      ['whole area, 30 days, asOf 10 days ago', shape(30, 10, null)],
      [`${district}, last 30 days`, shape(30, null, district)],
    ];
    const lines: string[] = [`| shape | ${laneCounts.map((n) => `${n} lane${n > 1 ? 's' : ''}`).join(' | ')} |`, `| --- | ${laneCounts.map(() => '---:').join(' | ')} |`];
    for (const [label, { a, statements }] of shapes) {
      // The sets the report would build first (a new hour's, a new day's).
      if (a.district === null) {
        const w = setsWanted(a, new Date());
        await ensureReportDays(ds, w.days, w.hours);
      }
      // In buildReport's order (the longest first).
      const ORDER = ['findingFigures', 'findings', 'disinfection', 'disputes', 'inspections', 'rectification', 'overdue', 'disinfectionLate', 'checkpoint', 'verification', 'supplies', 'operations'];
      statements.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
      const work = Object.fromEntries(statements.map((s) => [s.name, (em: { query(q: string, p: unknown[]): Promise<unknown> }) => em.query(s.sql, s.params)]));
      const times = new Map<number, number[]>(laneCounts.map((n) => [n, []]));
      for (let r = -1; r < runs; r++) {
        for (const n of r % 2 ? laneCounts : [...laneCounts].reverse()) {
          const t = process.hrtime.bigint();
          await inSharedSnapshot(ds, { lanes: n }, work as never);
          if (r >= 0) times.get(n)!.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
      const median = (ts: number[]) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)];
      lines.push(`| ${label} | ${laneCounts.map((n) => `${median(times.get(n)!).toFixed(1)} ms`).join(' | ')} |`);
      process.stderr.write(`${lines[lines.length - 1]}\n`);
    }
    console.log(lines.join('\n'));
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
