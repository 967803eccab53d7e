/**
 * npx tsx scripts/bench/compliance-days.ts [--runs N]
 *
 * The whole-area compliance of report(last 30 days) on DATABASE_URL, both ways: from the lapses
 * of the period (disinfectionSql) and through the day sets (disinfectionDaysSql, after building
 * the period's days), checking that they answer the same and timing each (median of N runs).
 */
import { DataSource } from 'typeorm';
import { disinfectionDaysSql, disinfectionSql } from '../../src/modules/report/report.sql';
import { ensureComplianceDays, wholeDays } from '../../src/modules/report/report-days';
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
    const built = await ensureComplianceDays(ds, wholeDays(from, to));
    console.log(`built ${built} days in ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);
    await ds.query('SET jit = off');
    const time = async (sql: string) => {
      const ts: number[] = [];
      let rows: unknown;
      for (let r = 0; r < runs; r++) {
        t = process.hrtime.bigint();
        rows = await ds.query(sql, params);
        ts.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return { rows, ms: ts.sort((a, b) => a - b)[Math.floor(runs / 2)] };
    };
    const lapses = await time(disinfectionSql(false));
    const days = await time(disinfectionDaysSql);
    console.log(`from the lapses: ${lapses.ms.toFixed(1)} ms; through the day sets: ${days.ms.toFixed(1)} ms`);
    if (JSON.stringify(lapses.rows) !== JSON.stringify(days.rows)) {
      console.log(JSON.stringify(lapses.rows), '\n', JSON.stringify(days.rows));
      throw new Error('the two ways differ');
    }
    console.log('same answer:', JSON.stringify(days.rows));
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
