/**
 * npx tsx scripts/bench/report-statements.ts [--district NAME] [--runs N] [--days N] [--as-of-days-ago N] [--explain NAME] [--prepared]
 *
 * Times each statement of report(last 30 days) against DATABASE_URL (one client, JIT off as the
 * report has it, the median of N runs, default 5): where a report's time goes, section by
 * section. With --district, the statements of that district's report; --days, a period of N days
 * (default 30) up to now; --as-of-days-ago, the report as of N days ago; --explain, EXPLAIN
 * (ANALYZE, BUFFERS) of the named statement after the timings; --prepared, each statement sent
 * as the hub sends it, a named prepared statement, after 6 runs that let PostgreSQL settle on a
 * generic or a custom plan (without it each run is planned anew, and the times include the
 * planning: several ms for the largest statements). Reads only (the day sets the report would
 * build are not built here: run one report first).
 */
import { Client } from 'pg';
import { reportStatements } from '../../src/modules/report/report.service';
import { argValue } from '../seed-scale';
import { preparedName } from '../../src/common/prepared';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const args = process.argv.slice(2);
  const district = argValue(args, 'district') ?? null;
  const runs = Number(argValue(args, 'runs') ?? 5);
  const days = Number(argValue(args, 'days') ?? 30);
  const asOfDaysAgo = argValue(args, 'as-of-days-ago');
  const explain = argValue(args, 'explain');
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const asOf = asOfDaysAgo ? new Date(to.getTime() - Number(asOfDaysAgo) * 86_400_000) : null;
    const statements = reportStatements({ period: { from, to }, district, asOf, cutoff: asOf ?? to });
    await c.query('SET jit = off; SET max_parallel_workers_per_gather = 0');
    const prepared = args.includes('--prepared');
    const send = (s: { sql: string; params: unknown[] }) => (prepared ? c.query({ name: preparedName('epi_report', s.sql), text: s.sql, values: s.params }) : c.query(s.sql, s.params));
    if (prepared) for (let r = 0; r < 6; r++) for (const s of statements) await send(s);
    const times = new Map<string, number[]>();
    for (let r = 0; r < runs; r++) {
      for (const s of statements) {
        const t = process.hrtime.bigint();
        await send(s);
        times.set(s.name, [...(times.get(s.name) ?? []), Number(process.hrtime.bigint() - t) / 1e6]);
      }
    }
    let sum = 0;
    console.log(`| statement (${district ?? 'whole area'}${prepared ? ', prepared' : ''}) | median ms |\n| --- | ---: |`);
    for (const [name, ts] of times) {
      const median = ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)];
      sum += median;
      console.log(`| ${name} | ${median.toFixed(1)} |`);
    }
    console.log(`| all | ${sum.toFixed(1)} |`);
    const s = statements.find((x) => x.name === explain);
    if (s) console.log((await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params)).rows.map((r) => r['QUERY PLAN']).join('\n'));
  } finally {
    await c.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
