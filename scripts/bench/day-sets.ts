/**
 * npx tsx scripts/bench/day-sets.ts [--runs N]
 *
 * The whole-area report(last 30 days) sections that read day sets, on DATABASE_URL, both ways:
 * inspections, disputes and disinfection compliance from the rows of the period (inspectionsSql,
 * disputeSql, disinfectionSql) and through the day sets (inspectionsDaysSql, disputeDaysSql,
 * disinfectionDaysSql, after building the period's days), checking that they answer the same
 * and timing each (median of N runs, one client, JIT off as the report has it).
 */
import { DataSource } from 'typeorm';
import { disinfectionDaysSql, disinfectionSql, inspectionsDaysSql, inspectionsSql } from '../../src/modules/report/report.sql';
import { complianceHours, ensureReportDays, wholeDays } from '../../src/modules/report/report-days';
import { disputeDaysSql, disputeSql } from '../../src/modules/report/report-disputes';
import { reportParams } from '../../src/modules/report/report.service';
import { argValue } from '../seed-scale';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const runs = Number(argValue(process.argv.slice(2), 'runs') ?? 5);
  const ds = await new DataSource({ type: 'postgres', url }).initialize();
  try {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const params = reportParams({ period: { from, to }, district: null, asOf: null, cutoff: to }).slice(0, 4);
    let t = process.hrtime.bigint();
    const days = wholeDays(from, to);
    const built = await ensureReportDays(ds, { compliance: days, inspections: days, disputes_lodged: days, disputes_resolved: days }, complianceHours(from, to));
    console.log(`built ${built} days in ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);
    await ds.query('SET jit = off; SET max_parallel_workers_per_gather = 0');
    const time = async (sql: string) => {
      const ts: number[] = [];
      let rows: unknown;
      for (let r = 0; r < runs; r++) {
        t = process.hrtime.bigint();
        rows = await ds.query(sql, params.slice(0, Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))));
        ts.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return { rows, ms: ts.sort((a, b) => a - b)[Math.floor(runs / 2)] };
    };
    for (const [name, rowsSql, daysSql] of [
      ['inspections', inspectionsSql(false), inspectionsDaysSql],
      ['disputes', disputeSql(false), disputeDaysSql],
      ['compliance', disinfectionSql(false), disinfectionDaysSql],
    ]) {
      const plain = await time(rowsSql);
      const days = await time(daysSql);
      console.log(`${name}: from the rows ${plain.ms.toFixed(1)} ms, through the day sets ${days.ms.toFixed(1)} ms`);
      if (JSON.stringify(plain.rows) !== JSON.stringify(days.rows)) {
        console.log(JSON.stringify(plain.rows), '\n', JSON.stringify(days.rows));
        throw new Error(`${name}: the two ways differ`);
      }
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
