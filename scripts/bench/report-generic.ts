/**
 * npx tsx scripts/bench/report-generic.ts [--runs N] [--days N] [--as-of-days-ago N] [--district NAME]
 *
 * Each statement of the report (as report-statements.ts), timed three ways on one warm connection:
 * unnamed (planned at every run: what the hub did before), named with PostgreSQL's own choice
 * (plan_cache_mode auto), and named with the generic plan forced (planned once per connection).
 * Checks that the three give the same rows. Median of N runs each (default 7), interleaved.
 */
import { Client } from 'pg';
import { reportStatements } from '../../src/modules/report/report.service';
import { argValue } from '../seed-scale';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const args = process.argv.slice(2);
  const runs = Number(argValue(args, 'runs') ?? 7);
  const days = Number(argValue(args, 'days') ?? 30);
  const asOfDaysAgo = argValue(args, 'as-of-days-ago');
  const district = argValue(args, 'district') ?? null;
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET jit = off; SET max_parallel_workers_per_gather = 0');
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const asOf = asOfDaysAgo ? new Date(to.getTime() - Number(asOfDaysAgo) * 86_400_000) : null;
    const statements = reportStatements({ period: { from, to }, district, asOf, cutoff: asOf ?? to });
    const ways = ['unnamed', 'auto', 'generic'] as const;
    const times = new Map<string, number[]>();
    const answers = new Map<string, string>();
    for (let r = 0; r < runs; r++) {
      for (const s of statements) {
        for (const way of ways) {
          await c.query(`SET plan_cache_mode = ${way === 'generic' ? 'force_generic_plan' : 'auto'}`);
          const t = process.hrtime.bigint();
          const res = way === 'unnamed' ? await c.query(s.sql, s.params) : await c.query({ name: `${way}_${s.name}`, text: s.sql, values: s.params });
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          const key = `${s.name}|${way}`;
          times.set(key, [...(times.get(key) ?? []), ms]);
          const json = JSON.stringify(res.rows);
          const before = answers.get(s.name);
          if (before !== undefined && before !== json) throw new Error(`${s.name}: ${way} answered differently`);
          answers.set(s.name, json);
        }
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log('| statement | unnamed ms | named, auto ms | named, generic ms |\n| --- | ---: | ---: | ---: |');
    const sums = [0, 0, 0];
    for (const s of statements) {
      const m = ways.map((w) => med(times.get(`${s.name}|${w}`)!));
      m.forEach((x, i) => (sums[i] += x));
      console.log(`| ${s.name} | ${m.map((x) => x.toFixed(1)).join(' | ')} |`);
    }
    console.log(`| all | ${sums.map((x) => x.toFixed(1)).join(' | ')} |`);
  } finally {
    await c.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
