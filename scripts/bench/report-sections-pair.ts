/**
 * DATABASE_URL=… npx tsx scripts/bench/report-sections-pair.ts --before-dir DIR [--runs N] [--as-of-days-ago N] [--sections a,b,c] [--summary] [--to ISO]
 *
 * The statements of the whole-area report (last 30 days, as of N days ago, default 10) of this
 * checkout and of another (DIR: e.g. a clone of the commit before a change, with node_modules),
 * side by side on one client (JIT off, as the report has it): each run runs every named section
 * of both, the order of the two sides alternating run by run, so that the machine's drift weighs
 * on both alike. Prints the medians and whether both sides returned the same rows (first run).
 * With --summary, also each statement's planning and execution time apart (EXPLAIN (ANALYZE,
 * TIMING OFF, SUMMARY), medians of the same number of runs). Reads only; the day sets are
 * whatever the database holds. --to ends the period at that instant instead of now (the cutoff
 * as many days before it): the as-of compliance statement's cost depends on the hour the cutoff
 * falls in (how many disinfection entries were in flight then), so a fixed hour compares runs.
 */
import path from 'node:path';
import { Client } from 'pg';
import { reportStatements as after } from '../../src/modules/report/report.service';
import { argValue } from '../seed-scale';

(async () => {
  const args = process.argv.slice(2);
  const beforeDir = argValue(args, 'before-dir');
  if (!beforeDir) throw new Error('--before-dir is required');
  const runs = Number(argValue(args, 'runs') ?? 15);
  const daysAgo = Number(argValue(args, 'as-of-days-ago') ?? 10);
  const names = (argValue(args, 'sections') ?? 'inspections,disputes,disinfection').split(',');
  const before = (await import(path.resolve(beforeDir, 'src/modules/report/report.service'))).reportStatements as typeof after;
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query('SET jit = off; SET max_parallel_workers_per_gather = 0');
  const toArg = argValue(args, 'to');
  const to = toArg ? new Date(toArg) : new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const asOf = new Date(to.getTime() - daysAgo * 86_400_000);
  const a = { period: { from, to }, district: null, asOf, cutoff: asOf };
  const sides = { before: before(a), after: after(a) };
  const times: Record<string, number[]> = {};
  const rows: Record<string, string> = {};
  for (let r = 0; r < runs; r++) {
    for (const side of (r % 2 ? ['after', 'before'] : ['before', 'after']) as ('before' | 'after')[]) {
      for (const s of sides[side].filter((x) => names.includes(x.name))) {
        const t0 = process.hrtime.bigint();
        const res = await c.query(s.sql, s.params);
        (times[`${s.name} ${side}`] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (r === 0) rows[`${s.name} ${side}`] = JSON.stringify(res.rows);
      }
    }
  }
  const med = (k: string) => {
    const xs = [...times[k]].sort((x, y) => x - y);
    return xs[Math.floor(xs.length / 2)].toFixed(1);
  };
  console.log(`| section, as of ${daysAgo} days ago (median of ${runs}) | before | after | rows |\n| --- | ---: | ---: | --- |`);
  for (const n of names) console.log(`| ${n} | ${med(`${n} before`)} ms | ${med(`${n} after`)} ms | ${rows[`${n} before`] === rows[`${n} after`] ? 'the same' : 'DIFFERENT'} |`);
  if (args.includes('--summary')) {
    console.log(`\n| section | before planning | before execution | after planning | after execution |\n| --- | ---: | ---: | ---: | ---: |`);
    for (const n of names) {
      const cells: string[] = [];
      for (const side of ['before', 'after'] as const) {
        const s = sides[side].find((x) => x.name === n)!;
        const p: number[] = [];
        const e: number[] = [];
        for (let r = 0; r < runs; r++) {
          const { rows: plan } = await c.query(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY, FORMAT JSON) ${s.sql}`, s.params);
          p.push(plan[0]['QUERY PLAN'][0]['Planning Time']);
          e.push(plan[0]['QUERY PLAN'][0]['Execution Time']);
        }
        const m = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)].toFixed(1);
        cells.push(`${m(p)} ms`, `${m(e)} ms`);
      }
      console.log(`| ${n} | ${cells.join(' | ')} |`);
    }
  }
  await c.end();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
