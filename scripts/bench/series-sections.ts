/**
 * DATABASE_URL=… npx tsx scripts/bench/series-sections.ts [--days 30] [--runs 3] [--district D]
 *
 * reportSeries' cost by section: each section's statement run for every daily bucket of the last
 * N days (as the hub runs them, one REPEATABLE READ snapshot), summed per section; the median of
 * --runs. For finding which section the daily series spends its time in (issue 20).
 */
import { Client } from 'pg';
import { bucketBounds } from '../../src/modules/report/report-series';
import { checkpointSql, disinfectionSql, findingsSql, inspectionsSql, overdueSql, rectificationSql, suppliesSql, verificationSql } from '../../src/modules/report/report.sql';
import { disputeSql } from '../../src/modules/report/report-disputes';
import { REPORT_TIME_ZONE } from '../../src/modules/report/report.service';
import { argValue } from '../seed-scale';

const args = process.argv.slice(2);
const days = Number(argValue(args, 'days') ?? 30);
const runs = Number(argValue(args, 'runs') ?? 3);
const district = argValue(args, 'district') ?? null;

async function main() {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const [{ now }] = (await c.query('SELECT now() AS now')).rows;
  const to = new Date(now);
  const from = new Date(to.getTime() - days * 86_400_000);
  const bounds = bucketBounds(from, to, 'DAY');
  const byDistrict = district !== null;
  const sections: [string, string, number][] = [
    ['inspections', inspectionsSql(byDistrict), 5], ['findings', findingsSql(byDistrict), 5], ['rectification', rectificationSql(byDistrict), 5],
    ['overdue', overdueSql(byDistrict), 5], ['disputes', disputeSql(byDistrict), 4], ['disinfection', disinfectionSql(byDistrict), 5],
    ['checkpoint', checkpointSql, 5], ['verification', verificationSql, 5], ['supplies', suppliesSql, 5],
  ];
  const totals = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await c.query('SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0');
    for (const [name, sql, n] of sections) {
      const max = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const t0 = performance.now();
      for (const b of bounds) {
        const p = [b.from, b.to, to, district, REPORT_TIME_ZONE].slice(0, Math.min(n, max));
        await c.query({ name: `s_${name}`, text: sql, values: p });
      }
      const list = totals.get(name) ?? [];
      list.push(performance.now() - t0);
      totals.set(name, list);
    }
    await c.query('COMMIT');
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  let all = 0;
  for (const [name, xs] of totals) {
    all += med(xs);
    console.log(`${name.padEnd(14)} ${med(xs).toFixed(0).padStart(7)} ms for ${bounds.length} buckets (${(med(xs) / bounds.length).toFixed(1)} ms each)`);
  }
  console.log(`${'all'.padEnd(14)} ${all.toFixed(0).padStart(7)} ms`);
  await c.end();
}
main().catch((e) => { console.error(e); process.exit(1); });
